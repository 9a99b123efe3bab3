import { describe, expect, it } from 'vitest';
import { PLANTS } from './catalogue.fixtures.ts';
import { suggestMapping } from './suggest-mapping.ts';

// The engine with a fictitious catalogue; the CRM's own headers are tested in features/imports/import-fields.test.ts.
describe('suggestMapping', () => {
  it('maps exact synonyms whatever their accents, case, spaces, underscores or camelCase, with confidence 1', () => {
    const { mapping, confidence } = suggestMapping(
      ['NOM', 'espece', 'latin_name', 'Couleur', 'plantedOn', 'LUMIÈRE', 'Divers'],
      PLANTS,
    );
    expect(mapping).toEqual({
      NOM: 'name',
      espece: 'species',
      latin_name: null,
      Couleur: 'colours',
      plantedOn: 'plantedOn',
      LUMIÈRE: 'exposure',
      Divers: null,
    });
    expect(confidence).toEqual({
      NOM: 1,
      espece: 1,
      latin_name: 0,
      Couleur: 1,
      plantedOn: 1,
      LUMIÈRE: 1,
      Divers: 0,
    });
  });

  it('uses whole-word partial matches with lower confidence, longest synonym first', () => {
    const { mapping, confidence } = suggestMapping(
      ['Hauteur adulte max', 'Date de plantation prévue', 'Nomenclature'],
      PLANTS,
    );
    expect(mapping).toEqual({
      'Hauteur adulte max': 'height',
      'Date de plantation prévue': 'plantedOn',
      Nomenclature: null,
    });
    // "hauteur adulte" covers 14 of the 18 characters: 0.5 + 0.4 * 14/18
    expect(confidence['Hauteur adulte max']).toBe(0.81);
    expect(confidence['Date de plantation prévue']).toBeGreaterThan(0.5);
    expect(confidence['Date de plantation prévue']).toBeLessThan(1);
    expect(confidence.Nomenclature).toBe(0);
  });

  it('gives each field to one header, best score first, then the leftmost header', () => {
    const { mapping } = suggestMapping(['Hauteur adulte (cm)', 'Hauteur', 'E-mail', 'Courriel'], PLANTS);
    expect(mapping).toEqual({
      'Hauteur adulte (cm)': null,
      Hauteur: 'height',
      'E-mail': 'supplierEmail',
      Courriel: null,
    });
  });

  it('suggests nothing from a header with no letters or digits, nor from a field that is not in the catalogue', () => {
    const { mapping, confidence } = suggestMapping(['---', '', 'Prénom'], PLANTS);
    expect(mapping).toEqual({ '---': null, '': null, Prénom: null });
    expect(confidence).toEqual({ '---': 0, '': 0, Prénom: 0 });
  });
});
