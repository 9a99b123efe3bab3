import { describe, expect, it } from 'vitest';
import { readTable, suggestMapping, validateMapping } from '../../platform/tabular/index.ts';
import { catalogueOf } from './import-catalogues.ts';
import { FIELD_CATALOGUE, IMPORT_TARGETS, knownHeaderKeys } from './import-fields.ts';
import { IMPORT_SCHEMAS } from './import-schemas.ts';

// The CRM's import catalogue through the tabular engine: the headers people's files use, per target.
describe('suggestMapping', () => {
  it('maps French people headers', () => {
    const { mapping, confidence } = suggestMapping(
      ['Prénom', 'NOM', 'Adresse e-mail', 'Téléphone', 'Portable', 'Fonction', 'Société', 'Ville', 'Pays', 'Divers'],
      catalogueOf('people'),
    );
    expect(mapping).toEqual({
      Prénom: 'firstName',
      NOM: 'lastName',
      'Adresse e-mail': 'email',
      Téléphone: 'phone',
      Portable: 'mobile',
      Fonction: 'jobTitle',
      Société: 'organisationName',
      Ville: 'city',
      Pays: 'countryCode',
      Divers: null,
    });
    expect(confidence.Prénom).toBe(1);
    expect(confidence.Divers).toBe(0);
  });

  it('maps English and snake/camel case headers', () => {
    const { mapping } = suggestMapping(
      ['first_name', 'lastName', 'E-mail', 'Cell', 'Job Title', 'Company', 'Country'],
      catalogueOf('people'),
    );
    expect(mapping).toEqual({
      first_name: 'firstName',
      lastName: 'lastName',
      'E-mail': 'email',
      Cell: 'mobile',
      'Job Title': 'jobTitle',
      Company: 'organisationName',
      Country: 'countryCode',
    });
  });

  it("maps LinkedIn's Connections.csv header completely", () => {
    const { mapping } = suggestMapping(
      ['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'],
      catalogueOf('people'),
    );
    expect(mapping).toEqual({
      'First Name': 'firstName',
      'Last Name': 'lastName',
      URL: 'linkedinUrl',
      'Email Address': 'email',
      Company: 'organisationName',
      Position: 'jobTitle',
      'Connected On': 'connectedOn',
    });
  });

  it('maps organisation headers, with the same word meaning something else per target', () => {
    const { mapping } = suggestMapping(
      [
        'Raison sociale',
        'Catégorie',
        'Site web',
        'Adresse',
        'CP',
        'Ville',
        'Encours',
        'Actifs sous gestion (€)',
        'Tier',
        'Stratégies',
      ],
      catalogueOf('organisations'),
    );
    expect(mapping).toMatchObject({
      'Raison sociale': 'name',
      Catégorie: 'category',
      'Site web': 'website',
      Adresse: 'address',
      CP: 'postalCode',
      Ville: 'city',
      Encours: 'aum',
      Tier: 'tier',
      Stratégies: 'strategies',
    });
    // each field is suggested once: the exact "Encours" wins over the partial match
    expect(mapping['Actifs sous gestion (€)']).toBeNull();
    expect(suggestMapping(['URL', 'Nom'], catalogueOf('organisations')).mapping).toEqual({
      URL: 'website',
      Nom: 'name',
    });
  });

  it('uses whole-word partial matches with lower confidence, longest synonym first', () => {
    const { mapping, confidence } = suggestMapping(
      ['Nom de la société du contact', 'Email pro principal'],
      catalogueOf('people'),
    );
    expect(mapping['Nom de la société du contact']).toBe('organisationName');
    expect(mapping['Email pro principal']).toBe('email');
    expect(confidence['Email pro principal']).toBeGreaterThan(0.5);
    expect(confidence['Email pro principal']).toBeLessThan(1);
  });

  it('maps link headers', () => {
    const { mapping } = suggestMapping(['E-mail', 'Société', 'Rôle', 'Principal', 'Poste'], catalogueOf('links'));
    expect(mapping).toEqual({
      'E-mail': 'personEmail',
      Société: 'organisationName',
      Rôle: 'role',
      Principal: 'isPrimary',
      Poste: 'jobTitle',
    });
  });
});

describe('FIELD_CATALOGUE', () => {
  it.each(IMPORT_TARGETS)('lists exactly the fields of the %s import schema, with labels', (target) => {
    const names = FIELD_CATALOGUE[target].map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(Object.keys(IMPORT_SCHEMAS[target].shape).sort());
    for (const field of FIELD_CATALOGUE[target]) {
      expect(field.label.fr).toBeTruthy();
      expect(field.label.en).toBeTruthy();
      if (field.kind === 'enum') expect(field.options?.length).toBeGreaterThan(0);
    }
  });
});

describe('knownHeaderKeys', () => {
  it('lets readTable find the header row of a contact file under a preamble as wide as its rows', async () => {
    const file = 'Export,du,01/02/2026\nPrénom,Nom,E-mail\nJean,Dupont,jean@acme.fr\n';
    const t = await readTable(Buffer.from(file), 'csv', { headerNames: knownHeaderKeys });
    expect(t.headers).toEqual(['Prénom', 'Nom', 'E-mail']);
    expect(t.skippedPreambleLines).toBe(1);
  });
});

describe('validateMapping', () => {
  it('accepts the suggestion for a LinkedIn export', () => {
    const { mapping } = suggestMapping(
      ['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'],
      catalogueOf('people'),
    );
    expect(validateMapping(mapping, catalogueOf('people'))).toEqual([]);
  });

  it('reports unknown fields, single-value fields fed twice and unmapped required fields', () => {
    const problems = validateMapping(
      { A: 'name', B: 'email', C: 'email', D: 'tags', E: 'tags', F: 'notes', G: 'notes', H: 'firstName', I: null },
      catalogueOf('organisations'),
    );
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ['import.mapping_duplicate_field', 'email'],
      ['import.mapping_unknown_field', 'firstName'],
    ]);
    expect(problems[1]!.message).toBe('No field "firstName" for organisations');
    expect(validateMapping({ A: 'email' }, catalogueOf('links')).map((p) => [p.code, p.field])).toEqual([
      ['import.mapping_unknown_field', 'email'],
      ['import.mapping_missing_required', 'personEmail'],
      ['import.mapping_missing_required', 'organisationName'],
    ]);
  });
});
