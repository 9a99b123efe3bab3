/** A suffix of letters only (names in the search index are words), unique per run. */
export function uniqueWord(): string {
  return Date.now()
    .toString(26)
    .split('')
    .map((c) => String.fromCharCode(97 + Number.parseInt(c, 26)))
    .join('');
}

/**
 * Ten random letters: a word no other record of the run is close to. List searches are typo-tolerant, so two
 * timestamps (or `uniqueWord`s) made in the same minute can match each other; use this where a search must find
 * only the test's own records.
 */
export function randomWord(length = 10): string {
  return Array.from({ length }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}
