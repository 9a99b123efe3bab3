/**
 * CSV/formula injection defence (OWASP "CSV Injection"): a string cell starting with `=`, `+`, `-`, `@`,
 * tab or carriage return is prefixed with a single quote so spreadsheet software shows it as text instead
 * of evaluating it. Only strings are touched: the NUMBER -5 stays a number (a spreadsheet cannot run it),
 * while the STRING "-5" becomes "'-5" because the writer cannot know it is harmless (e.g. "-2+3+cmd|...").
 * Store numbers as numbers if they should export as numbers.
 */
const DANGEROUS_START = /^[=+\-@\t\r]/;

export function neutraliseCell<T>(value: T): T | string {
  return typeof value === 'string' && DANGEROUS_START.test(value) ? `'${value}` : value;
}
