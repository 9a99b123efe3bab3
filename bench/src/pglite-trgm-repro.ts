/**
 * Tries to reproduce PGlite's WASM crash ("null function or function signature mismatch") with a tight loop of the
 * pg_trgm query forms the CRM uses (docs/adr/0012-embedded-postgres-default.md):
 *   `tsx src/pglite-trgm-repro.ts --pglite <folder of an @electric-sql/pglite package> --minutes 15`
 * (default: the installed one). Tables shaped like ours (a generated-like search text and a name key with GIN trigram
 * indexes), then in a loop: inserts and updates, `%` and `similarity()` (the old duplicate check), `%>` (the current
 * one), `<%` with a transaction-local `pg_trgm.word_similarity_threshold` (people search), `word_similarity()` ranks,
 * a LIKE on the search text, and now and then an error inside a transaction (a rollback). Stops at the first WASM
 * error; prints one JSON line: version, iterations, queries, seconds, the error if any, and whether the database
 * still answers after it.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    pglite: { type: 'string' },
    minutes: { type: 'string', default: '10' },
    rows: { type: 'string', default: '3000' },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(args.pglite ?? join(here, '../../node_modules/@electric-sql/pglite'));
const version = (await import(join(root, 'package.json'), { with: { type: 'json' } })).default.version as string;
const { PGlite } = await import(join(root, 'dist/index.js'));
const { pg_trgm } = await import(join(root, 'dist/contrib/pg_trgm.js'));
const { unaccent } = await import(join(root, 'dist/contrib/unaccent.js'));

const WORDS = ['rivoli', 'opera', 'etoile', 'vauban', 'colbert', 'lumiere', 'garonne', 'provence', 'alpes', 'ocean'];
const SUFFIX = ['gestion', 'capital', 'patrimoine', 'finance', 'partners', 'investissements', 'am'];
const pick = <T>(a: readonly T[]): T => a[Math.floor(Math.random() * a.length)] as T;
const typo = (s: string) => {
  const i = 1 + Math.floor(Math.random() * Math.max(1, s.length - 2));
  return Math.random() < 0.5 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + s[i] + s.slice(i);
};
const name = () => `${pick(WORDS)} ${pick(SUFFIX)} ${Math.floor(Math.random() * 10000)}`;

const db = await PGlite.create({ dataDir: 'memory://', extensions: { pg_trgm, unaccent } });
await db.exec(`
  create extension if not exists pg_trgm;
  create extension if not exists unaccent;
  create table orgs (id serial primary key, name text not null, name_key text not null, search_text text not null);
  create index orgs_key_trgm on orgs using gin (name_key gin_trgm_ops);
  create index orgs_search_trgm on orgs using gin (search_text gin_trgm_ops);
`);
const rows = Number(args.rows);
for (let i = 0; i < rows; i += 500) {
  const values = Array.from({ length: Math.min(500, rows - i) }, () => {
    const n = name();
    return `('${n}', '${n}', '${n} ${pick(WORDS)}')`;
  });
  await db.exec(`insert into orgs (name, name_key, search_text) values ${values.join(',')}`);
}
await db.exec('analyze orgs');

const forms: [string, (q: string) => Promise<unknown>][] = [
  ['%', (q) => db.query('select id from orgs where name_key % $1 and similarity(name_key, $1) >= 0.7', [q])],
  ['%>', (q) => db.query('select id from orgs where name_key %> $1 and similarity(name_key, $1) >= 0.7', [q])],
  [
    '<% in tx',
    (q) =>
      db.transaction(async (tx: { query: (s: string, v?: unknown[]) => Promise<unknown> }) => {
        await tx.query("select set_config('pg_trgm.word_similarity_threshold', '0.5', true)");
        return tx.query(
          'select id, word_similarity($1, search_text) r from orgs where $1 <% search_text order by r desc limit 20',
          [q],
        );
      }),
  ],
  [
    'like + rank',
    (q) =>
      db.query(
        `select id from orgs where search_text like $1 or $2 <% search_text order by word_similarity($2, search_text) desc limit 20`,
        [`%${q.split(' ')[0]}%`, q],
      ),
  ],
  ['similarity order', (q) => db.query('select id, similarity(name_key, $1) s from orgs order by s desc limit 5', [q])],
  ['unaccent', (q) => db.query('select unaccent($1) u, show_trgm($1) t', [q])],
  [
    'insert',
    () => {
      const n = name();
      return db.query('insert into orgs (name, name_key, search_text) values ($1, $1, $1)', [n]);
    },
  ],
  [
    'update',
    () =>
      db.query('update orgs set name_key = $1, search_text = $1 where id = $2', [
        name(),
        1 + Math.floor(Math.random() * rows),
      ]),
  ],
  [
    'error in tx',
    () =>
      db
        .transaction(async (tx: { query: (s: string) => Promise<unknown> }) => {
          await tx.query("select set_config('pg_trgm.similarity_threshold', '0.4', true)");
          await tx.query('select 1/0');
        })
        .catch(() => undefined),
  ],
];

const end = Date.now() + Number(args.minutes) * 60_000;
const t0 = Date.now();
let iterations = 0;
let queries = 0;
const perForm: Record<string, number> = {};
let failure: { form: string; message: string; afterQueries: number } | undefined;
outer: while (Date.now() < end) {
  iterations++;
  for (const [form, run] of forms) {
    const q = typo(name());
    try {
      await run(q);
      queries++;
      perForm[form] = (perForm[form] ?? 0) + 1;
    } catch (err) {
      const message = String((err as Error)?.message ?? err);
      if (
        /RuntimeError|signature mismatch|unreachable|out of bounds|null function/i.test(message) ||
        !(err as { code?: string }).code
      ) {
        failure = { form, message: message.slice(0, 300), afterQueries: queries };
        break outer;
      }
    }
  }
}
let aliveAfter: boolean | string = true;
if (failure)
  aliveAfter = await db.query('select 1').then(
    () => true,
    (e: Error) => e.message.slice(0, 200),
  );
console.log(
  JSON.stringify({
    version,
    iterations,
    queries,
    seconds: Math.round((Date.now() - t0) / 1000),
    perForm,
    failure: failure ?? null,
    aliveAfter: failure ? aliveAfter : undefined,
  }),
);
process.exit(0);
