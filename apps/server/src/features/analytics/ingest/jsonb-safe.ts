/**
 * A JSON value PostgreSQL's jsonb accepts: it refuses the NUL character (`\u0000`) and lone UTF-16 surrogates in any
 * string or key, which JavaScript strings (and so a client's JSON) may hold. NULs are removed and lone surrogates
 * become U+FFFD, on the serialised text (JSON.stringify writes both as escapes, preceded by an even number of
 * backslashes when they are real).
 */
const BAD_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(0000|d[89a-f][0-9a-f]{2})/gi;

export function jsonbSafe<T>(value: T): T {
  const text = JSON.stringify(value);
  if (text === undefined || !text.includes('\\u')) return value;
  return JSON.parse(
    text.replace(BAD_ESCAPE, (_m, slashes: string, code: string) => (code === '0000' ? slashes : `${slashes}\\ufffd`)),
  ) as T;
}
