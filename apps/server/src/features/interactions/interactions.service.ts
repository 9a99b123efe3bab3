import { type AuditEntry, audit, auditMany, diffFields, previousValues } from '../../platform/audit/audit.ts';
import { resolveOwnership } from '../../platform/auth/ownership.ts';
import { assertCanModify } from '../../platform/auth/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { erasureSql, type ScrubOptions } from '../../platform/db/scrub.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { assertAllVisible, assertLinksVisible } from '../../platform/entities/links.ts';
import type { Erasure } from '../../platform/entities/reassign.ts';
import { type PersonSubject, type Reassignment, reassignMetadata } from '../../platform/entities/reassign.ts';
import { AppError } from '../../platform/errors.ts';
import { type EventItem, emit, emitMany } from '../../platform/events/emit.ts';
import type {
  CreateInteractionData,
  InteractionDto,
  InteractionListFilter,
  UpdateInteractionInput,
} from './interactions.contracts.ts';
import {
  findByExternalRef,
  findInteraction,
  type InteractionRow,
  insertInteraction,
  interactionIdsToReassign,
  interactionsAboutPerson,
  interactionsByIds,
  listInteractions,
  moveInteractionReferences,
  participantsOf,
  replaceParticipants,
  scrubInteractionTexts,
  toInteractionDto,
  touchPeopleActivity,
  updateInteractionRow,
} from './interactions.repo.ts';

const ENTITY = 'interaction';
const notFound = (id: string) => new AppError('interaction.not_found', `Interaction ${id} was not found`);

async function withParticipants(db: Tx['db'] | Ctx['deps']['database']['db'], rows: InteractionRow[]) {
  const parts = await participantsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toInteractionDto(r, parts.get(r.id) ?? []));
}

export async function listInteractionsFor(ctx: Ctx, filter: InteractionListFilter, opts: { deleted?: boolean } = {}) {
  const db = ctx.deps.database.db;
  const r = await listInteractions(db, ctx.actor, filter, opts);
  return { items: await withParticipants(db, r.rows), nextCursor: r.nextCursor, total: r.total };
}

export async function getInteraction(ctx: Ctx, id: string): Promise<InteractionDto> {
  const db = ctx.deps.database.db;
  const row = await findInteraction(db, ctx.actor, id);
  if (!row) throw notFound(id);
  const [dto] = await withParticipants(db, [row]);
  return dto as InteractionDto;
}

function assertTarget(v: { organisationId?: string | null; personId?: string | null }) {
  if (!v.organisationId && !v.personId) {
    throw new AppError('interaction.target_required', 'An interaction needs an organisation or a person', {
      status: 400,
      fields: [{ path: 'body.organisationId', message: 'organisationId or personId is required', code: 'required' }],
    });
  }
}

/**
 * Creates an interaction in the caller's transaction (also used when completing a task logs one): checks
 * the links, sets owner/team, writes participants, moves the people's last activity, audits and emits
 * `interaction.created`.
 */
export async function createInteractionInTx(t: Tx, input: CreateInteractionData): Promise<InteractionDto> {
  const { ctx } = t;
  assertTarget(input);
  const { participants = [], ownerId, externalParticipants = [], ...fields } = input;
  await assertLinksVisible(t.db, ctx, fields, ENTITY);
  await assertAllVisible(t.db, ctx, {
    type: 'person',
    ids: participants.map((p) => p.personId),
    feature: ENTITY,
    path: 'body.participants',
  });
  const owner = await resolveOwnership(ctx, t.db, ownerId);
  const row = await insertInteraction(t.db, {
    ...fields,
    externalParticipants,
    ...owner,
    createdBy: ctx.actor.userId,
  });
  await replaceParticipants(t.db, row.id, participants);
  const touched = [...participants.map((p) => p.personId), ...(row.personId ? [row.personId] : [])];
  await touchPeopleActivity(t.db, touched, row.occurredAt);
  const [dto] = await withParticipants(t.db, [row]);
  const created = dto as InteractionDto;
  await audit(t, { entityType: ENTITY, entityId: row.id, action: 'create', changes: diffFields(null, created) });
  await emit(t, 'interaction.created', { interaction: created });
  return created;
}

