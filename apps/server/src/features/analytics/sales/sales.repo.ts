import { MANDAT_STAGES, OPEN_MANDAT_STAGES } from '@crm/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { scopeSql } from '../../../platform/auth/scope.ts';
import type { Actor } from '../../../platform/context.ts';
import { type Queryable, rowsOf } from '../../../platform/db/client.ts';
import type { Granularity, Period } from '../../../platform/time/period.ts';

/**
 * The SQL of the sales analytics (docs/SALES_ANALYTICS.md). Every query reads the live rows the caller
 * may see (the scope rule of docs/DOMAIN.md: admins everything, others what they own and what their team owns),
 * narrowed by the filters, and aggregates in the database. Days, weeks and months are those of Europe/Paris; amounts
 * are those of one currency (`currency`), rounded to cents.
 */

export interface SalesFilter {
  actor: Actor;
  teamId?: string;
  ownerIds?: string[];
  kind?: 'distribution' | 'placement';
  currency: string;
}

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const between = (column: SQL, p: Pick<Period, 'start' | 'end'>) =>
  sql`${column} >= ${at(p.start)} and ${column} < ${at(p.end)}`;
const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const nOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * Live owned rows the caller sees (the scope rule, `scopeSql`), narrowed by team and owners: `alias.owner_id` /
 * `alias.team_id` / `alias.deleted_at`.
 */
function ownedRows(alias: string, f: Pick<SalesFilter, 'actor' | 'teamId' | 'ownerIds'>): SQL {
  const a = sql.identifier(alias);
  const parts: SQL[] = [sql`${a}.deleted_at is null`, scopeSql(f.actor, alias)];
  if (f.teamId) parts.push(sql`${a}.team_id = ${f.teamId}`);
  if (f.ownerIds?.length) parts.push(sql`${a}.owner_id in (${list(f.ownerIds)})`);
  return sql.join(parts, sql` and `);
}

/** The mandates of the analysis (alias `m`): visible, live, filtered, in the currency. */
function mandatRows(f: SalesFilter, opts: { currency?: boolean } = {}): SQL {
  const parts = [ownedRows('m', f)];
  if (f.kind) parts.push(sql`m.kind = ${f.kind}`);
  if (opts.currency !== false) parts.push(sql`m.currency = ${f.currency}`);
  return sql.join(parts, sql` and `);
}

const paris = (column: SQL) => sql`(${column} at time zone 'Europe/Paris')`;
function bucketOfColumn(column: SQL, granularity: Granularity): SQL {
  return sql`to_char(date_trunc(${granularity}, ${paris(column)}), 'YYYY-MM-DD')`;
}
const money = (expr: SQL) => sql`coalesce(round(${expr}, 2), 0)::float8`;

export interface RevenueBucket {
  bucket: string;
  won: number;
  amount: number;
  commission: number;
}

