import { describe, expect, it } from 'vitest';
import { findUnstorableText, hasUnstorableCharacters } from './storable-text.ts';

describe('hasUnstorableCharacters', () => {
  it('finds NUL and lone surrogates, and lets every well-formed string through', () => {
    for (const bad of ['\u0000', 'a\u0000b', '\ud800', 'x\ud800y', '\udc00', 'a\udfffb', '\ude00\ud83d']) {
      expect(hasUnstorableCharacters(bad), JSON.stringify(bad)).toBe(true);
    }
    for (const good of ['', 'Jérôme', 'ok 😀', '\ud83d\ude00', '\u0001\t\r\n', '中文', '\uffff']) {
      expect(hasUnstorableCharacters(good), JSON.stringify(good)).toBe(false);
    }
  });
});

describe('findUnstorableText', () => {
  it('names the path of the first bad string or key, in objects and arrays', () => {
    expect(findUnstorableText({ a: 'ok', b: ['x', 'y\u0000'] }, 'body')).toBe('body.b.1');
    expect(findUnstorableText({ headers: { 'X-\u0000': 'v' } }, 'body')).toBe('body.headers.X-\\u0000');
    expect(findUnstorableText('\ud800', 'querystring')).toBe('querystring');
    expect(findUnstorableText({ a: 1, b: null, c: true, d: ['ok'] }, 'body')).toBeNull();
    expect(findUnstorableText(undefined, 'params')).toBeNull();
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnstorableText(deep, 'body')).toMatch(/^body(\.0)+$/);
  });
});