/**
 * Creates an interaction. With `externalSource` + `externalId` the call is idempotent: when that pair
 * exists already, the existing interaction is returned (`created: false`) instead of a duplicate.
 */
export async function createInteraction(
  ctx: Ctx,
  input: CreateInteractionData,
): Promise<{ interaction: InteractionDto; created: boolean }> {
  const existing = await existingExternal(ctx, input);
  if (existing) return { interaction: existing, created: false };
  try {
    return { interaction: await withTx(ctx, (t) => createInteractionInTx(t, input)), created: true };
  } catch (err) {
    // Two syncs racing on the same external id: the loser answers with the winner's row.
    if (input.externalSource && isUniqueViolation(err)) {
      const winner = await existingExternal(ctx, input);
      if (winner) return { interaction: winner, created: false };
    }
    throw err;
  }
}

async function existingExternal(ctx: Ctx, input: CreateInteractionData): Promise<InteractionDto | null> {
  if (!input.externalSource || !input.externalId) return null;
  const db = ctx.deps.database.db;
  const row = await findByExternalRef(db, input.externalSource, input.externalId);
  if (!row) return null;
  const visible = await findInteraction(db, ctx.actor, row.id, { withDeleted: true });
  if (!visible) {
    throw new AppError('interaction.duplicate', 'An interaction with this external source and id already exists', {
      status: 409,
    });
  }
  const [dto] = await withParticipants(db, [visible]);
  return dto as InteractionDto;
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === '23505') return true;
  }
  return false;
}

export async function updateInteraction(ctx: Ctx, id: string, patch: UpdateInteractionInput): Promise<InteractionDto> {
  return withTx(ctx, async (t) => {
    const before = await findInteraction(t.db, ctx.actor, id);
    if (!before) throw notFound(id);
    assertCanModify(ctx.actor, before);
    const { participants, ownerId, ...fields } = patch;
    assertTarget({
      organisationId: fields.organisationId === undefined ? before.organisationId : fields.organisationId,
      personId: fields.personId === undefined ? before.personId : fields.personId,
    });
    await assertLinksVisible(t.db, ctx, fields, ENTITY);
    const values: Record<string, unknown> = { ...fields };
    if (ownerId !== undefined && ownerId !== before.ownerId) {
      Object.assign(values, await resolveOwnership(ctx, t.db, ownerId));
    }
    const [beforeDto] = await withParticipants(t.db, [before]);
    const changes = diffFields(beforeDto as InteractionDto, values);
    if (participants) {
      await assertAllVisible(t.db, ctx, {
        type: 'person',
        ids: participants.map((p) => p.personId),
        feature: ENTITY,
        path: 'body.participants',
      });
      const next = participants.map((p) => ({
        personId: p.personId,
        role: p.role ?? null,
        present: p.present ?? true,
      }));
      if (JSON.stringify(next) !== JSON.stringify(beforeDto?.participants)) {
        await replaceParticipants(t.db, id, participants);
        changes.participants = { before: beforeDto?.participants ?? [], after: next };
      }
    }
    if (Object.keys(changes).length === 0) return beforeDto as InteractionDto;
    const row = await updateInteractionRow(t.db, id, values);
    const [dto] = await withParticipants(t.db, [row]);
    await audit(t, { entityType: ENTITY, entityId: id, action: 'update', changes });
    await emit(t, 'interaction.updated', {
      interaction: dto as InteractionDto,
      changes: Object.keys(changes),
      previous: previousValues(changes),
    });
    return dto as InteractionDto;
  });
}

