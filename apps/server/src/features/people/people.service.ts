import { audit, diffFields, previousValues } from '../../platform/audit/audit.ts';
import { logDataAccess } from '../../platform/audit/data-access.ts';
import { resolveOwnership } from '../../platform/auth/ownership.ts';
import { assertCanModify } from '../../platform/auth/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import type { Expander } from '../../platform/entities/expand.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events/emit.ts';
import { addLinkInTx } from './links.service.ts';
import type {
  CreatePersonInput,
  PersonDto,
  PersonListFilter,
  UpdatePersonInput,
  UpsertPersonInput,
} from './people.contracts.ts';
import {
  emailInUse,
  findDuplicatePeople,
  findPeopleByEmail,
  findPerson,
  insertPerson,
  isUniqueViolation,
  listOptions,
  listPeople,
  type PersonRow,
  primaryOrganisationsOf,
  toPersonDto,
  updatePersonRow,
} from './people.repo.ts';
import { loadModifiablePerson, PERSON_ENTITY, personNotFound } from './person-access.ts';

/** The e-mail belongs to another live contact of the same team (one the caller may see). */
export const emailTaken = () =>
  new AppError('person.email_taken', 'This e-mail address is already used by another contact', {
    status: 409,
    fields: [{ path: 'body.email', message: 'already used by another contact', code: 'email_taken' }],
  });

/** Runs `fn`; a violation of the per-team live-email unique index (a concurrent write) becomes `person.email_taken`. */
export async function guardEmail<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err, 'people_email_team_live_uq')) throw emailTaken();
    throw err;
  }
}

export async function listPeopleFor(ctx: Ctx, filter: PersonListFilter) {
  return listPeople(ctx.deps.database.db, ctx.actor, filter, listOptions(ctx));
}

/** `expand=organisation` of the people list: each person's primary organisation, if the caller may see it. */
export const primaryOrganisationExpander: Expander<PersonDto> = async (ctx, rows) => {
  const org = ctx.deps.entities.byType('organisation');
  if (!org) throw new Error('expand: no organisation entity in the registry');
  const found = await primaryOrganisationsOf(
    ctx.deps.database.db,
    ctx.actor,
    rows.map((r) => r.id),
    org,
  );
  return new Map(rows.map((r) => [r.id, found.get(r.id) ?? null]));
};

/** One person; every successful read is written to the RGPD data-access log. */
export async function getPerson(ctx: Ctx, id: string): Promise<PersonDto> {
  const row = await findPerson(ctx.deps.database.db, ctx.actor, id);
  if (!row) throw personNotFound(id);
  await logDataAccess(ctx, { subjectType: PERSON_ENTITY, subjectId: id, action: 'read' });
  return toPersonDto(row);
}

/**
 * Creates a person owned by the caller (or by `ownerId` when allowed), optionally linked to an
 * organisation. A live person with the same e-mail or the same name answers 409 `person.duplicate` with
 * the candidates the caller may see, unless `force` is set. An e-mail used by a live contact of the new
 * contact's team (of its owner without a team) is refused with 409 `person.email_taken`, even with `force`: e-mails
 * are unique within a team. Another team's contact with the same e-mail changes nothing (201), so the answer tells
 * nobody what they may not see (docs/DOMAIN.md).
 */
export async function createPerson(ctx: Ctx, input: CreatePersonInput): Promise<PersonDto> {
  const { force, ownerId, consent, organisationId, role, ...fields } = input;
  const db = ctx.deps.database.db;
  if (!force) {
    const candidates = await findDuplicatePeople(db, ctx.actor, fields);
    if (candidates.length > 0) {
      throw new AppError(
        'person.duplicate',
        `Similar contacts exist: ${candidates.map((c) => `${c.firstName} ${c.lastName}`).join(', ')}`,
        { status: 409, extra: { candidates } },
      );
    }
  }
  return guardEmail(() =>
    withTx(ctx, async (t) => {
      const owner = await resolveOwnership(ctx, t.db, ownerId);
      if (fields.email && (await emailInUse(t.db, fields.email, owner))) throw emailTaken();
      const row = await insertPerson(t.db, {
        ...fields,
        ...owner,
        consent: consent ?? false,
        consentAt: consent ? ctx.deps.clock.now() : null,
      });
      const dto = toPersonDto(row);
      await audit(t, { entityType: PERSON_ENTITY, entityId: row.id, action: 'create', changes: diffFields(null, dto) });
      if (organisationId) await addLinkInTx(t, row, { organisationId, role, isPrimary: true });
      await emit(t, 'contact.created', { person: dto });
      return dto;
    }),
  );
}

