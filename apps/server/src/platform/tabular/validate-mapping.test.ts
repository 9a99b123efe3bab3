import { describe, expect, it } from 'vitest';
import { PLANT_FIELDS, PLANTS } from './catalogue.fixtures.ts';
import { suggestMapping } from './suggest-mapping.ts';
import { validateMapping } from './validate-mapping.ts';

// The engine with a fictitious catalogue; the CRM's own targets are tested in features/imports/import-fields.test.ts.
describe('validateMapping', () => {
  it('accepts a suggested mapping that covers the required fields', () => {
    const { mapping } = suggestMapping(['Plante', 'Nom latin', 'Couleur', 'Hauteur', 'Divers'], PLANTS);
    expect(mapping.Divers).toBeNull();
    expect(validateMapping(mapping, PLANTS)).toEqual([]);
  });

  it('reports unknown fields, single-value fields fed twice and unmapped required fields', () => {
    const problems = validateMapping(
      {
        A: 'name',
        B: 'height',
        C: 'height',
        D: 'colours',
        E: 'colours',
        F: 'notes',
        G: 'notes',
        H: 'firstName',
        I: null,
      },
      PLANTS,
    );
    expect(problems).toEqual([
      {
        code: 'import.mapping_duplicate_field',
        field: 'height',
        headers: ['B', 'C'],
        message: 'Height is mapped from several columns: B, C',
      },
      {
        code: 'import.mapping_unknown_field',
        field: 'firstName',
        headers: ['H'],
        message: 'No field "firstName" for plants',
      },
    ]);
    expect(validateMapping({ A: 'species' }, PLANTS)).toEqual([
      {
        code: 'import.mapping_missing_required',
        field: 'name',
        headers: [],
        message: 'Name must be mapped to a column',
      },
    ]);
  });

  it('reads only the catalogue it is given', () => {
    const catalogue = {
      name: 'two fields',
      fields: PLANT_FIELDS.filter((f) => f.name === 'species' || f.name === 'code'),
    };
    expect(validateMapping({ A: 'species', B: 'name' }, catalogue).map((p) => [p.code, p.field, p.message])).toEqual([
      ['import.mapping_unknown_field', 'name', 'No field "name" for two fields'],
    ]);
  });
});
