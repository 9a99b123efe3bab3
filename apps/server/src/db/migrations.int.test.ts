import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMigrationDrift, committedMigrations } from '../scripts/check-drift.ts';

interface Journal {
  entries: { idx: number; tag: string }[];
}
const readJournal = (dir: string): Journal => JSON.parse(readFileSync(join(dir, 'meta/_journal.json'), 'utf8'));

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A snapshot's tables, enums and the rest, without its own ids: what the schema was after that migration. */
const schemaOf = (dir: string, idx: number) => {
  const {
    id: _id,
    prevId: _prevId,
    ...schema
  } = JSON.parse(readFileSync(join(dir, 'meta', `${String(idx).padStart(4, '0')}_snapshot.json`), 'utf8'));
  return JSON.stringify(schema);
};

/**
 * A copy of the committed migrations without the last one that changed the schema (and the custom SQL migrations
 * after it, such as extended statistics, which leave the snapshot as it was), as if someone forgot to commit them.
 */
function copyWithoutLastMigration(): { dir: string; removedTag: string } {
  const dir = mkdtempSync(join(tmpdir(), 'crm-migrations-'));
  temps.push(dir);
  cpSync(committedMigrations, dir, { recursive: true });
  const journal = readJournal(dir);
  for (;;) {
    const last = journal.entries.pop();
    if (!last) throw new Error('no committed migration changes the schema');
    const previous = journal.entries.at(-1);
    const changed = !previous || schemaOf(dir, last.idx) !== schemaOf(dir, previous.idx);
    rmSync(join(dir, `${last.tag}.sql`));
    rmSync(join(dir, 'meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`));
    writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify(journal, null, 2));
    if (changed) return { dir, removedTag: last.tag };
  }
}

describe('committed migrations', () => {
  it('match src/db/schema.ts (drizzle-kit generates nothing new)', async () => {
    const report = await checkMigrationDrift();
    expect(report.newMigrations.map((m) => `${m.file}\n${m.sql}`).join('\n')).toBe('');
    expect(report.drift).toBe(false);
  });

  it('reports drift, with the missing SQL, when a migration is missing', async () => {
    const { dir, removedTag } = copyWithoutLastMigration();
    const removedSql = readFileSync(join(committedMigrations, `${removedTag}.sql`), 'utf8');
    const report = await checkMigrationDrift({ migrationsDir: dir });
    expect(report.drift).toBe(true);
    expect(report.newMigrations).toHaveLength(1);
    // The regenerated migration creates what the removed one created (custom SQL migrations aside).
    const firstCreate = /CREATE TABLE "[^"]+"/.exec(removedSql)?.[0];
    if (firstCreate) expect(report.newMigrations[0]?.sql).toContain(firstCreate);
    // The committed folder itself is never touched by the check.
    expect(existsSync(join(committedMigrations, report.newMigrations[0]?.file ?? 'none'))).toBe(false);
  });

  it('lists exactly the SQL files on disk in the journal', () => {
    const tags = readJournal(committedMigrations).entries.map((e) => `${e.tag}.sql`);
    const files = readdirSync(committedMigrations).filter((f) => f.endsWith('.sql'));
    expect(files.sort()).toEqual([...tags].sort());
  });
});
