import { describe, expect, it } from 'vitest';
import { selectorOf, topSelectors } from './selectors.ts';

describe('clicked element selectors', () => {
  it('reads the first element of $elements_chain: tag, classes, data attributes', () => {
    expect(selectorOf('a.record-link.active:attr__data-record-link=""attr__href=""nth-child="2"tag_name="a"')).toBe(
      'a.record-link.active[data-record-link]',
    );
    expect(selectorOf('button:attr__data-testid="save-person"attr__class="x"tag_name="button"')).toBe(
      'button[data-testid="save-person"]',
    );
    expect(selectorOf('div.a.b.c.d.e')).toBe('div.a.b.c');
  });

  it('reads an item of the older $elements array', () => {
    expect(
      selectorOf(JSON.stringify({ tag_name: 'button', classes: ['mantine-Button-root'], 'attr__data-testid': 'save' })),
    ).toBe('button.mantine-Button-root[data-testid="save"]');
    expect(selectorOf(JSON.stringify({ tag_name: 'span', attr__class: 'x  y' }))).toBe('span.x.y');
    expect(selectorOf('{not json')).toBeNull();
    expect(selectorOf(':nth-child="1"')).toBeNull();
  });

  it('keeps a data attribute’s value only when it is a short identifier', () => {
    expect(selectorOf('a:attr__data-id="Jean Dupont"')).toBe('a[data-id]');
  });

  it('adds up elements that read as the same selector, most clicked first', () => {
    expect(
      topSelectors(
        [
          { element: 'a.link:nth-child="1"', count: 3 },
          { element: 'a.link:nth-child="2"', count: 1 },
          { element: 'button:tag_name="button"', count: 2 },
          { element: '', count: 9 },
        ],
        10,
      ),
    ).toEqual([
      { selector: 'a.link', count: 4 },
      { selector: 'button', count: 2 },
    ]);
  });
});
