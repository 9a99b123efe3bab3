/**
 * Dates in the browser's own zone, as Mantine's pickers and the date filters take them (`YYYY-MM-DD` days and
 * `YYYY-MM-DD HH:mm:ss` wall-clock strings). What must read in Paris whatever the browser's zone is paris-time.ts.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** A local `YYYY-MM-DD HH:mm:ss` value of Mantine's pickers to an ISO date-time with offset. */
export function pickerToIso(value: string | Date | null | undefined): string | null {
  if (!value) return null;
  const d = value instanceof Date ? value : new Date(value.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A date as the local `YYYY-MM-DD HH:mm:ss` string Mantine's pickers take. */
export function toPickerValue(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:00`;
}

/** YYYY-MM-DD of a day `days` before today (local calendar). */
export function daysAgo(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Today as YYYY-MM-DD (local calendar). */
export const today = () => daysAgo(0);
