/**
 * Rung R1: a bare Fastify route that runs the people list statements captured from the repository (count, then
 * the page, and what runs between) on a node-postgres pool of the server's size (10) and answers through a response schema
 * (fast-json-stringify). No auth, no validation, no logging, no ORM: the floor the real endpoint is compared to.
 * Started by the bench as a child process pinned to the server core; reads BENCH_PG_URL, BENCH_SQL, PORT.
 */
import Fastify from 'fastify';
import pg from 'pg';
import type { CapturedQuery } from './capture.ts';

// The statements listPeople() ran, in order: the (capped) count first, the page last, and in between whatever the
// repository runs (today an EXPLAIN for the estimated total above 1,000 rows).
const queries = JSON.parse(process.env.BENCH_SQL as string) as CapturedQuery[];
const countQuery = queries[0] as CapturedQuery;
const pageQuery = queries.at(-1) as CapturedQuery;
const limit = Number(pageQuery.values.at(-1)) - 1;
const pool = new pg.Pool({ connectionString: process.env.BENCH_PG_URL, max: 10 });

const str = { type: ['string', 'null'] };
const bool = { type: 'boolean' };
const date = { type: ['string', 'null'], format: 'date-time' };
const person = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    first_name: { type: 'string' },
    last_name: { type: 'string' },
    email: str,
    personal_email: str,
    phone: str,
    mobile: str,
    job_title: str,
    language: { type: 'string' },
    country_code: { type: 'string' },
    linkedin_url: str,
    linkedin_headline: str,
    notes: str,
    is_active: bool,
    marketing_opt_out: bool,
    recording_opt_out: bool,
    source: str,
    owner_id: str,
    team_id: str,
    consent: bool,
    consent_at: date,
    legal_basis: { type: 'string' },
    data_source: str,
    anonymised_at: date,
    last_activity_at: date,
    created_at: date,
    updated_at: date,
    deleted_at: date,
  },
};

const app = Fastify({ logger: false });
app.get(
  '/people',
  {
    schema: {
      response: {
        200: {
          type: 'object',
          properties: { items: { type: 'array', items: person }, nextCursor: str, total: { type: 'integer' } },
        },
      },
    },
  },
  async () => {
    const total = await pool.query(countQuery.text, countQuery.values);
    for (const q of queries.slice(1, -1)) await pool.query(q.text, q.values);
    const page = await pool.query(pageQuery.text, pageQuery.values);
    const items = page.rows.slice(0, limit);
    const last = items.at(-1);
    const nextCursor =
      page.rows.length > limit && last
        ? Buffer.from(JSON.stringify({ v: last.updated_at, id: last.id })).toString('base64url')
        : null;
    return { items, nextCursor, total: Number(total.rows[0]?.count ?? 0) };
  },
);
app.get('/health', async () => ({ status: 'ok' }));

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
