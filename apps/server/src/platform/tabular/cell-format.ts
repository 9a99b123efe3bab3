/** `1e21` -> `"1000000000000000000000"`, `1.5e-7` -> `"0.00000015"`. */
export function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) return '';
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** Midnight UTC (what Excel dates become) -> `YYYY-MM-DD`; with a time -> `YYYY-MM-DDTHH:mm:ss`. */
export function dateToIso(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** Export form of a date: `YYYY-MM-DD` at midnight UTC (a calendar date), full ISO 8601 otherwise. */
export function formatDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
