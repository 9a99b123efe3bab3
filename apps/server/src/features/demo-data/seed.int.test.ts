import { MANDAT_STAGES } from '@crm/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { users } from '../../platform/auth/auth.schema.ts';
import { verifyPassword } from '../../platform/auth/password.ts';
import { rowsOf } from '../../platform/db/client.ts';
import { isValidIsin } from '../produits/isin.ts';
import { DEMO_USERS } from './generate.ts';
import { type SeedResult, seedDemoData } from './seed.ts';

let t: TestApp;
let result: SeedResult;
const now = new Date();

const q = async <T = Record<string, unknown>>(text: string): Promise<T[]> =>
  rowsOf<T>(await t.deps.database.db.execute(sql.raw(text)));
const one = async (text: string): Promise<number> => Number(Object.values((await q(text))[0] ?? {})[0]);

beforeAll(async () => {
  t = await createTestApp();
  result = await seedDemoData(t.deps, { size: 300, seed: 7, now, batchSize: 250 });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('seedDemoData (size 300)', () => {
  it('writes every table with the generated counts', async () => {
    expect(result.counts.people).toBe(300);
    expect(result.counts.organisations).toBe(30);
    expect(result.counts.mandats).toBe(60);
    expect(result.usersCreated).toBe(DEMO_USERS.length);
    for (const [table, n] of [
      ['organisations', result.counts.organisations],
      ['people', 300],
      ['person_organisations', result.counts.personOrganisations],
      ['produits', result.counts.produits],
      ['mandats', result.counts.mandats],
      ['mandat_stage_changes', result.counts.mandatStageChanges],
      ['mandat_produits', result.counts.mandatProduits],
      ['interactions', result.counts.interactions],
      ['interaction_participants', result.counts.interactionParticipants],
      ['tasks', result.counts.tasks],
    ] as const) {
      expect(await one(`select count(*) from ${table}`), table).toBe(n);
      expect(n, table).toBeGreaterThan(0);
    }
    expect(await one('select count(*) from teams')).toBe(3);
  });

  it('gives people unique e-mails and exactly one primary organisation each', async () => {
    expect(await one('select count(distinct lower(email)) from people')).toBe(300);
    expect(
      await one(
        'select count(*) from people p where (select count(*) from person_organisations l where l.person_id = p.id and l.is_primary) <> 1',
      ),
    ).toBe(0);
    expect(await one(`select count(*) from people where email not like '%.example'`)).toBe(0);
  });

  it('stores only valid ISINs, with an asset manager as management company', async () => {
    const rows = await q<{ isin: string; category: string }>(
      'select p.isin, o.category from produits p join organisations o on o.id = p.management_company_id',
    );
    expect(rows).toHaveLength(result.counts.produits);
    for (const r of rows) {
      expect(isValidIsin(r.isin), r.isin).toBe(true);
      expect(r.category).toBe('SDG');
    }
  });

  it('has mandates at every stage, with a history that starts at lead and ends at the current stage', async () => {
    const stages = (await q<{ stage: string }>('select distinct stage from mandats')).map((r) => r.stage).sort();
    expect(stages).toEqual([...MANDAT_STAGES].sort());
    const bad = await one(`
      select count(*) from mandats m where
        (select to_stage from mandat_stage_changes c where c.mandat_id = m.id order by changed_at desc, id desc limit 1) is distinct from m.stage
        or (select count(*) from mandat_stage_changes c where c.mandat_id = m.id and c.from_stage is null and c.to_stage = 'lead' and c.changed_at = m.created_at) <> 1
        or ((m.stage in ('gagne', 'perdu')) <> (m.closed_at is not null))
        or (m.stage = 'perdu' and (m.lost_reason_code is null or (m.lost_reason_code = 'autre' and m.lost_reason is null)))
        or (m.stage <> 'perdu' and (m.lost_reason_code is not null or m.lost_reason is not null))
        or m.created_at < now() - interval '19 months'`);
    expect(bad).toBe(0);
    // Each change starts where the previous one ended.
    const broken = await one(`
      select count(*) from (
        select from_stage, lag(to_stage) over (partition by mandat_id order by changed_at, id) as prev from mandat_stage_changes
      ) s where s.prev is not null and s.prev is distinct from s.from_stage`);
    expect(broken).toBe(0);
    expect(
      await one(
        `select count(*) from mandats where kind = 'distribution' and stage = 'gagne' and (mandate_number is null or signed_at is null or start_date is null or end_date is null or commission_rate is null)`,
      ),
    ).toBe(0);
    expect(
      await one(
        `select count(*) from mandats m join organisations o on o.id = m.organisation_id where m.kind = 'distribution' and o.category <> 'SDG'`,
      ),
    ).toBe(0);
    expect(
      await one(
        `select count(*) from mandat_produits mp join mandats m on m.id = mp.mandat_id where m.stage = 'perdu' or (m.kind = 'distribution' and m.stage <> 'gagne')`,
      ),
    ).toBe(0);
  });

  it('has open tasks overdue, due today and due in the next 7 days', async () => {
    const open = `status in ('todo', 'doing')`;
    expect(
      await one(
        `select count(*) from tasks where ${open} and due_at < date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'`,
      ),
    ).toBeGreaterThan(0);
    expect(
      await one(
        `select count(*) from tasks where ${open} and (due_at at time zone 'UTC')::date = (now() at time zone 'UTC')::date`,
      ),
    ).toBeGreaterThan(0);
    expect(
      await one(
        `select count(*) from tasks where ${open} and (due_at at time zone 'UTC')::date between (now() at time zone 'UTC')::date + 1 and (now() at time zone 'UTC')::date + 7`,
      ),
    ).toBeGreaterThan(0);
    expect(await one(`select count(*) from tasks where status = 'done' and completed_at is null`)).toBe(0);
  });

  it('sets owner and team on every business row, within the demo teams', async () => {
    for (const table of ['organisations', 'people', 'mandats', 'interactions', 'tasks']) {
      expect(await one(`select count(*) from ${table} where owner_id is null or team_id is null`), table).toBe(0);
      expect(
        await one(
          `select count(*) from ${table} r left join users u on u.id = r.owner_id where u.id is null or u.role = 'viewer'`,
        ),
        table,
      ).toBe(0);
    }
    expect(await one(`select count(*) from interactions where organisation_id is null and person_id is null`)).toBe(0);
  });

  it('gives demo users an unguessable argon2id password', async () => {
    const rows = await t.deps.database.db
      .select({ hash: users.passwordHash, email: users.email, active: users.isActive })
      .from(users);
    const demo = rows.filter((r) => r.email.endsWith('@crm-demo.example'));
    expect(demo).toHaveLength(DEMO_USERS.length);
    for (const u of demo) {
      expect(u.active).toBe(true);
      expect(u.hash?.startsWith('$argon2id$')).toBe(true);
    }
    for (const u of demo.slice(0, 1)) {
      expect(await verifyPassword(u.hash ?? '', 'password')).toBe(false);
    }
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: DEMO_USERS[0]?.email, password: 'Correct-Horse-Battery-42' },
    });
    expect(login.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('reuses the demo teams and users and adds no duplicate e-mail or ISIN when run again', async () => {
    const again = await seedDemoData(t.deps, { size: 40, seed: 7, now });
    expect(again.usersCreated).toBe(0);
    expect(await one('select count(*) from teams')).toBe(3);
    expect(await one('select count(*) - count(distinct lower(email)) from people')).toBe(0);
    expect(await one('select count(*) - count(distinct isin) from produits')).toBe(0);
  });
});
