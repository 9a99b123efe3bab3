import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../platform/db/client.ts';

const TAG = '0025_lost_reason_codes';

/**
 * The data part of migration 0025 (docs/DOMAIN.md, "Lost reasons"): the mandates lost before the codes get `autre`,
 * their text kept as its detail; the others get no code.
 */
describe(`migration ${TAG}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-lost-reasons-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the mandates lost before the codes `autre` with their text as the detail, and the others nothing', async () => {
    // The migrations up to the one before.
    const before = join(dir, 'migrations');
    cpSync(migrationsFolder, before, { recursive: true });
    const journalPath = join(before, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === TAG);
    expect(at).toBeGreaterThan(0);
    journal.entries = journal.entries.slice(0, at);
    writeFileSync(journalPath, JSON.stringify(journal));

    const client = await PGlite.create({ extensions: { citext, pg_trgm, unaccent, pgcrypto } });
    try {
      const db = drizzle(client);
      await migrate(db, { migrationsFolder: before });
      await client.exec(`
        insert into organisations (id, name, name_key) values ('0190a000-0000-7000-8000-000000000001', 'Org', 'org');
        insert into mandats (id, kind, title, organisation_id, stage, lost_reason, deleted_at) values
          ('0190a000-0000-7000-8000-00000000000a', 'distribution', 'lost', '0190a000-0000-7000-8000-000000000001',
            'perdu', 'Frais trop élevés', null),
          ('0190a000-0000-7000-8000-00000000000b', 'placement', 'lost, binned', '0190a000-0000-7000-8000-000000000001',
            'perdu', 'Choix d''un concurrent', now()),
          ('0190a000-0000-7000-8000-00000000000c', 'distribution', 'open', '0190a000-0000-7000-8000-000000000001',
            'pitch', null, null),
          ('0190a000-0000-7000-8000-00000000000d', 'distribution', 'won', '0190a000-0000-7000-8000-000000000001',
            'gagne', null, null);`);
      await migrate(db, { migrationsFolder });
      const rows = await client.query<{ title: string; lost_reason_code: string | null; lost_reason: string | null }>(
        'select title, lost_reason_code, lost_reason from mandats order by id',
      );
      expect(rows.rows).toEqual([
        { title: 'lost', lost_reason_code: 'autre', lost_reason: 'Frais trop élevés' },
        { title: 'lost, binned', lost_reason_code: 'autre', lost_reason: "Choix d'un concurrent" },
        { title: 'open', lost_reason_code: null, lost_reason: null },
        { title: 'won', lost_reason_code: null, lost_reason: null },
      ]);
    } finally {
      await client.close();
    }
  });
});
