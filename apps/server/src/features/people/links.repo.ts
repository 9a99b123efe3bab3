import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { insertMany } from '../../platform/db/insert-many.ts';
import type { Reassignment } from '../../platform/entities/reassign.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import type { PersonOrganisationDto } from './people.contracts.ts';
import { personOrganisations } from './people.schema.ts';

export type LinkRow = typeof personOrganisations.$inferSelect;
export type NewLinkRow = typeof personOrganisations.$inferInsert;

const linkColumns = {
  id: personOrganisations.id,
  personId: personOrganisations.personId,
  organisationId: personOrganisations.organisationId,
  organisationName: organisations.name,
  role: personOrganisations.role,
  isPrimary: personOrganisations.isPrimary,
  jobTitle: personOrganisations.jobTitle,
  workEmail: personOrganisations.workEmail,
  workPhone: personOrganisations.workPhone,
  createdAt: personOrganisations.createdAt,
  updatedAt: personOrganisations.updatedAt,
};

/**
 * A person's links with the organisation names, primary first. With an actor, only links to live
 * organisations that actor may see; without one (RGPD export by an admin), every link.
 */
export async function listLinksOfPerson(
  db: Queryable,
  personId: string,
  actor: Actor | null,
): Promise<PersonOrganisationDto[]> {
  const where: SQL[] = [eq(personOrganisations.personId, personId)];
  if (actor) {
    where.push(isNull(organisations.deletedAt));
    const scope = scopeFilter(actor, organisations);
    if (scope) where.push(scope);
  }
  return db
    .select(linkColumns)
    .from(personOrganisations)
    .innerJoin(organisations, eq(organisations.id, personOrganisations.organisationId))
    .where(and(...where))
    .orderBy(desc(personOrganisations.isPrimary), asc(organisations.name));
}

export async function findLink(db: Queryable, personId: string, linkId: string): Promise<PersonOrganisationDto | null> {
  const [row] = await db
    .select(linkColumns)
    .from(personOrganisations)
    .innerJoin(organisations, eq(organisations.id, personOrganisations.organisationId))
    .where(and(eq(personOrganisations.id, linkId), eq(personOrganisations.personId, personId)));
  return row ?? null;
}

/** The live organisation `id` if the actor may see it (its name, for the link DTO). */
export async function findVisibleOrganisation(
  db: Queryable,
  actor: Actor,
  id: string,
): Promise<{ id: string; name: string } | null> {
  const where: SQL[] = [eq(organisations.id, id), isNull(organisations.deletedAt)];
  const scope = scopeFilter(actor, organisations);
  if (scope) where.push(scope);
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(...where));
  return row ?? null;
}

export async function insertLink(db: Queryable, values: NewLinkRow): Promise<LinkRow> {
  const [row] = await db.insert(personOrganisations).values(values).returning();
  return row as LinkRow;
}

/** Inserts several links in one statement (imports), returned in the order given. */
export async function insertLinks(db: Queryable, values: NewLinkRow[]): Promise<LinkRow[]> {
  if (values.length === 0) return [];
  return insertMany(db, personOrganisations, values, { returning: true });
}

export async function updateLinkRow(db: Queryable, linkId: string, values: Partial<NewLinkRow>): Promise<void> {
  await db.update(personOrganisations).set(values).where(eq(personOrganisations.id, linkId));
}

export async function deleteLinkRow(db: Queryable, linkId: string): Promise<void> {
  await db.delete(personOrganisations).where(eq(personOrganisations.id, linkId));
}

/** Unsets the person's current primary link (before setting another one, in the same transaction). */
export async function clearPrimary(db: Queryable, personId: string): Promise<void> {
  await db
    .update(personOrganisations)
    .set({ isPrimary: false })
    .where(and(eq(personOrganisations.personId, personId), eq(personOrganisations.isPrimary, true)));
}

export async function hasPrimary(db: Queryable, personId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: personOrganisations.id })
    .from(personOrganisations)
    .where(and(eq(personOrganisations.personId, personId), eq(personOrganisations.isPrimary, true)))
    .limit(1);
  return !!row;
}

/** The links of these people to one organisation (for the organisation's contact list). */
export async function linksToOrganisation(db: Queryable, organisationId: string, personIds: string[]) {
  if (personIds.length === 0) return [];
  const { organisationName: _n, ...cols } = linkColumns;
  return db
    .select(cols)
    .from(personOrganisations)
    .where(
      and(eq(personOrganisations.organisationId, organisationId), inArray(personOrganisations.personId, personIds)),
    );
}

export async function findLinkByPair(db: Queryable, personId: string, organisationId: string): Promise<LinkRow | null> {
  const [row] = await db
    .select()
    .from(personOrganisations)
    .where(and(eq(personOrganisations.personId, personId), eq(personOrganisations.organisationId, organisationId)));
  return row ?? null;
}

/**
 * The links of person (or organisation) `from` that a merge moves to `to`: all but those to an organisation (of
 * people) `to` is already linked with, which stay with `from` (unique pairs).
 */
function movableLinks(s: Reassignment): SQL {
  const po = personOrganisations;
  return s.kind === 'person'
    ? (and(
        eq(po.personId, s.from),
        sql`${po.organisationId} not in (select k.organisation_id from ${po} k where k.person_id = ${s.to})`,
      ) as SQL)
    : (and(
        eq(po.organisationId, s.from),
        sql`${po.personId} not in (select k.person_id from ${po} k where k.organisation_id = ${s.to})`,
      ) as SQL);
}

/**
 * Moves the links of `from` to `to` (see movableLinks); a person's moved primary link stays primary only when `to`
 * has none. The rows before and after, in the same order.
 */
export async function moveLinks(db: Queryable, s: Reassignment): Promise<{ before: LinkRow; after: LinkRow }[]> {
  const po = personOrganisations;
  const before = await db.select().from(po).where(movableLinks(s)).orderBy(asc(po.id));
  if (before.length === 0) return [];
  const values =
    s.kind === 'person'
      ? {
          personId: s.to,
          isPrimary: sql`${po.isPrimary} and not exists (select 1 from ${po} k where k.person_id = ${s.to} and k.is_primary)`,
        }
      : { organisationId: s.to };
  const after = await db
    .update(po)
    .set(values)
    .where(
      inArray(
        po.id,
        before.map((l) => l.id),
      ),
    )
    .returning();
  const byId = new Map(after.map((l) => [l.id, l]));
  return before.map((l) => ({ before: l, after: byId.get(l.id) as LinkRow }));
}
