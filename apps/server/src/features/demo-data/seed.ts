/**
 * Writes the demo dataset of generate.ts: demo teams and users first (reused when they exist), then every
 * table in dependency order, in multi-row inserts of `batchSize` rows, one transaction per batch.
 * Demo users get a random 32-byte password, hashed with argon2id and never shown or kept: an administrator
 * resets it to use one of them.
 */
import { randomBytes } from 'node:crypto';
import { inArray, isNotNull, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import pino, { type Logger } from 'pino';
import type { Config } from '../../config.ts';
import { audit } from '../../platform/audit/audit.ts';
import { teams, users } from '../../platform/auth/auth.schema.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { type Clock, type Deps, systemActor, systemClock } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { analyzeAll } from '../../platform/db/planner-stats.ts';
import { withTx } from '../../platform/db/tx.ts';
import { interactionParticipants, interactions } from '../interactions/interactions.schema.ts';
import { mandatProduits, mandatStageChanges, mandats } from '../mandats/mandats.schema.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import { people, personOrganisations } from '../people/people.schema.ts';
import { produits } from '../produits/produits.schema.ts';
import { tasks } from '../tasks/tasks.schema.ts';
import { DEMO_TEAMS, DEMO_USERS, type DemoData, type DemoTeam, type DemoUser, generateDemoData } from './generate.ts';

export interface SeedTarget {
  database: Database;
  /** The audit chain's keys: the demo users' creation is audited. */
  config: Pick<Config, 'audit'>;
  log?: Logger;
  clock?: Clock;
}

export interface SeedOptions {
  /** Number of people; the other tables scale from it (see demoSizes). */
  size: number;
  seed?: number;
  now?: Date;
  /** Rows per insert statement (and per transaction). */
  batchSize?: number;
  /** Batches written at the same time (default 4 on PostgreSQL, 1 on PGlite); needs as many connections. */
  concurrency?: number;
  /** Called after each table with its row count. */
  onProgress?: (table: string, rows: number) => void;
}

export type SeedCounts = Record<Exclude<keyof DemoData, never>, number>;

export interface SeedResult {
  counts: SeedCounts;
  /** Demo users created by this run (existing ones are reused, their passwords untouched). */
  usersCreated: number;
  ms: number;
}

export async function seedDemoData(target: SeedTarget, opts: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const { database } = target;
  const db = database.db;
  const log = target.log ?? pino({ level: 'silent' });
  const clock = target.clock ?? systemClock;
  const ctx = {
    actor: systemActor,
    meta: {},
    deps: { database, log, clock, config: target.config } as unknown as Deps,
    log,
  };
  const now = opts.now ?? clock.now();

  // Teams, by name: created when missing.
  const teamNames = DEMO_TEAMS.map((t) => t.name);
  await db
    .insert(teams)
    .values(DEMO_TEAMS.map((t) => ({ name: t.name, description: t.description })))
    .onConflictDoNothing();
  const teamRows = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(inArray(teams.name, teamNames));
  const demoTeams: DemoTeam[] = DEMO_TEAMS.map((t) => {
    const row = teamRows.find((r) => r.name.toLowerCase() === t.name.toLowerCase());
    if (!row) throw new Error(`demo team ${t.name} is missing`);
    return { ...t, id: row.id };
  });
  const teamId = (key: string) => demoTeams.find((t) => t.key === key)?.id as string;

  // Users, by e-mail: created when missing, with an unguessable password nobody knows.
  const emails = DEMO_USERS.map((u) => u.email);
  const existing = await db.select({ email: users.email }).from(users).where(inArray(users.email, emails));
  const have = new Set(existing.map((u) => u.email.toLowerCase()));
  const missing = DEMO_USERS.filter((u) => !have.has(u.email.toLowerCase()));
  // One random password per run, hashed once (argon2id is slow by design) and then forgotten: nobody can
  // sign in as a demo user until an administrator resets the password.
  const passwordHash = missing.length ? await hashPassword(randomBytes(32).toString('base64url')) : '';
  let usersCreated = 0;
  if (missing.length) {
    await withTx(ctx, async (t) => {
      const created = await t.db
        .insert(users)
        .values(
          missing.map((u) => ({
            email: u.email,
            name: u.name,
            role: u.role,
            teamId: teamId(u.team),
            passwordHash,
            isActive: true,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: users.id, role: users.role });
      usersCreated = created.length;
      for (const u of created) {
        await audit(t, {
          entityType: 'user',
          entityId: u.id,
          action: 'create',
          metadata: { demoData: true, role: u.role },
        });
      }
    });
  }
  const userRows = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, teamId: users.teamId })
    .from(users)
    .where(inArray(users.email, emails));
  const demoUsers: DemoUser[] = DEMO_USERS.map((d) => {
    const u = userRows.find((r) => r.email.toLowerCase() === d.email.toLowerCase());
    if (!u) throw new Error(`demo user ${d.email} is missing`);
    // Records follow the demo organisation chart, even if an admin moved the user since.
    return { id: u.id, email: u.email, name: u.name, role: d.role, teamId: teamId(d.team) };
  });

  // What is already there must not be generated again (unique e-mails among live people, unique ISINs).
  const takenEmails = new Set(
    (
      await db
        .select({ email: people.email })
        .from(people)
        .where(sql`${people.email} is not null and ${people.deletedAt} is null`)
    ).map((r) => (r.email as string).toLowerCase()),
  );
  const takenIsins = new Set(
    (await db.select({ isin: produits.isin }).from(produits).where(isNotNull(produits.isin))).map((r) => r.isin),
  );

  const data = generateDemoData({
    size: opts.size,
    seed: opts.seed ?? 1,
    // Rows follow the seed; ids are fresh on every run, so a second run with the same seed cannot collide.
    idSeed: randomBytes(4).readUInt32LE(0),
    now,
    teams: demoTeams,
    users: demoUsers,
    takenEmails,
    takenIsins,
  });

  const batchSize = opts.batchSize ?? 1000;
  // PostgreSQL takes several batches of one table at once (each in its own transaction and connection);
  // tables are still written one after the other, so foreign keys always find their rows.
  const concurrency = Math.max(1, opts.concurrency ?? (database.kind === 'postgres' ? 4 : 1));
  const insertAll = async (name: string, table: PgTable, rows: object[]) => {
    let next = 0;
    const worker = async () => {
      for (;;) {
        const start = next;
        next += batchSize;
        if (start >= rows.length) return;
        const batch = rows.slice(start, start + batchSize);
        await db.transaction(async (tx) => {
          await tx.insert(table).values(batch as never);
        });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    opts.onProgress?.(name, rows.length);
  };
  await insertAll('organisations', organisations, data.organisations);
  await insertAll('people', people, data.people);
  await insertAll('personOrganisations', personOrganisations, data.personOrganisations);
  await insertAll('produits', produits, data.produits);
  await insertAll('mandats', mandats, data.mandats);
  await insertAll('mandatStageChanges', mandatStageChanges, data.mandatStageChanges);
  await insertAll('mandatProduits', mandatProduits, data.mandatProduits);
  await insertAll('interactions', interactions, data.interactions);
  await insertAll('interactionParticipants', interactionParticipants, data.interactionParticipants);
  await insertAll('tasks', tasks, data.tasks);

  const counts = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, (v as unknown[]).length])) as SeedCounts;
  await withTx(ctx, (t) =>
    audit(t, { entityType: 'demo_data', action: 'seed', metadata: { size: opts.size, seed: opts.seed ?? 1, counts } }),
  );
  // Statistics of what was just written: list totals beyond 1,000 rows are the planner's estimate.
  await analyzeAll(database);
  return { counts, usersCreated, ms: Date.now() - started };
}
