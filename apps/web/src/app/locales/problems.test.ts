import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemsEn } from './problems.en.ts';
import { problemsFr } from './problems.fr.ts';

const SERVER_SRC = join(import.meta.dirname, '../../../../server/src');

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (name.endsWith('.ts') && !name.includes('.test.')) yield path;
  }
}

/**
 * The problem codes the server's code names literally: the first argument of `new AppError('x.y', ...)` and of the
 * helpers that build one (`urlError('x.y', ...)`), the codes of the HTTP layer (`code: 'x.y'` under platform/) and
 * exported code constants. Codes built at run time (`${entity}.not_found`) fall back to their family's text.
 */
function serverCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sources(SERVER_SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/[A-Za-z]*Error\(\s*'([a-z_]+\.[a-z_]+)'/g)) codes.add(m[1] as string);
    if (file.includes('/platform/'))
      for (const m of text.matchAll(/code: '([a-z_]+\.[a-z_.]+)'/g)) codes.add(m[1] as string);
    for (const m of text.matchAll(/export const [A-Z_]+ = '([a-z_]+\.[a-z_]+)'/g)) codes.add(m[1] as string);
  }
  return codes;
}

const texts = (catalogue: Record<string, Record<string, string>>): Map<string, string> =>
  new Map<string, string>(
    Object.entries(catalogue).flatMap(([group, byReason]) =>
      Object.entries(byReason).map(([reason, text]) => [`${group}.${reason}`, text] as const),
    ),
  );

describe('problem codes', () => {
  it('every code the server answers with has a French and an English text', () => {
    const codes = serverCodes();
    expect(codes.size).toBeGreaterThan(100);
    const fr = texts(problemsFr);
    const en = texts(problemsEn);
    expect([...codes].filter((c) => !fr.has(c)).sort()).toEqual([]);
    expect([...codes].filter((c) => !en.has(c)).sort()).toEqual([]);
  });

  it('the French texts are French sentences, not the English ones', () => {
    const fr = texts(problemsFr);
    const en = texts(problemsEn);
    for (const [code, text] of fr) {
      expect(text, code).toMatch(/^[A-ZÀ-Ý«]/);
      expect(text, code).toMatch(/[.…]$/);
      expect(text, code).not.toBe(en.get(code));
    }
  });
});
