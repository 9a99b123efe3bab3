/**
 * The bench dataset: the demo-data generator of the server (apps/server/src/features/demo-data/generate.ts) with a
 * fixed seed, a fixed `now` and fixed team/user ids, so every run and both databases get the same rows, ids
 * included. Rows are written once to tab-separated COPY files (cached in bench/results/tmp/, keyed by size, seed
 * and a hash of the generator) and loaded with COPY: server-side COPY FROM file on PostgreSQL, COPY FROM
 * '/dev/blob' on PGlite. Users and API keys are written with plain INSERTs (12 demo users, one admin).
 */
import { createHash } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import {
  DEMO_TEAMS,
  DEMO_USERS,
  type DemoData,
  type DemoTeam,
  type DemoUser,
  demoSizes,
  generateDemoData,
} from '../../apps/server/src/features/demo-data/generate.ts';
import {
  interactionParticipants,
  interactions,
} from '../../apps/server/src/features/interactions/interactions.schema.ts';
import { mandatProduits, mandatStageChanges, mandats } from '../../apps/server/src/features/mandats/mandats.schema.ts';
import { organisations } from '../../apps/server/src/features/organisations/organisations.schema.ts';
import { people, personOrganisations } from '../../apps/server/src/features/people/people.schema.ts';
import { produits } from '../../apps/server/src/features/produits/produits.schema.ts';
import { tasks } from '../../apps/server/src/features/tasks/tasks.schema.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const TMP_DIR = join(here, '../results/tmp');

/** Tables in foreign-key order, with the generator's key for each. */
const TABLES: { key: keyof DemoData; name: string; table: PgTable }[] = [
  { key: 'organisations', name: 'organisations', table: organisations },
  { key: 'people', name: 'people', table: people },
  { key: 'personOrganisations', name: 'person_organisations', table: personOrganisations },
  { key: 'produits', name: 'produits', table: produits },
  { key: 'mandats', name: 'mandats', table: mandats },
  { key: 'mandatStageChanges', name: 'mandat_stage_changes', table: mandatStageChanges },
  { key: 'mandatProduits', name: 'mandat_produits', table: mandatProduits },
  { key: 'interactions', name: 'interactions', table: interactions },
  { key: 'interactionParticipants', name: 'interaction_participants', table: interactionParticipants },
  { key: 'tasks', name: 'tasks', table: tasks },
];

/** Bump when the COPY files change shape (the cached files are then regenerated). */
const DATASET_FORMAT = 'copy-v1';

/** The fixed clock of the dataset: dates are spread before it, tasks fall due around it. */
export const DATASET_NOW = new Date('2026-11-01T09:00:00Z');

export interface BenchUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'user' | 'viewer';
  teamId: string | null;
  teamKey: string | null;
  apiKey: string;
}

/** One visible-row index for the trace: id, owner and team of every person, organisation, mandate, fund. */
export interface DatasetIndex {
  people: { id: string; ownerId: string; teamId: string; lastName: string; firstName: string }[];
  organisations: { id: string; ownerId: string; teamId: string; name: string }[];
  mandats: { id: string; ownerId: string; teamId: string; organisationId: string }[];
  produits: { id: string; name: string }[];
}

export interface Dataset {
  seed: number;
  size: number;
  dir: string;
  counts: Record<string, number>;
  files: { name: string; columns: string[]; file: string; rows: number }[];
  teams: DemoTeam[];
  users: BenchUser[];
  index: DatasetIndex;
  generatedMs: number | null;
}

const uuidOf = (n: number) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

function benchTeamsAndUsers(seed: number): { teams: DemoTeam[]; users: BenchUser[] } {
  const teams: DemoTeam[] = DEMO_TEAMS.map((t, i) => ({ ...t, id: uuidOf(0x7e00 + i) }));
  const key = (email: string) =>
    `crm_bench_${createHash('sha256').update(`${seed}:${email}`).digest('hex').slice(0, 40)}`;
  const users: BenchUser[] = DEMO_USERS.map((u, i) => {
    const team = teams.find((t) => t.key === u.team) as DemoTeam;
    return {
      id: uuidOf(0x7f00 + i),
      email: u.email,
      name: u.name,
      role: u.role,
      teamId: team.id,
      teamKey: team.key,
      apiKey: key(u.email),
    };
  });
  const adminEmail = 'bench-admin@crm-bench.example';
  users.push({
    id: uuidOf(0x7fff),
    email: adminEmail,
    name: 'Bench Admin',
    role: 'admin',
    teamId: null,
    teamKey: null,
    apiKey: key(adminEmail),
  });
  return { teams, users };
}

