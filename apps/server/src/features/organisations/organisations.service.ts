import { audit, diffFields, previousValues } from '../../platform/audit/audit.ts';
import { resolveOwnership } from '../../platform/auth/ownership.ts';
import { assertCanModify } from '../../platform/auth/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { erasureSql, type ScrubOptions } from '../../platform/db/scrub.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import type { Erasure } from '../../platform/entities/reassign.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events/emit.ts';
import { organisationNameKey } from './name-key.ts';
import type {
  CreateOrganisationInput,
  OrganisationDto,
  OrganisationListFilter,
  UpdateOrganisationInput,
  UpsertOrganisationInput,
} from './organisations.contracts.ts';
import {
  DUPLICATE_NAME_SIMILARITY,
  findOrganisation,
  findOrganisationsByNameKey,
  findSimilarOrganisations,
  insertOrganisation,
  listOrganisations,
  scrubOrganisationNotes,
  toOrganisationDto,
  updateOrganisationRow,
} from './organisations.repo.ts';

const ENTITY = 'organisation';

export async function listOrganisationsFor(ctx: Ctx, filter: OrganisationListFilter) {
  return listOrganisations(ctx.deps.database.db, ctx.actor, filter);
}

export async function getOrganisation(ctx: Ctx, id: string): Promise<OrganisationDto> {
  const row = await findOrganisation(ctx.deps.database.db, ctx.actor, id);
  if (!row) throw new AppError('organisation.not_found', `Organisation ${id} was not found`);
  return toOrganisationDto(row);
}

/**
 * Creates an organisation owned by the caller (or by `ownerId` when allowed). A name very close to an
 * existing one answers 409 `organisation.duplicate` with the candidates, unless `force` is set.
 */
export async function createOrganisation(ctx: Ctx, input: CreateOrganisationInput): Promise<OrganisationDto> {
  const { force, ownerId, consent, ...fields } = input;
  const nameKey = organisationNameKey(fields.name);
  if (!force) {
    const candidates = await findSimilarOrganisations(ctx.deps.database.db, ctx.actor, nameKey);
    if (candidates.length > 0) {
      throw new AppError(
        'organisation.duplicate',
        `Similar organisations exist: ${candidates.map((c) => c.name).join(', ')}`,
        {
          status: 409,
          extra: { candidates },
        },
      );
    }
  }
  return withTx(ctx, async (t) => {
    const owner = await resolveOwnership(ctx, t.db, ownerId);
    const row = await insertOrganisation(t.db, {
      ...fields,
      ...owner,
      nameKey,
      consent: consent ?? false,
      consentAt: consent ? ctx.deps.clock.now() : null,
    });
    const dto = toOrganisationDto(row);
    await audit(t, { entityType: ENTITY, entityId: row.id, action: 'create', changes: diffFields(null, dto) });
    await emit(t, 'organisation.created', { organisation: dto });
    return dto;
  });
}

export async function updateOrganisation(
  ctx: Ctx,
  id: string,
  patch: UpdateOrganisationInput,
): Promise<OrganisationDto> {
  return withTx(ctx, async (t) => {
    const before = await findOrganisation(t.db, ctx.actor, id);
    if (!before) throw new AppError('organisation.not_found', `Organisation ${id} was not found`);
    assertCanModify(ctx.actor, before);
    const { ownerId, consent, ...fields } = patch;
    const values: Record<string, unknown> = { ...fields };
    if (fields.name !== undefined) values.nameKey = organisationNameKey(fields.name);
    if (ownerId !== undefined && ownerId !== before.ownerId)
      Object.assign(values, await resolveOwnership(ctx, t.db, ownerId));
    if (consent !== undefined && consent !== before.consent) {
      values.consent = consent;
      values.consentAt = consent ? ctx.deps.clock.now() : null;
    }
    const beforeDto = toOrganisationDto(before);
    const changes = diffFields(beforeDto, values);
    if (Object.keys(changes).length === 0) return beforeDto;
    const dto = toOrganisationDto(await updateOrganisationRow(t.db, id, values));
    await audit(t, { entityType: ENTITY, entityId: id, action: 'update', changes });
    await emit(t, 'organisation.updated', {
      organisation: dto,
      changes: Object.keys(changes),
      previous: previousValues(changes),
    });
    return dto;
  });
}

