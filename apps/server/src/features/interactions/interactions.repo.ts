import { and, asc, eq, getTableColumns, gte, inArray, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { keysetPage, parseSort, type SortField } from '../../platform/db/keyset.ts';
import { type ErasureSql, type ScrubOptions, scrubColumns } from '../../platform/db/scrub.ts';
import { escapeLike } from '../../platform/db/search.ts';
import type { PersonSubject, Reassignment } from '../../platform/entities/reassign.ts';
import { people } from '../people/people.schema.ts';
import type { InteractionDto, InteractionListFilter, ParticipantDto } from './interactions.contracts.ts';
import { interactionParticipants, interactions } from './interactions.schema.ts';

export type InteractionRow = typeof interactions.$inferSelect;
export type NewInteractionRow = typeof interactions.$inferInsert;
export type NewParticipant = { personId: string; role?: string | null; present?: boolean };

const { deletedBy: _d, ...rowColumns } = getTableColumns(interactions);

const sortable: Record<string, SortField> = {
  occurredAt: { expr: interactions.occurredAt, cast: 'timestamptz' },
  createdAt: { expr: interactions.createdAt, cast: 'timestamptz' },
};

/** Accent- and case-insensitive substring match over title and body (`%` and `_` literal). */
function searchCondition(q: string): SQL {
  const pattern = `%${escapeLike(q)}%`;
  return sql`crm_unaccent(lower(${interactions.title} || ' ' || coalesce(${interactions.body}, ''))) like crm_unaccent(lower(${pattern}))`;
}

function filterConditions(actor: Actor, f: Partial<InteractionListFilter>, deleted: boolean): SQL[] {
  const where: SQL[] = [deleted ? isNotNull(interactions.deletedAt) : isNull(interactions.deletedAt)];
  const scope = scopeFilter(actor, interactions);
  if (scope) where.push(scope);
  if (f.type) where.push(inArray(interactions.type, f.type));
  if (f.direction) where.push(inArray(interactions.direction, f.direction));
  if (f.organisationId) where.push(inArray(interactions.organisationId, f.organisationId));
  if (f.personId) {
    const viaParticipants = sql`exists (select 1 from ${interactionParticipants} where ${interactionParticipants.interactionId} = ${interactions.id} and ${inArray(interactionParticipants.personId, f.personId)})`;
    where.push(or(inArray(interactions.personId, f.personId), viaParticipants) as SQL);
  }
  if (f.mandatId) where.push(inArray(interactions.mandatId, f.mandatId));
  if (f.ownerId) where.push(inArray(interactions.ownerId, f.ownerId));
  if (f.teamId) where.push(inArray(interactions.teamId, f.teamId));
  if (f.createdBy) where.push(inArray(interactions.createdBy, f.createdBy));
  if (f.occurredFrom) where.push(gte(interactions.occurredAt, f.occurredFrom));
  if (f.occurredTo) where.push(lte(interactions.occurredAt, f.occurredTo));
  if (f.q) where.push(searchCondition(f.q));
  return where;
}

export async function listInteractions(
  db: Queryable,
  actor: Actor,
  f: InteractionListFilter,
  opts: { deleted?: boolean } = {},
): Promise<{ rows: InteractionRow[]; nextCursor: string | null; total: number }> {
  const sort = parseSort(f.sort, sortable, '-occurredAt');
  const where = filterConditions(actor, f, opts.deleted ?? false);
  return keysetPage<InteractionRow>(db, {
    table: interactions,
    id: interactions.id,
    columns: rowColumns,
    where,
    sort,
    ids: f.ids,
    cursor: f.cursor,
    limit: f.limit,
  });
}

/** A row the actor may see (live rows only unless `withDeleted`). */
export async function findInteraction(
  db: Queryable,
  actor: Actor,
  id: string,
  opts: { withDeleted?: boolean } = {},
): Promise<InteractionRow | null> {
  const where: SQL[] = [eq(interactions.id, id)];
  if (!opts.withDeleted) where.push(isNull(interactions.deletedAt));
  const scope = scopeFilter(actor, interactions);
  if (scope) where.push(scope);
  const [row] = await db
    .select()
    .from(interactions)
    .where(and(...where));
  return row ?? null;
}

/** The interaction synced from this external source and id, whoever owns it (deleted ones included). */
export async function findByExternalRef(
  db: Queryable,
  source: string,
  externalId: string,
): Promise<InteractionRow | null> {
  const [row] = await db
    .select()
    .from(interactions)
    .where(and(eq(interactions.externalSource, source), eq(interactions.externalId, externalId)));
  return row ?? null;
}

export async function insertInteraction(db: Queryable, values: NewInteractionRow): Promise<InteractionRow> {
  const [row] = await db.insert(interactions).values(values).returning();
  return row as InteractionRow;
}

export async function updateInteractionRow(
  db: Queryable,
  id: string,
  values: Partial<NewInteractionRow>,
): Promise<InteractionRow> {
  const [row] = await db.update(interactions).set(values).where(eq(interactions.id, id)).returning();
  return row as InteractionRow;
}

/** Replaces the participants of an interaction (one row per person; the last mention wins). */
export async function replaceParticipants(db: Queryable, interactionId: string, list: NewParticipant[]): Promise<void> {
  await db.delete(interactionParticipants).where(eq(interactionParticipants.interactionId, interactionId));
  const byPerson = new Map(list.map((p) => [p.personId, p]));
  if (byPerson.size === 0) return;
  await db.insert(interactionParticipants).values(
    [...byPerson.values()].map((p) => ({
      interactionId,
      personId: p.personId,
      role: p.role ?? null,
      present: p.present ?? true,
    })),
  );
}

/** Participants of several interactions, grouped by interaction id. */
export async function participantsOf(db: Queryable, ids: string[]): Promise<Map<string, ParticipantDto[]>> {
  const out = new Map<string, ParticipantDto[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      interactionId: interactionParticipants.interactionId,
      personId: interactionParticipants.personId,
      role: interactionParticipants.role,
      present: interactionParticipants.present,
    })
    .from(interactionParticipants)
    .where(inArray(interactionParticipants.interactionId, ids))
    .orderBy(asc(interactionParticipants.id));
  for (const { interactionId, ...p } of rows) {
    const list = out.get(interactionId) ?? [];
    list.push(p);
    out.set(interactionId, list);
  }
  return out;
}