/** Text-format COPY encoding of one value, after Drizzle's own conversion for the column. */
function copyValue(col: PgColumn, v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  let d: unknown = col.mapToDriverValue(v);
  if (d instanceof Date) d = d.toISOString();
  if (typeof d === 'boolean') return d ? 't' : 'f';
  if (typeof d === 'object') d = JSON.stringify(d);
  return String(d).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function generatorHash(): string {
  const h = createHash('sha256');
  const server = join(here, '../../apps/server/src/features');
  for (const f of ['demo-data/generate.ts', 'demo-data/vocab.ts', 'demo-data/prng.ts', 'produits/isin.ts']) {
    h.update(readFileSync(join(server, f)));
  }
  h.update(DATASET_FORMAT);
  return h.digest('hex').slice(0, 12);
}

/** Generates the dataset (or reuses the cached COPY files of the same size, seed and generator). */
export async function prepareDataset(opts: { size: number; seed: number; log: (m: string) => void }): Promise<Dataset> {
  const { teams, users } = benchTeamsAndUsers(opts.seed);
  mkdirSync(TMP_DIR, { recursive: true });
  const dir = join(TMP_DIR, `dataset-${opts.size}-${opts.seed}-${generatorHash()}`);
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Pick<Dataset, 'counts' | 'files' | 'index'>;
    opts.log(`dataset: reusing the COPY files of ${dir}`);
    return { seed: opts.seed, size: opts.size, dir, teams, users, generatedMs: null, ...m };
  }
  // Older datasets (another size, seed or generator) are removed: each is ~200 MB.
  for (const old of readdirSync(TMP_DIR, { withFileTypes: true })) {
    if (old.isDirectory() && old.name.startsWith('dataset-'))
      rmSync(join(TMP_DIR, old.name), { recursive: true, force: true });
  }
  const t0 = performance.now();
  const data = generateDemoData({
    size: opts.size,
    seed: opts.seed,
    idSeed: opts.seed,
    now: DATASET_NOW,
    teams,
    users: users.filter((u) => u.role !== 'admin') as DemoUser[],
  });
  mkdirSync(dir, { recursive: true });
  const files: Dataset['files'] = [];
  for (const t of TABLES) {
    const rows = data[t.key] as Record<string, unknown>[];
    const cols = Object.entries(getTableColumns(t.table)) as [string, PgColumn][];
    const present = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r)) present.add(k);
    const used = cols.filter(([k]) => present.has(k));
    const file = join(dir, `${t.name}.tsv`);
    const out = createWriteStream(`${file}.part`);
    let buf = '';
    for (const r of rows) {
      buf += `${used.map(([k, c]) => copyValue(c, r[k])).join('\t')}\n`;
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await new Promise<void>((res) => out.once('drain', () => res()));
        buf = '';
      }
    }
    out.end(buf);
    await new Promise<void>((res) => out.on('close', () => res()));
    renameSync(`${file}.part`, file);
    files.push({ name: t.name, columns: used.map(([, c]) => c.name), file, rows: rows.length });
  }
  const counts = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, (v as unknown[]).length]));
  const index: DatasetIndex = {
    people: data.people.map((p) => ({
      id: p.id as string,
      ownerId: p.ownerId as string,
      teamId: p.teamId as string,
      lastName: p.lastName,
      firstName: p.firstName,
    })),
    organisations: data.organisations.map((o) => ({
      id: o.id as string,
      ownerId: o.ownerId as string,
      teamId: o.teamId as string,
      name: o.name,
    })),
    mandats: data.mandats.map((m) => ({
      id: m.id as string,
      ownerId: m.ownerId as string,
      teamId: m.teamId as string,
      organisationId: m.organisationId,
    })),
    produits: data.produits.map((p) => ({ id: p.id as string, name: p.name })),
  };
  writeFileSync(manifestFile, JSON.stringify({ counts, files, index }));
  const generatedMs = performance.now() - t0;
  opts.log(`dataset: generated ${opts.size} people in ${(generatedMs / 1000).toFixed(1)} s (${dir})`);
  return { seed: opts.seed, size: opts.size, dir, counts, files, teams, users, index, generatedMs };
}

