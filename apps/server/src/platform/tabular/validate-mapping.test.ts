import { describe, expect, it } from 'vitest';
import { suggestMapping } from './suggest-mapping.ts';
import { validateMapping } from './validate-mapping.ts';

describe('validateMapping', () => {
  it('accepts the suggestion for a LinkedIn export', () => {
    const { mapping } = suggestMapping(
      ['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'],
      'people',
    );
    expect(validateMapping(mapping, 'people')).toEqual([]);
  });

  it('reports unknown fields, single-value fields fed twice and unmapped required fields', () => {
    const problems = validateMapping(
      { A: 'name', B: 'email', C: 'email', D: 'tags', E: 'tags', F: 'notes', G: 'notes', H: 'firstName', I: null },
      'organisations',
    );
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ['import.mapping_duplicate_field', 'email'],
      ['import.mapping_unknown_field', 'firstName'],
    ]);
    expect(validateMapping({ A: 'email' }, 'links').map((p) => [p.code, p.field])).toEqual([
      ['import.mapping_unknown_field', 'email'],
      ['import.mapping_missing_required', 'personEmail'],
      ['import.mapping_missing_required', 'organisationName'],
    ]);
  });
});
