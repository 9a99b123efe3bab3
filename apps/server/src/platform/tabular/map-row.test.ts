import { describe, expect, it } from 'vitest';
import { PLANT_HEADER_NAMES, PLANTS } from './catalogue.fixtures.ts';
import { dryRun, mapRow } from './map-row.ts';
import { readTable } from './read-table.ts';
import { suggestMapping } from './suggest-mapping.ts';

// The engine with a fictitious catalogue; the CRM's own schemas are tested in features/imports/import-schemas.test.ts.
describe('mapRow', () => {
  it("reads the mapped cells through the catalogue's schema: trimmed, empty as null, lists and notes joined", () => {
    const r = mapRow(
      {
        Plante: '  Rose trémière  ',
        Couleur: 'rose; blanc',
        'Autres couleurs': 'jaune',
        'Encore des couleurs': '  ',
        Hauteur: '1,5',
        'Hauteur max': '2',
        Vivace: 'oui',
        Lumière: 'plein soleil',
        Remarques: 'Tuteurer',
        Commentaires: 'Arroser le soir',
        Ignorée: 'peu importe',
      },
      {
        Plante: 'name',
        Couleur: 'colours',
        'Autres couleurs': 'colours',
        'Encore des couleurs': 'colours',
        Hauteur: 'height',
        'Hauteur max': 'height',
        Vivace: 'perennial',
        Lumière: 'exposure',
        Remarques: 'notes',
        Commentaires: 'notes',
        Ignorée: null,
      },
      PLANTS,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        name: 'Rose trémière',
        species: null,
        colours: ['rose', 'blanc', 'jaune'],
        height: 1.5,
        perennial: true,
        exposure: 'sun',
        supplierEmail: null,
        plantedOn: null,
        code: undefined,
        notes: 'Tuteurer\nArroser le soir',
      },
    });
  });

  it('takes the first non-empty column of a single-value field', () => {
    const r = mapRow(
      { A: 'Lys', B: ' ', C: '0,8', D: '1,2' },
      { A: 'name', B: 'height', C: 'height', D: 'height' },
      PLANTS,
    );
    expect(r.ok && r.value.height).toBe(0.8);
  });

  it('reports every bad field with its code, `import.invalid` when the schema gives none', () => {
    const r = mapRow(
      { N: ' ', E: 'pas-un-email', X: 'Lune', D: '31/02/2026', C: 'TROP-LONG' },
      { N: 'name', E: 'supplierEmail', X: 'exposure', D: 'plantedOn', C: 'code' },
      PLANTS,
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      { field: 'name', code: 'import.required', message: 'This field is required' },
      { field: 'exposure', code: 'import.unknown_value', message: expect.stringContaining('Soleil') },
      { field: 'supplierEmail', code: 'import.invalid_email', message: expect.stringContaining('pas-un-email') },
      { field: 'plantedOn', code: 'import.invalid_date', message: expect.any(String) },
      { field: 'code', code: 'import.invalid', message: expect.any(String) },
    ]);
  });

  it('ignores a mapping to a field the catalogue does not have', () => {
    const r = mapRow({ A: 'Lys', B: 'x' }, { A: 'name', B: 'firstName' }, PLANTS);
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ name: 'Lys' }) });
    expect(r.ok && 'firstName' in r.value).toBe(false);
  });
});

describe('dryRun', () => {
  it('checks every row of a file and reports errors on the lines the user sees', async () => {
    const file = [
      'Inventaire de la pépinière',
      '"Export du 01/02/2026, stock du jour"',
      '',
      'Plante,Nom latin,Couleur,Hauteur,E-mail,Planté le',
      'Rose,Rosa,rose,1.2,,24/11/2026',
      ',Lilium,blanc,0.8,,01/01/2026',
      'Iris,Iris germanica,bleu,0.6,jardin@@exemple,2026-03-01',
      '',
      'Lavande,Lavandula,"violet; bleu",0.5,pepiniere@exemple.fr,3 févr. 2025',
    ].join('\n');
    const table = await readTable(Buffer.from(file), 'csv', { headerNames: PLANT_HEADER_NAMES });
    expect(table.skippedPreambleLines).toBe(3);
    const { mapping } = suggestMapping(table.headers, PLANTS);
    const report = dryRun(table, mapping, PLANTS);
    expect(report).toMatchObject({ total: 4, valid: 2, invalid: 2, errorsTruncated: false });
    expect(report.errors).toEqual([
      { row: 6, field: 'name', code: 'import.required', message: expect.any(String) },
      { row: 7, field: 'supplierEmail', code: 'import.invalid_email', message: expect.any(String) },
    ]);
    expect(report.preview).toEqual([
      expect.objectContaining({
        name: 'Rose',
        species: 'Rosa',
        colours: ['rose'],
        height: 1.2,
        plantedOn: '2026-11-24',
      }),
      expect.objectContaining({
        name: 'Lavande',
        colours: ['violet', 'bleu'],
        supplierEmail: 'pepiniere@exemple.fr',
        plantedOn: '2025-02-03',
      }),
    ]);
  });

  it('numbers rows after the header when no row numbers are given, and caps errors and preview', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ Nom: i % 2 ? `Plante ${i}` : '' }));
    const report = dryRun({ rows }, { Nom: 'name' }, PLANTS, { maxErrors: 5, previewSize: 3 });
    expect(report).toMatchObject({ total: 30, valid: 15, invalid: 15, errorsTruncated: true });
    expect(report.errors.map((e) => e.row)).toEqual([2, 4, 6, 8, 10]);
    expect(report.preview).toHaveLength(3);
  });

  it('uses the row numbers readTable gives, and headerRowNumber otherwise', () => {
    const rows = [{ Nom: '' }, { Nom: 'Lys' }, { Nom: '' }];
    expect(dryRun({ rows, rowNumbers: [4, 9, 12] }, { Nom: 'name' }, PLANTS).errors.map((e) => e.row)).toEqual([4, 12]);
    expect(dryRun({ rows, headerRowNumber: 3 }, { Nom: 'name' }, PLANTS).errors.map((e) => e.row)).toEqual([4, 6]);
  });
});