export async function updatePerson(ctx: Ctx, id: string, patch: UpdatePersonInput): Promise<PersonDto> {
  return guardEmail(() =>
    withTx(ctx, async (t) => {
      const before = await loadModifiablePerson(t, id);
      const { ownerId, consent, ...fields } = patch;
      const values: Record<string, unknown> = { ...fields };
      if (ownerId !== undefined && ownerId !== before.ownerId)
        Object.assign(values, await resolveOwnership(ctx, t.db, ownerId));
      if (consent !== undefined && consent !== before.consent) {
        values.consent = consent;
        values.consentAt = consent ? ctx.deps.clock.now() : null;
      }
      const beforeDto = toPersonDto(before);
      const changes = diffFields(beforeDto, values);
      if (Object.keys(changes).length === 0) return beforeDto;
      const email = 'email' in values ? (values.email as string | null) : before.email;
      const holder = {
        teamId: 'teamId' in values ? (values.teamId as string | null) : before.teamId,
        ownerId: 'ownerId' in values ? (values.ownerId as string | null) : before.ownerId,
      };
      const movesTeam = holder.teamId !== before.teamId || holder.ownerId !== before.ownerId;
      if (email && (changes.email || movesTeam) && (await emailInUse(t.db, email, holder, id))) throw emailTaken();
      const dto = toPersonDto(await updatePersonRow(t.db, id, values));
      await audit(t, { entityType: PERSON_ENTITY, entityId: id, action: 'update', changes });
      await emit(t, 'contact.updated', {
        person: dto,
        changes: Object.keys(changes),
        previous: previousValues(changes),
      });
      return dto;
    }),
  );
}

/**
 * Finds the live contact the caller may see with this work e-mail (case-insensitive) and updates it through
 * `updatePerson`, or creates one through `createPerson` (docs/DOMAIN.md, "Upsert"): the same validation, rights, audit
 * rows and events as a PATCH or a POST. The match keeps its e-mail as stored (the key is not rewritten to another
 * case); `force`, `organisationId` and `role` apply to a creation only. Two visible matches (an admin sees every
 * team's contacts) answer 409 `person.upsert_ambiguous` with their ids. A creation that loses a race with another
 * (the unique index answers `person.email_taken`) looks again and updates the winner's record.
 */
export async function upsertPerson(
  ctx: Ctx,
  input: UpsertPersonInput,
): Promise<{ created: boolean; person: PersonDto }> {
  for (let attempt = 0; ; attempt++) {
    const ids = await findPeopleByEmail(ctx.deps.database.db, ctx.actor, input.email);
    if (ids.length > 1) {
      throw new AppError(
        'person.upsert_ambiguous',
        `${ids.length} contacts use the e-mail ${input.email}: ${ids.join(', ')}`,
        {
          status: 409,
          extra: { ids },
        },
      );
    }
    const [id] = ids;
    if (id) {
      const { email: _key, force: _f, organisationId: _o, role: _r, ...patch } = input;
      return { created: false, person: await updatePerson(ctx, id, patch) };
    }
    try {
      return { created: true, person: await createPerson(ctx, input) };
    } catch (err) {
      if (attempt === 0 && err instanceof AppError && err.code === 'person.email_taken') continue;
      throw err;
    }
  }
}

/** Soft-deletes a person in an open transaction (recycle bin), audited, emitting `contact.deleted`. */
export async function deletePersonInTx(
  t: Tx,
  before: PersonRow,
  metadata: { mergedInto: string } | null = null,
): Promise<PersonDto> {
  const row = await updatePersonRow(t.db, before.id, {
    deletedAt: t.ctx.deps.clock.now(),
    deletedBy: t.ctx.actor.userId,
  });
  await audit(t, { entityType: PERSON_ENTITY, entityId: before.id, action: 'delete', metadata });
  const dto = toPersonDto(row);
  await emit(t, 'contact.deleted', metadata ? { person: dto, mergedInto: metadata.mergedInto } : { person: dto });
  return dto;
}

/** Moves a person to the recycle bin (restorable; purged after the retention period). */
export async function deletePerson(ctx: Ctx, id: string): Promise<void> {
  await withTx(ctx, async (t) => deletePersonInTx(t, await loadModifiablePerson(t, id)));
}

/** Restores a person; refused with `person.email_taken` when a live contact of its team now uses its e-mail. */
export async function restorePerson(ctx: Ctx, id: string): Promise<PersonDto> {
  return guardEmail(() =>
    withTx(ctx, async (t) => {
      const before = await findPerson(t.db, ctx.actor, id, { withDeleted: true, forUpdate: true });
      if (!before?.deletedAt) throw new AppError('person.not_found', `No deleted person ${id}`);
      assertCanModify(ctx.actor, before);
      if (before.email && (await emailInUse(t.db, before.email, before, id))) throw emailTaken();
      const dto = toPersonDto(await updatePersonRow(t.db, id, { deletedAt: null, deletedBy: null }));
      await audit(t, { entityType: PERSON_ENTITY, entityId: id, action: 'restore' });
      await emit(t, 'contact.restored', { person: dto });
      return dto;
    }),
  );
}
