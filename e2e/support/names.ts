/** A suffix of letters only (names in the search index are words), unique per run. */
export function uniqueWord(): string {
  return Date.now()
    .toString(26)
    .split('')
    .map((c) => String.fromCharCode(97 + Number.parseInt(c, 26)))
    .join('');
}
