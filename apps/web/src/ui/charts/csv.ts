import type { ChartCell, ChartTable } from './types.ts';

/**
 * A chart's figures as CSV (RFC 4180: comma, CRLF, quotes doubled), with a byte-order mark so that Excel reads the
 * accents. Numbers are written as JavaScript writes them (a dot for decimals): a spreadsheet reads them as numbers
 * whatever its language; nulls are empty cells.
 */
export function chartCsv(table: ChartTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(value: ChartCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // A leading =, +, - or @ would run as a formula in a spreadsheet: quoted text with an apostrophe (OWASP CSV injection).
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A file name from a title: letters, digits and dashes (`pages-vues-2026-12-07.csv`). */
export function chartFileName(title: string, extension: 'csv' | 'png', day = new Date()): string {
  const base = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${base || 'graphique'}-${day.toISOString().slice(0, 10)}.${extension}`;
}
