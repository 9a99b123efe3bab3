import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { organisations } from '../../features/organisations/organisations.schema.ts';
import { people } from '../../features/people/people.schema.ts';
import { auditLog } from '../audit/audit.schema.ts';
import { rowsOf } from './client.ts';
import { newId } from './ids.ts';
import { insertMany } from './insert-many.ts';

/** insertMany writes and returns exactly what Drizzle's insert().values() does (docs/DOMAIN.md, Imports). */
describe('insertMany', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { CACHE_ENABLED: 'false' } });
  }, 60_000);
  afterAll(async () => t?.close());

  const awkward = `Quote " back\\slash {brace}, comma; 'apostrophe' é ü 😀 NULL`;
  const organisationRows = (tag: string) => [
    {
      name: `${tag} Alpha`,
      nameKey: `${tag} alpha`,
      type: 'distributeur' as const,
      category: 'CGPI' as const,
      email: `Contact@${tag}.fr`,
      aum: '1234567.89',
      aumDate: '2026-06-30',
      strategies: ['Actions', awkward, ''],
      tags: [],
      tier: 2,
      notes: awkward,
      isActive: false,
      source: 'import' as const,
      consent: true,
      consentAt: new Date('2026-01-02T03:04:05.678Z'),
    },
    // Fewer columns: the others take their SQL defaults (type, category, tags, flags…).
    { name: `${tag} Beta`, nameKey: `${tag} beta`, notes: null },
  ];
  const strip = ({
    id: _i,
    createdAt: _c,
    updatedAt: _u,
    searchText: _s,
    name: _n,
    nameKey: _k,
    email: _e,
    ...rest
  }: Record<string, unknown>) => rest;

  it('writes what insert().values() writes, defaults included, and returns the rows as a select maps them', async () => {
    const db = t.deps.database.db;
    const viaDrizzle = await db.insert(organisations).values(organisationRows('drizzle')).returning();
    const returned = await insertMany(db, organisations, organisationRows('many'), { returning: true });
    expect(returned).toHaveLength(2);
    const stored = await db
      .select()
      .from(organisations)
      .where(
        inArray(
          organisations.id,
          returned.map((r) => r.id),
        ),
      );
    const byName = (rows: Record<string, unknown>[], name: string) =>
      rows.find((r) => String(r.name).endsWith(name)) as Record<string, unknown>;
    for (const name of ['Alpha', 'Beta']) {
      const expected = strip(byName(viaDrizzle, name));
      expect(strip(byName(returned, name))).toEqual(expected);
      expect(strip(byName(stored, name))).toEqual(expected);
    }
    const alpha = byName(returned, 'Alpha');
    expect(alpha).toMatchObject({
      strategies: ['Actions', awkward, ''],
      tags: [],
      aum: '1234567.89',
      email: 'Contact@many.fr',
    });
    expect(alpha.createdAt).toBeInstanceOf(Date);
    expect(byName(returned, 'Beta')).toMatchObject({ type: 'autre', category: 'Autres', tags: [], isActive: true });
    // $defaultFn columns are filled per row (the id), and the generated column is computed.
    expect(new Set(returned.map((r) => r.id)).size).toBe(2);
    expect(String(alpha.searchText)).toContain('many alpha');
  });

  it('numbers an identity column in the order given, and returns nothing unless asked', async () => {
    const db = t.deps.database.db;
    const rows = Array.from({ length: 300 }, (_, i) => ({
      id: newId(),
      occurredAt: new Date(),
      actorType: 'system',
      entityType: 'test',
      entityId: String(i),
      action: 'create',
      changes: { i, text: awkward, nested: { list: [1, null, 'x'] } },
      metadata: null,
      prevHash: 'p',
      hash: `h${i}`,
      hashAlg: 'test',
    }));
    expect(await insertMany(db, auditLog, rows)).toBeUndefined();
    const stored = await db.select().from(auditLog).where(eq(auditLog.entityType, 'test')).orderBy(auditLog.seq);
    expect(stored.map((r) => r.entityId)).toEqual(rows.map((r) => r.entityId));
    expect(stored[7]?.changes).toEqual({ i: 7, text: awkward, nested: { list: [1, null, 'x'] } });
    await db.execute(sql`delete from audit_log where entity_type = 'test'`);
  });

  it('compares citext as PostgreSQL does and refuses what the table refuses, writing nothing', async () => {
    const db = t.deps.database.db;
    await insertMany(db, people, [{ firstName: 'Cité', lastName: 'Texte', email: 'Mixed.Case@Example.fr' }]);
    const found = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from people where email = 'mixed.case@example.fr'`),
    );
    expect(found[0]?.n).toBe(1);
    const bad = [
      { firstName: 'Un', lastName: 'Valide' },
      { firstName: 'Deux', lastName: null as unknown as string },
    ];
    await expect(insertMany(db, people, bad)).rejects.toThrow();
    const none = await db.select().from(people).where(eq(people.lastName, 'Valide'));
    expect(none).toHaveLength(0);
  });
});