/**
 * Finds the live organisation the caller may see whose normalised name (`organisationNameKey`) is exactly the given
 * name's, and updates it through `updateOrganisation`, or creates one through `createOrganisation` (docs/DOMAIN.md,
 * "Upsert"). A name that is only close (the duplicate prompt's similarity) is no match: the creation then answers 409
 * `organisation.duplicate` unless `force`. The match keeps its name as written (the key is not rewritten). Two
 * matches (names are not unique) answer 409 `organisation.upsert_ambiguous` with their ids.
 */
export async function upsertOrganisation(
  ctx: Ctx,
  input: UpsertOrganisationInput,
): Promise<{ created: boolean; organisation: OrganisationDto }> {
  const ids = await findOrganisationsByNameKey(ctx.deps.database.db, ctx.actor, organisationNameKey(input.name));
  if (ids.length > 1) {
    throw new AppError(
      'organisation.upsert_ambiguous',
      `${ids.length} organisations are named like ${input.name}: ${ids.join(', ')}`,
      { status: 409, extra: { ids } },
    );
  }
  const [id] = ids;
  if (id) {
    const { name: _key, force: _f, ...patch } = input;
    return { created: false, organisation: await updateOrganisation(ctx, id, patch) };
  }
  return { created: true, organisation: await createOrganisation(ctx, input) };
}

/** Moves an organisation to the recycle bin (restorable; purged after the retention period). */
export async function deleteOrganisation(ctx: Ctx, id: string): Promise<void> {
  await withTx(ctx, async (t) => {
    const before = await findOrganisation(t.db, ctx.actor, id);
    if (!before) throw new AppError('organisation.not_found', `Organisation ${id} was not found`);
    assertCanModify(ctx.actor, before);
    const row = await updateOrganisationRow(t.db, id, { deletedAt: ctx.deps.clock.now(), deletedBy: ctx.actor.userId });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'delete' });
    await emit(t, 'organisation.deleted', { organisation: toOrganisationDto(row) });
  });
}

export async function restoreOrganisation(ctx: Ctx, id: string): Promise<OrganisationDto> {
  return withTx(ctx, async (t) => {
    const before = await findOrganisation(t.db, ctx.actor, id, { withDeleted: true });
    if (!before?.deletedAt) throw new AppError('organisation.not_found', `No deleted organisation ${id}`);
    assertCanModify(ctx.actor, before);
    const dto = toOrganisationDto(await updateOrganisationRow(t.db, id, { deletedAt: null, deletedBy: null }));
    await audit(t, { entityType: ENTITY, entityId: id, action: 'restore' });
    await emit(t, 'organisation.restored', { organisation: dto });
    return dto;
  });
}

export async function organisationDuplicates(ctx: Ctx, name: string) {
  return findSimilarOrganisations(ctx.deps.database.db, ctx.actor, organisationNameKey(name));
}

/**
 * RGPD erasure (docs/DOMAIN.md, "Anonymisation"): the person's exact values (names, e-mails, phones) replaced by the
 * placeholder in the organisations’ notes, whoever owns them; the rest of each text stays. Neither audited row by row nor
 * announced (an event would carry the values again): the anonymisation's audit row counts them.
 */
export function scrubOrganisationsOf(t: Tx, erasure: Erasure, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubOrganisationNotes(t.db, erasureSql(erasure), opts);
}

/** The duplicate rule's pieces, for the features that apply it to many names at once (imports): DOMAIN.md. */
export const nameKeyOf = (name: string): string => organisationNameKey(name);
export const DUPLICATE_SIMILARITY: number = DUPLICATE_NAME_SIMILARITY;
