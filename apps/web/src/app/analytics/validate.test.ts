import { describe, expect, it } from 'vitest';
import { webEventProperties } from './validate.ts';

describe('webEventProperties', () => {
  it('passes the web events of the catalogue with their properties', () => {
    expect(webEventProperties('search_performed', { length: 7, results: 3 })).toEqual({ length: 7, results: 3 });
    expect(webEventProperties('search_result_opened', { type: 'person', rank: 0 })).toEqual({
      type: 'person',
      rank: 0,
    });
    expect(webEventProperties('saved_view_applied', { entity: 'people' })).toEqual({ entity: 'people' });
  });

  it('strips what the catalogue does not list (a query text never leaves)', () => {
    expect(webEventProperties('search_performed', { length: 6, results: 1, query: 'Dupont' })).toEqual({
      length: 6,
      results: 1,
    });
  });

  it('drops a server event, an unknown event and invalid properties', () => {
    expect(webEventProperties('deal_won', { mandatId: '0190a1b2-0000-7000-8000-000000000000' })).toBeNull();
    expect(webEventProperties('toString', {})).toBeNull();
    expect(webEventProperties('clicked_dupont', {})).toBeNull();
    expect(webEventProperties('search_performed', { length: -1, results: 0 })).toBeNull();
    expect(webEventProperties('search_result_opened', { type: 'Jean Dupont', rank: 0 })).toBeNull();
    expect(webEventProperties('saved_view_applied', {})).toBeNull();
  });
});