/** Won mandates by the bucket of their closing (`closed_at`): count, amount, commission (amount × rate / 100). */
export async function revenueByBucket(
  db: Queryable,
  f: SalesFilter,
  period: Period,
  granularity: Granularity,
): Promise<RevenueBucket[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select ${bucketOfColumn(sql`m.closed_at`, granularity)} as bucket, count(*)::int as won,
        ${money(sql`sum(m.amount)`)} as amount,
        ${money(sql`sum(m.amount * coalesce(m.commission_rate, 0) / 100)`)} as commission
      from mandats m
      where m.stage = 'gagne' and ${between(sql`m.closed_at`, period)} and ${mandatRows(f)}
      group by 1 order by 1`),
  );
  return rows.map((r) => ({
    bucket: String(r.bucket),
    won: n(r.won),
    amount: n(r.amount),
    commission: n(r.commission),
  }));
}

/** Won mandates of the period in other currencies than the analysed one (left out of the amounts, counted). */
export async function wonInOtherCurrencies(db: Queryable, f: SalesFilter, period: Period): Promise<number> {
  const [r] = rowsOf(
    await db.execute(sql`
      select count(*)::int as n from mandats m
      where m.stage = 'gagne' and ${between(sql`m.closed_at`, period)} and ${mandatRows(f, { currency: false })}
        and m.currency <> ${f.currency}`),
  );
  return n(r?.n);
}

const stageRank = (column: SQL) =>
  sql`(case ${column} ${sql.join(
    MANDAT_STAGES.filter((s) => s !== 'perdu').map((s, i) => sql`when ${s} then ${i + 1}`),
    sql` `,
  )} end)`;

export interface FunnelRow {
  stage: string;
  reached: number;
  lostFrom: number;
  medianDays: number | null;
  p80Days: number | null;
  timed: number;
}

/**
 * The stage funnel of the mandates created in the period (their first stage change, "from nothing", in it): per
 * stage of the pipeline's order, how many reached it or a later one (stages may be skipped: a mandate in pitch has
 * passed rdv), how many were lost from it, and the time spent in it (from entering it to the next move, moves that
 * happened, whatever their date) as median and 80th percentile in days.
 */
export async function stageFunnel(db: Queryable, f: SalesFilter, period: Period): Promise<FunnelRow[]> {
  const cohort = sql`
    cohort as (
      select m.id from mandats m
      where ${between(sql`m.created_at`, period)} and ${mandatRows(f, { currency: false })}
    )`;
  // Three reads of the same cohort, sent at once (each on its own connection of the pool).
  const [reachedRows, lostRows, dwellRows] = await Promise.all([
    db.execute(sql`
      with ${cohort},
      best as (
        select c.mandat_id, max(${stageRank(sql`c.to_stage`)}) as r
        from mandat_stage_changes c join cohort on cohort.id = c.mandat_id
        where c.to_stage <> 'perdu' group by c.mandat_id
      )
      select ${sql.join(
        MANDAT_STAGES.filter((s) => s !== 'perdu').map(
          (s, i) => sql`count(*) filter (where r >= ${i + 1})::int as ${sql.identifier(s)}`,
        ),
        sql`, `,
      )}
      from best`),
    db.execute(sql`
      with ${cohort}
      select c.from_stage as stage, count(distinct c.mandat_id)::int as n
      from mandat_stage_changes c join cohort on cohort.id = c.mandat_id
      where c.to_stage = 'perdu' and c.from_stage is not null group by 1`),
    db.execute(sql`
      with ${cohort},
      moves as (
        select c.to_stage as stage,
          extract(epoch from (lead(c.changed_at) over (partition by c.mandat_id order by c.changed_at, c.id) - c.changed_at))::float8 as secs
        from mandat_stage_changes c join cohort on cohort.id = c.mandat_id
      )
      select stage, count(*)::int as timed,
        round((percentile_cont(0.5) within group (order by secs) / 86400)::numeric, 2)::float8 as median,
        round((percentile_cont(0.8) within group (order by secs) / 86400)::numeric, 2)::float8 as p80
      from moves where secs is not null group by stage`),
  ]);
  const reached = rowsOf(reachedRows)[0];
  const lost = rowsOf(lostRows);
  const dwell = rowsOf(dwellRows);
  const lostBy = new Map(lost.map((r) => [String(r.stage), n(r.n)]));
  const dwellBy = new Map(dwell.map((r) => [String(r.stage), r]));
  return MANDAT_STAGES.filter((s) => s !== 'perdu').map((stage) => {
    const d = dwellBy.get(stage);
    return {
      stage,
      reached: n(reached?.[stage]),
      lostFrom: lostBy.get(stage) ?? 0,
      medianDays: nOrNull(d?.median),
      p80Days: nOrNull(d?.p80),
      timed: n(d?.timed),
    };
  });
}

/** The mandates created in the period by their current stage: count and amount. */
export async function dealStatus(db: Queryable, f: SalesFilter, period: Period) {
  const rows = rowsOf(
    await db.execute(sql`
      select m.stage, count(*)::int as count, ${money(sql`sum(m.amount)`)} as amount
      from mandats m where ${between(sql`m.created_at`, period)} and ${mandatRows(f)}
      group by m.stage`),
  );
  const by = new Map(rows.map((r) => [String(r.stage), r]));
  return MANDAT_STAGES.map((stage) => ({ stage, count: n(by.get(stage)?.count), amount: n(by.get(stage)?.amount) }));
}

/** The organisations with the largest won amount in the period. */
export async function topOrganisations(db: Queryable, f: SalesFilter, period: Period, limit: number) {
  const rows = rowsOf(
    await db.execute(sql`
      select o.id, o.name, o.type, count(*)::int as won, ${money(sql`sum(m.amount)`)} as amount
      from mandats m join organisations o on o.id = m.organisation_id
      where m.stage = 'gagne' and ${between(sql`m.closed_at`, period)} and ${mandatRows(f)}
      group by o.id, o.name, o.type
      order by amount desc, o.name, o.id
      limit ${limit}`),
  );
  return rows.map((r) => ({
    organisationId: String(r.id),
    name: String(r.name),
    type: String(r.type),
    won: n(r.won),
    amount: n(r.amount),
  }));
}

/** Per owner: mandates opened (created), won and lost (closed) in the period, won amount, average, median cycle. */
export async function mandatPerformance(db: Queryable, f: SalesFilter, period: Period) {
  const won = sql`m.stage = 'gagne' and ${between(sql`m.closed_at`, period)}`;
  const rows = rowsOf(
    await db.execute(sql`
      select m.owner_id,
        count(*) filter (where ${between(sql`m.created_at`, period)})::int as opened,
        count(*) filter (where ${won})::int as won,
        count(*) filter (where m.stage = 'perdu' and ${between(sql`m.closed_at`, period)})::int as lost,
        ${money(sql`sum(m.amount) filter (where ${won})`)} as won_amount,
        round(avg(m.amount) filter (where ${won}), 2)::float8 as average,
        round((percentile_cont(0.5) within group (order by extract(epoch from m.closed_at - m.created_at)::float8)
          filter (where ${won}) / 86400)::numeric, 1)::float8 as cycle
      from mandats m
      where ${mandatRows(f)}
        and (${between(sql`m.created_at`, period)} or ${between(sql`m.closed_at`, period)})
      group by m.owner_id`),
  );
  return rows.map((r) => ({
    userId: String(r.owner_id),
    opened: n(r.opened),
    won: n(r.won),
    lost: n(r.lost),
    wonAmount: n(r.won_amount),
    averageDeal: nOrNull(r.average),
    cycleDays: nOrNull(r.cycle),
  }));
}

/** The interactions of the period the caller sees (alias `i`), narrowed by team and owners. */
const interactionRows = (f: SalesFilter, period: Period) =>
  sql`${ownedRows('i', f)} and ${between(sql`i.occurred_at`, period)}`;

/** Interactions per owner in the period. */
export async function interactionsPerOwner(db: Queryable, f: SalesFilter, period: Period) {
  const rows = rowsOf(
    await db.execute(sql`
      select i.owner_id, count(*)::int as n from interactions i where ${interactionRows(f, period)} group by 1`),
  );
  return new Map(rows.map((r) => [String(r.owner_id), n(r.n)]));
}

/** Names of users (the performance table's rows). */
export async function userNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = rowsOf(await db.execute(sql`select id, name from users where id in (${list(ids)})`));
  return new Map(rows.map((r) => [String(r.id), String(r.name)]));
}

/** Interactions per Paris day and type (the calendar heatmap). */
export async function activityByDay(db: Queryable, f: SalesFilter, period: Period) {
  const rows = rowsOf(
    await db.execute(sql`
      select to_char(d.day, 'YYYY-MM-DD') as day, d.type, d.n from (${interactionsPerDay(f, period)}) d order by 1, 2`),
  );
  return rows.map((r) => ({ day: String(r.day), type: String(r.type), count: n(r.n) }));
}

/**
 * Interactions per Paris day and type (`day` a date): the grouping both activity answers start from, written as the
 * extended statistics of migration 0026 write it, so that PostgreSQL knows how few groups it makes and hashes them
 * (docs/SALES_ANALYTICS.md, "Speed").
 */
const interactionsPerDay = (f: SalesFilter, period: Period) => sql`
  select (${paris(sql`i.occurred_at`)})::date as day, i.type, count(*)::int as n
  from interactions i where ${interactionRows(f, period)} group by 1, 2`;

/** Per bucket: meetings (`reunion`, `visio`), pitches, calls and e-mails logged, and mandates won. */
export async function activityTrends(db: Queryable, f: SalesFilter, period: Period, granularity: Granularity) {
  const interactions = rowsOf(
    await db.execute(sql`
      select to_char(date_trunc(${granularity}, d.day::timestamp), 'YYYY-MM-DD') as bucket,
        coalesce(sum(d.n) filter (where d.type in ('reunion', 'visio')), 0)::int as meetings,
        coalesce(sum(d.n) filter (where d.type = 'pitch'), 0)::int as pitches,
        coalesce(sum(d.n) filter (where d.type = 'appel'), 0)::int as calls,
        coalesce(sum(d.n) filter (where d.type = 'email'), 0)::int as emails
      from (${interactionsPerDay(f, period)}) d group by 1`),
  );
  const closings = rowsOf(
    await db.execute(sql`
      select ${bucketOfColumn(sql`m.closed_at`, granularity)} as bucket, count(*)::int as won
      from mandats m where m.stage = 'gagne' and ${between(sql`m.closed_at`, period)} and ${mandatRows(f, { currency: false })}
      group by 1`),
  );
  return { interactions, closings };
}

/**
 * Campaign e-mails per bucket of the events' time: each e-mail counted once per kind of event (a person's opens and
 * clicks only), for the contacts of the analysis (visible, of the team or owners asked).
 */
export async function emailVolume(db: Queryable, f: SalesFilter, period: Period, granularity: Granularity) {
  return rowsOf(
    await db.execute(sql`
      select ${bucketOfColumn(sql`e.at`, granularity)} as bucket,
        count(distinct e.send_id) filter (where e.type = 'sent')::int as sent,
        count(distinct e.send_id) filter (where e.type = 'delivered')::int as delivered,
        count(distinct e.send_id) filter (where e.type = 'opened' and not e.machine)::int as opened,
        count(distinct e.send_id) filter (where e.type = 'clicked' and not e.machine)::int as clicked,
        count(distinct e.send_id) filter (where e.type = 'bounced')::int as bounced,
        count(distinct e.send_id) filter (where e.type = 'unsubscribed')::int as unsubscribed
      from email_events e
      join campaign_recipients r on r.id = e.recipient_id
      join people p on p.id = r.person_id
      where ${between(sql`e.at`, period)} and ${ownedRows('p', f)}
      group by 1`),
  );
}

/** Per organisation type: the organisations the caller sees, and the mandates won with them in the period. */
export async function organisationTypes(db: Queryable, f: SalesFilter, period: Period) {
  const orgs = rowsOf(
    await db.execute(sql`
      select o.type, count(*)::int as n from organisations o where ${ownedRows('o', f)} group by 1`),
  );
  const won = rowsOf(
    await db.execute(sql`
      select o.type, count(*)::int as won, ${money(sql`sum(m.amount)`)} as amount
      from mandats m join organisations o on o.id = m.organisation_id
      where m.stage = 'gagne' and ${between(sql`m.closed_at`, period)} and ${mandatRows(f)}
      group by 1`),
  );
  return { orgs, won };
}

/** Mandates closed in the period by source: won and lost, with the won amount (the sankey's flows). */
export async function sourceFlows(db: Queryable, f: SalesFilter, period: Period) {
  const rows = rowsOf(
    await db.execute(sql`
      select m.source, count(*) filter (where m.stage = 'gagne')::int as won,
        count(*) filter (where m.stage = 'perdu')::int as lost,
        ${money(sql`sum(m.amount) filter (where m.stage = 'gagne')`)} as amount
      from mandats m
      where m.stage in ('gagne', 'perdu') and ${between(sql`m.closed_at`, period)} and ${mandatRows(f)}
      group by 1`),
  );
  return rows.map((r) => ({
    source: r.source === null ? null : String(r.source),
    won: n(r.won),
    lost: n(r.lost),
    wonAmount: n(r.amount),
  }));
}

export interface LostReasonRow {
  code: string | null;
  stage: string | null;
  count: number;
  amount: number;
  otherCurrencies: number;
}

/**
 * Mandates lost in the period (`closed_at`) by reason and by the stage they were lost from: the `from_stage` of their
 * last move to perdu in the stage history (null: created lost). Count and amount of those in the currency; the
 * others counted apart.
 */
export async function lostReasons(db: Queryable, f: SalesFilter, period: Period): Promise<LostReasonRow[]> {
  const inCurrency = sql`lost.currency = ${f.currency}`;
  const rows = rowsOf(
    await db.execute(sql`
      with lost as (
        select m.id, m.lost_reason_code, m.amount, m.currency from mandats m
        where m.stage = 'perdu' and ${between(sql`m.closed_at`, period)} and ${mandatRows(f, { currency: false })}
      ),
      last_move as (
        select distinct on (c.mandat_id) c.mandat_id, c.from_stage
        from mandat_stage_changes c join lost on lost.id = c.mandat_id
        where c.to_stage = 'perdu'
        order by c.mandat_id, c.changed_at desc, c.id desc
      )
      select lost.lost_reason_code as code, last_move.from_stage as stage,
        count(*) filter (where ${inCurrency})::int as count,
        ${money(sql`sum(lost.amount) filter (where ${inCurrency})`)} as amount,
        count(*) filter (where not (${inCurrency}))::int as other
      from lost left join last_move on last_move.mandat_id = lost.id
      group by 1, 2`),
  );
  return rows.map((r) => ({
    code: r.code === null ? null : String(r.code),
    stage: r.stage === null ? null : String(r.stage),
    count: n(r.count),
    amount: n(r.amount),
    otherCurrencies: n(r.other),
  }));
}

/**
 * The open pipeline by month of expected closing (`expected_close_date`, a calendar date): count, amount and amount
 * weighted by probability; the open mandates expected before `from` (overdue) and without a date apart.
 */
export async function openPipeline(db: Queryable, f: SalesFilter, period: Pick<Period, 'from' | 'to'>) {
  const rows = rowsOf(
    await db.execute(sql`
      select case
          when m.expected_close_date is null then 'undated'
          when m.expected_close_date < ${period.from}::date then 'overdue'
          when m.expected_close_date > ${period.to}::date then 'later'
          else to_char(date_trunc('month', m.expected_close_date), 'YYYY-MM-DD') end as bucket,
        count(*)::int as count, ${money(sql`sum(m.amount)`)} as amount,
        ${money(sql`sum(m.amount * m.probability / 100.0)`)} as weighted
      from mandats m
      where m.stage in (${list(OPEN_MANDAT_STAGES)}) and ${mandatRows(f)}
      group by 1`),
  );
  return rows.map((r) => ({
    bucket: String(r.bucket),
    count: n(r.count),
    amount: n(r.amount),
    weighted: n(r.weighted),
  }));
}

/** What moved in the window: mandates created, won and lost (count and amount). */
export async function pipelineMoves(db: Queryable, f: SalesFilter, window: Pick<Period, 'start' | 'end'>) {
  const [r] = rowsOf(
    await db.execute(sql`
      select
        count(*) filter (where ${between(sql`m.created_at`, window)})::int as created,
        ${money(sql`sum(m.amount) filter (where ${between(sql`m.created_at`, window)})`)} as created_amount,
        count(*) filter (where m.stage = 'gagne' and ${between(sql`m.closed_at`, window)})::int as won,
        ${money(sql`sum(m.amount) filter (where m.stage = 'gagne' and ${between(sql`m.closed_at`, window)})`)} as won_amount,
        count(*) filter (where m.stage = 'perdu' and ${between(sql`m.closed_at`, window)})::int as lost,
        ${money(sql`sum(m.amount) filter (where m.stage = 'perdu' and ${between(sql`m.closed_at`, window)})`)} as lost_amount
      from mandats m where ${mandatRows(f)}
        and (${between(sql`m.created_at`, window)} or ${between(sql`m.closed_at`, window)})`),
  );
  return {
    created: { count: n(r?.created), amount: n(r?.created_amount) },
    won: { count: n(r?.won), amount: n(r?.won_amount) },
    lost: { count: n(r?.lost), amount: n(r?.lost_amount) },
  };
}

/**
 * Organisations the caller sees by country and postal-code prefix (3 characters, spaces removed), and the mandates
 * won with them in the period: the service maps prefixes to departments and regions.
 */
export async function organisationsByPlace(db: Queryable, f: SalesFilter, period: Period) {
  const postal = sql`left(regexp_replace(coalesce(o.postal_code, ''), '\\s', '', 'g'), 5)`;
  const orgs = rowsOf(
    await db.execute(sql`
      select o.country_code as country, ${postal} as postal,
        count(*)::int as n
      from organisations o where ${ownedRows('o', f)} group by o.country_code, ${postal}`),
  );
  const won = rowsOf(
    await db.execute(sql`
      select o.country_code as country, ${postal} as postal,
        count(*)::int as won, ${money(sql`sum(m.amount)`)} as amount
      from mandats m join organisations o on o.id = m.organisation_id
      where m.stage = 'gagne' and ${between(sql`m.closed_at`, period)} and ${mandatRows(f)}
      group by o.country_code, ${postal}`),
  );
  const key = (r: Record<string, unknown>) => ({ country: String(r.country), postal: String(r.postal ?? '') });
  return {
    organisations: orgs.map((r) => ({ ...key(r), organisations: n(r.n) })),
    won: won.map((r) => ({ ...key(r), won: n(r.won), amount: n(r.amount) })),
  };
}

/**
 * The amounts won in the period by fund: a mandate's amount split evenly between its funds (`mandat_produits`), a
 * mandate without a fund under none; with each fund's asset class and category (the treemap's levels).
 */
export async function revenueByFund(db: Queryable, f: SalesFilter, period: Period) {
  const rows = rowsOf(
    await db.execute(sql`
      with won as (
        select m.id, m.amount, (select count(*) from mandat_produits mp where mp.mandat_id = m.id) as funds
        from mandats m
        where m.stage = 'gagne' and ${between(sql`m.closed_at`, period)} and ${mandatRows(f)}
      )
      select p.id, p.name, p.asset_class, p.category, count(distinct won.id)::int as mandats,
        ${money(sql`sum(won.amount / greatest(won.funds, 1))`)} as amount
      from won
      left join mandat_produits mp on mp.mandat_id = won.id
      left join produits p on p.id = mp.produit_id
      group by p.id, p.name, p.asset_class, p.category
      order by amount desc, p.name nulls last`),
  );
  return rows.map((r) => ({
    produitId: r.id === null ? null : String(r.id),
    name: r.name === null ? null : String(r.name),
    assetClass: r.asset_class === null ? null : String(r.asset_class),
    category: r.category === null ? null : String(r.category),
    mandats: n(r.mandats),
    amount: n(r.amount),
  }));
}