/**
 * The interactions a merge changes: those whose person (or organisation) is `from`, and, for a person, those where
 * `from` is a participant and `to` is not (a participation `to` already has stays with `from`). Binned ones included.
 */
export async function interactionIdsToReassign(db: Queryable, s: Reassignment): Promise<string[]> {
  const col = s.kind === 'person' ? interactions.personId : interactions.organisationId;
  const direct = await db.select({ id: interactions.id }).from(interactions).where(eq(col, s.from));
  const ids = new Set(direct.map((r) => r.id));
  if (s.kind === 'person') {
    const ip = interactionParticipants;
    const parts = await db.select({ id: ip.interactionId }).from(ip).where(movableParticipations(s));
    for (const r of parts) ids.add(r.id);
  }
  return [...ids];
}

/** The participations of `s.from` in interactions `s.to` does not take part in (unique pairs). */
function movableParticipations(s: Reassignment): SQL {
  const ip = interactionParticipants;
  return and(
    eq(ip.personId, s.from),
    sql`${ip.interactionId} not in (select k.interaction_id from ${ip} k where k.person_id = ${s.to})`,
  ) as SQL;
}

/** Re-points the interactions and (for a person) the participations of `from` at `to`; the ids changed. */
export async function moveInteractionReferences(
  db: Queryable,
  s: Reassignment,
): Promise<{ interactions: string[]; participants: string[] }> {
  const moved = s.kind === 'person' ? { personId: s.to } : { organisationId: s.to };
  const col = s.kind === 'person' ? interactions.personId : interactions.organisationId;
  const rows = await db.update(interactions).set(moved).where(eq(col, s.from)).returning({ id: interactions.id });
  if (s.kind !== 'person') return { interactions: rows.map((r) => r.id), participants: [] };
  const ip = interactionParticipants;
  const parts = await db.update(ip).set({ personId: s.to }).where(movableParticipations(s)).returning({ id: ip.id });
  return { interactions: rows.map((r) => r.id), participants: parts.map((r) => r.id) };
}

/** Rows by id, whoever owns them, binned ones included (a merge's before and after). */
export async function interactionsByIds(db: Queryable, ids: string[]): Promise<InteractionRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(interactions).where(inArray(interactions.id, ids)).orderBy(asc(interactions.id));
}

/**
 * The interactions about a person (as subject or participant) the actor may see, binned ones included, oldest
 * first, each with the person's participant role (null when only the subject): the RGPD export's rows.
 */
export async function interactionsAboutPerson(db: Queryable, actor: Actor, subject: PersonSubject) {
  const participations = await db
    .select({ interactionId: interactionParticipants.interactionId, role: interactionParticipants.role })
    .from(interactionParticipants)
    .where(eq(interactionParticipants.personId, subject.id));
  const viaParticipant = participations.map((p) => p.interactionId);
  const about = viaParticipant.length
    ? (or(eq(interactions.personId, subject.id), inArray(interactions.id, viaParticipant)) as SQL)
    : eq(interactions.personId, subject.id);
  const scope = scopeFilter(actor, interactions);
  const rows = await db
    .select()
    .from(interactions)
    .where(scope ? and(about, scope) : about)
    .orderBy(asc(interactions.occurredAt));
  return rows.map((i) => ({
    ...i,
    participantRole: participations.find((p) => p.interactionId === i.id)?.role ?? null,
  }));
}

/** Moves people's last activity forward to `at` (never backwards). */
export async function touchPeopleActivity(db: Queryable, personIds: string[], at: Date): Promise<void> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return;
  await db
    .update(people)
    .set({
      lastActivityAt: sql`greatest(${people.lastActivityAt}, ${at.toISOString()}::timestamptz)`,
      updatedAt: sql`${people.updatedAt}`,
    })
    .where(inArray(people.id, ids));
}

export function toInteractionDto(row: InteractionRow, participants: ParticipantDto[]): InteractionDto {
  const { deletedBy: _db, externalParticipants, ...rest } = row as InteractionRow & { deletedBy?: unknown };
  return {
    ...rest,
    externalParticipants: (externalParticipants ?? []) as InteractionDto['externalParticipants'],
    participants,
  };
}

/** RGPD erasure: the erased person's values replaced in the interactions (titles, bodies, outcomes, external participants); returns the ids of the rows changed (with `dryRun`: that hold one). */
export async function scrubInteractionTexts(db: Queryable, e: ErasureSql, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubColumns(
    db,
    interactions,
    { title: 'text', body: 'text', outcome: 'text', externalParticipants: 'json' },
    e,
    opts,
  );
}
