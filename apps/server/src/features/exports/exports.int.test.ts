import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';

describe('GET /api/v1/<entity>/export', () => {
  let t: TestApp;
  let managerA: Client;
  let managerB: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const a = await createUser(t.deps, { role: 'manager', teamId: (await createTeam(t.deps)).id });
    const b = await createUser(t.deps, { role: 'manager', teamId: (await createTeam(t.deps)).id });
    managerA = client(t.app, await sessionHeaders(t.deps, a));
    managerB = client(t.app, await sessionHeaders(t.deps, b));
    for (const name of [
      '=HYPERLINK("http://evil")',
      '+33 Gestion',
      '-5 Capital',
      '@SUM(A1)',
      'Normal "Quoted", Gestion',
    ]) {
      await createOrganisation(managerA, { name, category: 'CGPI' });
    }
    await createOrganisation(managerA, { name: 'Banque Privée', category: 'Wholesale', aum: -12.5 });
    await createOrganisation(managerB, { name: 'Autre Équipe SA', category: 'CGPI' });
  });
  afterAll(async () => t?.close());

  it('streams a CSV of the filtered, scoped list with neutralised formula cells, and audits it', async () => {
    const res = await managerA.get('/api/v1/organisations/export?format=csv&category=CGPI&sort=name');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="organisations-\d{4}-\d{2}-\d{2}\.csv"/);
    const records: string[][] = parse(res.raw.body.replace(/^\uFEFF/, ''), { relax_column_count: false });
    expect(records[0]?.[0]).toBe('Nom');
    const names = records.slice(1).map((r) => r[0]);
    expect(names).toHaveLength(5);
    expect(names).toEqual(
      expect.arrayContaining([
        '\'=HYPERLINK("http://evil")',
        "'+33 Gestion",
        "'-5 Capital",
        "'@SUM(A1)",
        'Normal "Quoted", Gestion',
      ]),
    );
    expect(names).not.toContain('Autre Équipe SA');
    const rows = await t.deps.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'organisations'), eq(auditLog.action, 'export')));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.metadata).toMatchObject({ format: 'csv', filter: { category: ['CGPI'] } });
  });

  it('writes XLSX with numbers kept as numbers', async () => {
    const res = await managerA.get('/api/v1/organisations/export?format=xlsx&category=Wholesale');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Nom');
    expect(sheet.getRow(2).getCell(1).value).toBe('Banque Privée');
    expect(sheet.getRow(1).getCell(12).value).toBe('Encours (EUR)');
    expect(sheet.getRow(2).getCell(12).value).toBe(-12.5);
  });

  it('writes the excel-fr dialect: semicolons, BOM, French names of codes, local dates, decimal commas', async () => {
    const res = await managerA.get('/api/v1/organisations/export?format=csv&dialect=excel-fr&category=Wholesale');
    expect(res.status).toBe(200);
    const body: string = res.raw.body;
    expect(body.startsWith('\uFEFF')).toBe(true);
    const records: string[][] = parse(body.slice(1), { delimiter: ';' });
    const row = Object.fromEntries(records[0]!.map((h, i) => [h, records[1]![i]]));
    expect(row).toMatchObject({
      Nom: 'Banque Privée',
      Type: 'Autre',
      Catégorie: 'Wholesale',
      'Encours (EUR)': '-12,5',
      Active: 'Oui',
      'Opposition aux communications marketing': 'Non',
    });
    expect(row['Créée le']).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect((await managerA.get('/api/v1/organisations/export?format=csv&dialect=excel')).status).toBe(400);
  });

  it('refuses bad filters with problem+json', async () => {
    const res = await managerA.get('/api/v1/organisations/export?format=pdf');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.validation');
  });
});
