import { audit, auditMany, diffFields } from '../../platform/audit/audit.ts';
import { type Ctx, systemActor } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { type Reassignment, reassignMetadata } from '../../platform/entities/reassign.ts';
import { AppError } from '../../platform/errors.ts';
import { emit, emitMany } from '../../platform/events/emit.ts';
import {
  clearPrimary,
  deleteLinkRow,
  findLink,
  findLinkByPair,
  findVisibleOrganisation,
  hasPrimary,
  insertLink,
  linksToOrganisation,
  listLinksOfPerson,
  moveLinks,
  updateLinkRow,
} from './links.repo.ts';
import type { CreateLinkInput, PersonListFilter, PersonOrganisationDto, UpdateLinkInput } from './people.contracts.ts';
import { findPerson, listOptions, listPeople, type PersonRow, toPersonDto } from './people.repo.ts';
import { loadModifiablePerson, PERSON_ENTITY, personNotFound } from './person-access.ts';

const linkNotFound = (id: string) =>
  new AppError('person_organisation.not_found', `Link ${id} was not found for this person`);

/** Link changes are person changes: audited on the person, announced as `contact.updated`. */
async function announce(t: Tx, personId: string, action: string, metadata: Record<string, unknown>, changes = {}) {
  await audit(t, { entityType: PERSON_ENTITY, entityId: personId, action, metadata, changes });
  const person = await findPerson(t.db, t.ctx.actor, personId);
  if (person) await emit(t, 'contact.updated', { person: toPersonDto(person), changes: ['organisations'] });
}

/**
 * Links a person to an organisation the caller may see, in an open transaction; audited, no event (the
 * caller emits). The first link of a person is primary unless said otherwise; a new primary link unsets
 * the previous one in the same transaction.
 */
export async function addLinkInTx(t: Tx, person: PersonRow, input: CreateLinkInput): Promise<PersonOrganisationDto> {
  const org = await findVisibleOrganisation(t.db, t.ctx.actor, input.organisationId);
  if (!org) throw new AppError('organisation.not_found', `Organisation ${input.organisationId} was not found`);
  if (await findLinkByPair(t.db, person.id, org.id)) {
    throw new AppError('person_organisation.already_exists', 'This person is already linked to this organisation');
  }
  const isPrimary = input.isPrimary ?? !(await hasPrimary(t.db, person.id));
  if (isPrimary) await clearPrimary(t.db, person.id);
  const row = await insertLink(t.db, { ...input, personId: person.id, isPrimary });
  await audit(t, {
    entityType: PERSON_ENTITY,
    entityId: person.id,
    action: 'link_add',
    metadata: { linkId: row.id, organisationId: org.id },
    changes: diffFields(null, { role: row.role, isPrimary, jobTitle: row.jobTitle }),
  });
  return { ...row, organisationName: org.name };
}

export async function listPersonLinks(ctx: Ctx, personId: string): Promise<PersonOrganisationDto[]> {
  const db = ctx.deps.database.db;
  if (!(await findPerson(db, ctx.actor, personId))) throw personNotFound(personId);
  return listLinksOfPerson(db, personId, ctx.actor);
}

export async function addPersonLink(ctx: Ctx, personId: string, input: CreateLinkInput) {
  return withTx(ctx, async (t) => {
    const person = await loadModifiablePerson(t, personId);
    const link = await addLinkInTx(t, person, input);
    const updated = await findPerson(t.db, ctx.actor, personId);
    if (updated) await emit(t, 'contact.updated', { person: toPersonDto(updated), changes: ['organisations'] });
    return link;
  });
}

export async function updatePersonLink(ctx: Ctx, personId: string, linkId: string, patch: UpdateLinkInput) {
  return withTx(ctx, async (t) => {
    await loadModifiablePerson(t, personId);
    const before = await findLink(t.db, personId, linkId);
    if (!before) throw linkNotFound(linkId);
    const changes = diffFields(before, patch);
    if (Object.keys(changes).length === 0) return before;
    if (patch.isPrimary) await clearPrimary(t.db, personId);
    await updateLinkRow(t.db, linkId, patch);
    await announce(t, personId, 'link_update', { linkId, organisationId: before.organisationId }, changes);
    return (await findLink(t.db, personId, linkId)) as PersonOrganisationDto;
  });
}

export async function deletePersonLink(ctx: Ctx, personId: string, linkId: string): Promise<void> {
  await withTx(ctx, async (t) => {
    await loadModifiablePerson(t, personId);
    const before = await findLink(t.db, personId, linkId);
    if (!before) throw linkNotFound(linkId);
    await deleteLinkRow(t.db, linkId);
    await announce(t, personId, 'link_remove', { linkId, organisationId: before.organisationId });
  });
}

/** The contacts of an organisation the caller may see (only people the caller may see), with their link. */
export async function listOrganisationPeople(
  ctx: Ctx,
  organisationId: string,
  filter: Omit<PersonListFilter, 'organisationId'>,
) {
  const db = ctx.deps.database.db;
  if (!(await findVisibleOrganisation(db, ctx.actor, organisationId))) {
    throw new AppError('organisation.not_found', `Organisation ${organisationId} was not found`);
  }
  const page = await listPeople(db, ctx.actor, { ...filter, organisationId }, listOptions(ctx));
  const links = await linksToOrganisation(
    db,
    organisationId,
    page.rows.map((p) => p.id),
  );
  const byPerson = new Map(links.map((l) => [l.personId, l]));
  const items = page.rows.flatMap((p) => {
    const link = byPerson.get(p.id);
    return link ? [{ ...p, link }] : [];
  });
  return { items, nextCursor: page.nextCursor, total: page.total };
}

/**
 * A merge's part: the organisation links of person (or organisation) `from` move to `to`, except a link to an
 * organisation (of a person) `to` is already linked with, which stays with `from`; a person's moved primary link
 * stays primary only when `to` has none. Each moved link is audited on its person (`link_update`, with the merge in
 * the metadata). An organisation merge announces each live person whose link moved (`contact.updated` with
 * `organisations`, as a link change does); a person merge announces the kept person itself. In the caller's
 * transaction; returns the ids of the links moved.
 */
export async function reassignLinks(t: Tx, s: Reassignment): Promise<string[]> {
  const moved = await moveLinks(t.db, s);
  await auditMany(
    t,
    moved.map(({ before, after }) => ({
      entityType: PERSON_ENTITY,
      entityId: after.personId,
      action: 'link_update',
      changes: diffFields(
        { personId: before.personId, organisationId: before.organisationId, isPrimary: before.isPrimary },
        { personId: after.personId, organisationId: after.organisationId, isPrimary: after.isPrimary },
      ),
      metadata: { linkId: after.id, organisationId: after.organisationId, ...reassignMetadata(s) },
    })),
  );
  if (s.kind === 'organisation') {
    const announced = [];
    for (const personId of new Set(moved.map((m) => m.after.personId))) {
      const person = await findPerson(t.db, systemActor, personId);
      if (person)
        announced.push({
          type: 'contact.updated' as const,
          payload: { person: toPersonDto(person), changes: ['organisations'] },
        });
    }
    await emitMany(t, announced);
  }
  return moved.map((m) => m.after.id);
}