export const sizesFor = demoSizes;

/** Teams, users (password hash unusable: nobody signs in) and one API key per user, as SQL statements. */
function identitySql(ds: Dataset): { text: string; values: unknown[] }[] {
  const out: { text: string; values: unknown[] }[] = [];
  for (const t of ds.teams) {
    out.push({
      text: 'insert into teams (id, name, description) values ($1, $2, $3)',
      values: [t.id, t.name, t.description],
    });
  }
  for (const [i, u] of ds.users.entries()) {
    out.push({
      text: `insert into users (id, email, name, password_hash, role, team_id, is_active)
             values ($1, $2, $3, '!bench-no-login', $4, $5, true)`,
      values: [u.id, u.email, u.name, u.role, u.teamId],
    });
    const scopes = u.role === 'admin' ? '{read,write,admin}' : u.role === 'viewer' ? '{read}' : '{read,write}';
    out.push({
      text: `insert into api_keys (id, user_id, name, prefix, key_hash, scopes) values ($1, $2, 'bench', $3, $4, $5::text[])`,
      values: [
        uuidOf(0x8f00 + i),
        u.id,
        u.apiKey.slice(0, 12),
        createHash('sha256').update(u.apiKey).digest('hex'),
        scopes,
      ],
    });
  }
  return out;
}

/**
 * The bulk-load recipe shared by both databases: identities first, then with foreign-key triggers off
 * (`session_replication_role = replica`: the rows are consistent by construction) and the secondary indexes of
 * the loaded tables dropped, one COPY per table; then the indexes are rebuilt (a GIN trigram index builds far
 * faster in bulk than row by row) and the tables analysed.
 */
async function bulkLoad(
  ds: Dataset,
  run: (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>,
  copy: (f: Dataset['files'][number], cols: string) => Promise<unknown>,
): Promise<Record<string, number>> {
  const ms: Record<string, number> = {};
  for (const s of identitySql(ds)) await run(s.text, s.values);
  const names = ds.files.map((f) => f.name);
  const idx = await run(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any($1::text[])
        and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.indexname))::regclass)`,
    [names],
  );
  for (const r of idx.rows) await run(`drop index "${r.name as string}"`);
  await run('set session_replication_role = replica');
  for (const f of ds.files) {
    const t = performance.now();
    await copy(f, f.columns.map((c) => `"${c}"`).join(', '));
    ms[f.name] = Math.round(performance.now() - t);
  }
  await run('set session_replication_role = origin');
  // Tasks are generated due around DATASET_NOW, before the real clock: unmarked, the worker's due-task job would
  // announce thousands of them (one UPDATE, event and job each) while the rungs are measured. They count as
  // already announced, as they would be in a CRM that has been running.
  await run('update tasks set due_notified_at = coalesce(due_at, created_at) where due_at is not null');
  let t = performance.now();
  for (const r of idx.rows) await run(r.def as string);
  ms.indexes = Math.round(performance.now() - t);
  t = performance.now();
  await run('vacuum analyze');
  ms['vacuum analyze'] = Math.round(performance.now() - t);
  return ms;
}

/** Loads the dataset into a migrated PostgreSQL database (server-side COPY from the cached files; superuser). */
export async function loadIntoPostgres(ds: Dataset, client: pg.Client): Promise<Record<string, number>> {
  await client.query("set maintenance_work_mem = '256MB'");
  return bulkLoad(
    ds,
    (text, values) => client.query(text, values),
    (f, cols) => client.query(`copy ${f.name} (${cols}) from '${f.file}' with (format text)`),
  );
}

/** Loads the dataset into a migrated PGlite database (COPY FROM '/dev/blob', one table at a time). */
export async function loadIntoPglite(ds: Dataset, pglite: PGlite): Promise<Record<string, number>> {
  await pglite.exec("set maintenance_work_mem = '256MB'");
  return bulkLoad(
    ds,
    (text, values) => pglite.query(text, values),
    (f, cols) =>
      pglite.query(`copy ${f.name} (${cols}) from '/dev/blob' with (format text)`, [], {
        blob: new Blob([readFileSync(f.file)]),
      }),
  );
}

export function datasetBytes(ds: Dataset): number {
  return ds.files.reduce((s, f) => s + statSync(f.file).size, 0);
}
