/**
 * CSV/formula injection defence (OWASP "CSV Injection"): a string cell starting with `=`, `+`, `-`, `@`,
 * tab or carriage return is prefixed with a single quote so spreadsheet software shows it as text instead
 * of evaluating it. Only strings are touched: the NUMBER -5 stays a number (a spreadsheet cannot run it),
 * while the STRING "-5" becomes "'-5" because the writer cannot know it is harmless (e.g. "-2+3+cmd|...").
 * Store numbers as numbers if they should export as numbers.
 *
 * International phone numbers (`+33 1 23 45 67 89`) are neutralised too: Excel reads an unquoted one as a formula
 * (`+33 1 23...` gives #NULL!, `+33-1-23` a subtraction), so without the quote it would not be readable either.
 * XLSX exports write them as text cells, readable as they are.
 */
const DANGEROUS_START = /^[=+\-@\t\r]/;

export function neutraliseCell<T>(value: T): T | string {
  return typeof value === 'string' && DANGEROUS_START.test(value) ? `'${value}` : value;
}

/**
 * A formula character after a list separator (`;` for a French Excel, `,` for an English one, tab), spaces allowed
 * in between: the start of a new cell for any reader that splits the line without honouring CSV quotes.
 */
const AFTER_SEPARATOR = /([;,\t][ \u00a0]*)([=+\-@])/g;

/**
 * A CSV text cell: neutralised at its start (`neutraliseCell`) and after every separator, so `Acme;=cmd|...` cannot
 * become a formula cell whichever separator the reader splits on. The CSV writer also quotes every such cell.
 */
export function neutraliseCsvText(value: string): string {
  return String(neutraliseCell(value)).replace(AFTER_SEPARATOR, "$1'$2");
}