/** Moves an interaction to the recycle bin (restorable). */
export async function deleteInteraction(ctx: Ctx, id: string): Promise<void> {
  await withTx(ctx, async (t) => {
    const before = await findInteraction(t.db, ctx.actor, id);
    if (!before) throw notFound(id);
    assertCanModify(ctx.actor, before);
    const row = await updateInteractionRow(t.db, id, { deletedAt: ctx.deps.clock.now(), deletedBy: ctx.actor.userId });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'delete' });
    const [dto] = await withParticipants(t.db, [row]);
    await emit(t, 'interaction.deleted', { interaction: dto as InteractionDto });
  });
}

export async function restoreInteraction(ctx: Ctx, id: string): Promise<InteractionDto> {
  return withTx(ctx, async (t) => {
    const before = await findInteraction(t.db, ctx.actor, id, { withDeleted: true });
    if (!before?.deletedAt) throw new AppError('interaction.not_found', `No deleted interaction ${id}`);
    assertCanModify(ctx.actor, before);
    const row = await updateInteractionRow(t.db, id, { deletedAt: null, deletedBy: null });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'restore' });
    const [dto] = await withParticipants(t.db, [row]);
    await emit(t, 'interaction.restored', { interaction: dto as InteractionDto });
    return dto as InteractionDto;
  });
}

/**
 * A merge's part: the interactions of person (or organisation) `from` move to `to`, as do the participations of
 * person `from` in interactions `to` does not take part in (the others stay with `from`). Whoever owns them, binned
 * ones included. Each interaction changed is audited (`update`, with the merge in the metadata) and announced as
 * `interaction.updated` with `changes` and `previous` (`personId` / `organisationId`, `participants`), in the
 * caller's transaction. Returns the ids of the interactions re-pointed and of the participations moved.
 */
export async function reassignInteractions(
  t: Tx,
  s: Reassignment,
): Promise<{ interactions: string[]; participants: string[] }> {
  const ids = await interactionIdsToReassign(t.db, s);
  if (ids.length === 0) return { interactions: [], participants: [] };
  const before = await withParticipants(t.db, await interactionsByIds(t.db, ids));
  const moved = await moveInteractionReferences(t.db, s);
  const after = await withParticipants(t.db, await interactionsByIds(t.db, ids));
  const field = s.kind === 'person' ? 'personId' : 'organisationId';
  const entries: AuditEntry[] = [];
  const announced: EventItem[] = [];
  after.forEach((dto, i) => {
    const was = before[i] as InteractionDto;
    const changes = diffFields(was, { [field]: dto[field] });
    if (JSON.stringify(dto.participants) !== JSON.stringify(was.participants)) {
      changes.participants = { before: was.participants, after: dto.participants };
    }
    if (Object.keys(changes).length === 0) return;
    entries.push({ entityType: ENTITY, entityId: dto.id, action: 'update', changes, metadata: reassignMetadata(s) });
    announced.push({
      type: 'interaction.updated',
      payload: { interaction: dto, changes: Object.keys(changes), previous: previousValues(changes) },
    });
  });
  await auditMany(t, entries);
  await emitMany(t, announced);
  return moved;
}

/**
 * The RGPD export's interactions about a person (as subject or participant, with `participantRole`), binned ones
 * included, limited to what the caller may see; oldest first.
 */
export function interactionRecordsOf(t: Tx, subject: PersonSubject) {
  return interactionsAboutPerson(t.db, t.ctx.actor, subject);
}

/**
 * RGPD erasure (docs/DOMAIN.md, "Anonymisation"): the person's exact values (names, e-mails, phones) replaced by the
 * placeholder in the interactions (titles, bodies, outcomes, external participants), whoever owns them; the rest of each text stays. Neither audited row by row nor
 * announced (an event would carry the values again): the anonymisation's audit row counts them.
 */
export function scrubInteractionsOf(t: Tx, erasure: Erasure, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubInteractionTexts(t.db, erasureSql(erasure), opts);
}
