import { describe, expect, it } from 'vitest';
import { dryRun, mapRow, readTable, suggestMapping } from '../../platform/tabular/index.ts';
import { catalogueOf } from './import-catalogues.ts';
import { knownHeaderKeys } from './import-fields.ts';

// The CRM's import schemas through the tabular engine: how the cells of each target are read.
describe('mapRow', () => {
  it('coerces an organisation row written the French way', () => {
    const mapping = {
      'Raison sociale': 'name',
      Type: 'type',
      Catégorie: 'category',
      Site: 'website',
      Pays: 'countryCode',
      Encours: 'aum',
      'Encours au': 'aumDate',
      Tier: 'tier',
      Tags: 'tags',
      'Autres tags': 'tags',
      Ignorée: null,
    };
    const r = mapRow(
      {
        'Raison sociale': '  Acme Gestion  ',
        Type: 'Émetteur',
        Catégorie: 'société de gestion',
        Site: 'www.acme-gestion.fr',
        Pays: 'Luxembourg',
        Encours: '1 250 000,50',
        'Encours au': '31/12/2025',
        Tier: '2',
        Tags: 'ESG; Actions',
        'Autres tags': 'Obligations',
        Ignorée: 'whatever',
      },
      mapping,
      catalogueOf('organisations'),
    );
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        name: 'Acme Gestion',
        type: 'emetteur',
        category: 'SDG',
        website: 'https://www.acme-gestion.fr',
        countryCode: 'LU',
        aum: 1250000.5,
        aumDate: '2025-12-31',
        tier: 2,
        tags: ['ESG', 'Actions', 'Obligations'],
        email: null,
        notes: null,
      }),
    });
  });

  it('turns empty cells into null and reports every bad field with a code', () => {
    const r = mapRow(
      { P: ' ', N: 'Dupont', E: 'pas-un-email', C: 'Atlantide', S: 'Pigeon voyageur' },
      { P: 'firstName', N: 'lastName', E: 'email', C: 'countryCode', S: 'source' },
      catalogueOf('people'),
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      { field: 'firstName', code: 'import.required', message: 'This field is required' },
      { field: 'email', code: 'import.invalid_email', message: expect.stringContaining('pas-un-email') },
      { field: 'countryCode', code: 'import.unknown_country', message: expect.any(String) },
      { field: 'source', code: 'import.unknown_value', message: expect.stringContaining('LinkedIn') },
    ]);
  });

  it('reads links with French roles and yes/no', () => {
    const r = mapRow(
      { Email: 'JEAN@acme.fr', Société: 'Acme', Rôle: 'Décideur', Principal: 'oui' },
      { Email: 'personEmail', Société: 'organisationName', Rôle: 'role', Principal: 'isPrimary' },
      catalogueOf('links'),
    );
    expect(r).toEqual({
      ok: true,
      value: {
        personEmail: 'JEAN@acme.fr',
        organisationName: 'Acme',
        role: 'decideur',
        isPrimary: true,
        jobTitle: null,
      },
    });
  });

  it('ignores a mapping to a field the target does not have', () => {
    const r = mapRow({ A: 'Acme', B: 'x' }, { A: 'name', B: 'firstName' }, catalogueOf('organisations'));
    expect(r.ok).toBe(true);
  });
});

describe('dryRun', () => {
  it('imports a LinkedIn Connections.csv and reports errors on the lines the user sees', async () => {
    const file = [
      'Notes:',
      '"When exporting your connection data, you may notice that some of the email addresses are missing."',
      '',
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      'Jean,Dupont,https://www.linkedin.com/in/jean-dupont,,Acme Gestion,Directeur commercial,24 Nov 2026',
      ',Anonyme,https://www.linkedin.com/in/anonyme,,,,01 Jan 2026',
      'Marie,Curie,https://www.linkedin.com/in/mcurie,marie@@exemple,Radium,Gérante,24 nov. 2026',
      '',
      'Paul,Martin,https://www.linkedin.com/in/pmartin,paul@martin.fr,"Martin, Fils & Cie",CGP,3 févr. 2025',
    ].join('\n');
    const table = await readTable(Buffer.from(file), 'csv', { headerNames: knownHeaderKeys });
    const { mapping } = suggestMapping(table.headers, catalogueOf('people'));
    const report = dryRun(table, mapping, catalogueOf('people'));
    expect(report).toMatchObject({ total: 4, valid: 2, invalid: 2, errorsTruncated: false });
    expect(report.errors).toEqual([
      { row: 6, field: 'firstName', code: 'import.required', message: expect.any(String) },
      { row: 7, field: 'email', code: 'import.invalid_email', message: expect.any(String) },
    ]);
    expect(report.preview).toEqual([
      expect.objectContaining({
        firstName: 'Jean',
        lastName: 'Dupont',
        email: null,
        linkedinUrl: 'https://www.linkedin.com/in/jean-dupont',
        organisationName: 'Acme Gestion',
        jobTitle: 'Directeur commercial',
        connectedOn: '2026-11-24',
      }),
      expect.objectContaining({ firstName: 'Paul', organisationName: 'Martin, Fils & Cie', connectedOn: '2025-02-03' }),
    ]);
  });

  it('numbers rows after the header when no row numbers are given, and caps errors and preview', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ Nom: i % 2 ? `Org ${i}` : '' }));
    const report = dryRun({ rows }, { Nom: 'name' }, catalogueOf('organisations'), { maxErrors: 5, previewSize: 3 });
    expect(report).toMatchObject({ total: 30, valid: 15, invalid: 15, errorsTruncated: true });
    expect(report.errors.map((e) => e.row)).toEqual([2, 4, 6, 8, 10]);
    expect(report.preview).toHaveLength(3);
  });
});
