import { describe, expect, it } from 'vitest';
import { FIELD_CATALOGUE, IMPORT_TARGETS } from './field-catalogue.ts';
import { IMPORT_SCHEMAS } from './import-schemas.ts';
import { suggestMapping } from './suggest-mapping.ts';

describe('suggestMapping', () => {
  it('maps French people headers', () => {
    const { mapping, confidence } = suggestMapping(
      ['Prénom', 'NOM', 'Adresse e-mail', 'Téléphone', 'Portable', 'Fonction', 'Société', 'Ville', 'Pays', 'Divers'],
      'people',
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
      'people',
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
      'people',
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
      'organisations',
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
    expect(suggestMapping(['URL', 'Nom'], 'organisations').mapping).toEqual({ URL: 'website', Nom: 'name' });
  });

  it('uses whole-word partial matches with lower confidence, longest synonym first', () => {
    const { mapping, confidence } = suggestMapping(['Nom de la société du contact', 'Email pro principal'], 'people');
    expect(mapping['Nom de la société du contact']).toBe('organisationName');
    expect(mapping['Email pro principal']).toBe('email');
    expect(confidence['Email pro principal']).toBeGreaterThan(0.5);
    expect(confidence['Email pro principal']).toBeLessThan(1);
  });

  it('maps link headers', () => {
    const { mapping } = suggestMapping(['E-mail', 'Société', 'Rôle', 'Principal', 'Poste'], 'links');
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
