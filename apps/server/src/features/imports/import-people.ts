import { type AuditEntry, auditMany, diffFields } from '../../platform/audit/audit.ts';
import { resolveOwnership } from '../../platform/auth/ownership.ts';
import { newId } from '../../platform/db/ids.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { type EventItem, emitMany } from '../../platform/events/emit.ts';
import { organisationNameKey } from '../organisations/name-key.ts';
import { insertOrganisations, toOrganisationDto } from '../organisations/organisations.repo.ts';
import { insertLinks, type NewLinkRow } from '../people/links.repo.ts';
import { insertPeople, type NewPersonRow, toPersonDto } from '../people/people.repo.ts';
import { emailTaken } from '../people/people.service.ts';
import { PERSON_ENTITY } from '../people/person-access.ts';
import {
  actionOf,
  type ImportRun,
  MERGE_SIMILARITY,
  personInput,
  provenance,
  type RowAction,
  type RowResult,
  reportRowOf,
  rowErrorOf,
} from './import-rows.ts';
import type { PersonImport } from './import-schemas.ts';
import { matchPeopleForImport, organisationsForNameKeys } from './imports.repo.ts';
import type { BatchRow } from './plan-import.ts';

/**
 * The organisation of each company name of these rows the importer may see (same normalised name, else a very close
 * one), creating the missing ones (audited, `organisation.created`): what findOrCreateOrganisation does per row.
 */
async function resolveOrganisations(t: Tx, run: ImportRun, rows: BatchRow<PersonImport>[]) {
  const byKey = run.organisationsByKey;
  const wanted = new Map<string, PersonImport>();
  for (const { value } of rows) {
    if (!value.organisationName) continue;
    const key = organisationNameKey(value.organisationName);
    if (!byKey.has(key) && !wanted.has(key)) wanted.set(key, value);
  }
  if (wanted.size === 0) return;
  const found = await organisationsForNameKeys(t.db, t.ctx.actor, [...wanted.keys()], MERGE_SIMILARITY);
  for (const [key, id] of found) byKey.set(key, id);
  const missing = [...wanted].filter(([key]) => !found.has(key));
  if (missing.length === 0) return;
  const owner = await resolveOwnership(t.ctx, t.db);
  const created = await insertOrganisations(
    t.db,
    missing.map(([key, v]) => ({
      id: newId(),
      name: v.organisationName as string,
      nameKey: key,
      ...provenance(run, v.source),
      ...owner,
      consent: false,
      consentAt: null,
    })),
  );
  const dtos = created.map(toOrganisationDto);
  for (const row of created) byKey.set(row.nameKey, row.id);
  await auditMany(
    t,
    dtos.map((dto) => ({
      entityType: 'organisation',
      entityId: dto.id,
      action: 'create',
      changes: diffFields(null, dto),
    })),
  );
  await emitMany(
    t,
    dtos.map((dto) => ({ type: 'organisation.created', payload: { organisation: dto } })),
  );
}

/**
 * Imports a batch of valid contact rows in the transaction `t`. The rows the plan creates (plan-import.ts) are written
 * set-based: one query finds which buckets hold their e-mails, one insert creates the people, one their links, one
 * writes their audit rows and one their `contact.created` events; the read cache is evicted from the events after the
 * commit. The others (merged, skipped) go through `oneByOne` (the services, a savepoint each), in file order after the
 * creations, so a row merging into an earlier row of the file finds its record. Results by row index.
 */
export async function importPeopleBatch(
  t: Tx,
  run: ImportRun,
  rows: BatchRow<PersonImport>[],
  oneByOne: (row: BatchRow<PersonImport>) => Promise<RowResult>,
): Promise<Map<number, RowResult>> {
  const results = new Map<number, RowResult>();
  let creates: { row: BatchRow<PersonImport>; action: RowAction }[] = [];
  const later: BatchRow<PersonImport>[] = [];
  for (const row of rows) {
    const action = actionOf(run, row.line);
    if (action.kind === 'create') creates.push({ row, action });
    else later.push(row);
  }
  const { emailBuckets } = await matchPeopleForImport(
    t.db,
    t.ctx.actor,
    creates.map(({ row: { value } }) => ({ firstName: value.firstName, lastName: value.lastName, email: value.email })),
  );
  const owner = await resolveOwnership(t.ctx, t.db);
  // An e-mail a contact of the importer's bucket already uses, seen by the importer or not, is refused as the API does.
  const bucket = owner.teamId ?? owner.ownerId;
  creates = creates.filter(({ row }) => {
    const holders = row.value.email ? emailBuckets.get(row.value.email.toLowerCase()) : undefined;
    if (!bucket || !holders?.has(bucket)) return true;
    results.set(row.index, { error: rowErrorOf(row.line, emailTaken(), t.ctx.log) });
    return false;
  });

  await resolveOrganisations(
    t,
    run,
    creates.map((c) => c.row),
  );
  const personValues: NewPersonRow[] = creates.map(({ row: { value } }) => ({
    ...personInput(run, value),
    id: newId(),
    ...owner,
    consent: false,
    consentAt: null,
  }));
  const inserted = new Map((await insertPeople(t.db, personValues)).map((p) => [p.id, p]));
  const linkValues: NewLinkRow[] = [];
  creates.forEach(({ row }, i) => {
    const personId = personValues[i]?.id as string;
    const name = row.value.organisationName;
    const organisationId = name ? run.organisationsByKey.get(organisationNameKey(name)) : undefined;
    if (organisationId) linkValues.push({ id: newId(), personId, organisationId, isPrimary: true });
  });
  const links = new Map((await insertLinks(t.db, linkValues)).map((l) => [l.personId, l]));

  const entries: AuditEntry[] = [];
  const events: EventItem[] = [];
  creates.forEach(({ row, action }, i) => {
    const person = inserted.get(personValues[i]?.id as string);
    if (!person) throw new Error('an inserted contact was not returned');
    const dto = toPersonDto(person);
    entries.push({ entityType: PERSON_ENTITY, entityId: dto.id, action: 'create', changes: diffFields(null, dto) });
    const link = links.get(dto.id);
    if (link) {
      entries.push({
        entityType: PERSON_ENTITY,
        entityId: dto.id,
        action: 'link_add',
        metadata: { linkId: link.id, organisationId: link.organisationId },
        changes: diffFields(null, { role: link.role, isPrimary: link.isPrimary, jobTitle: link.jobTitle }),
      });
    }
    events.push({ type: 'contact.created', payload: { person: dto } });
    results.set(row.index, {
      outcome: 'created',
      recordId: dto.id,
      row: reportRowOf(run, row.line, action, 'created'),
    });
    if (run.referenced.has(row.line)) run.lineRecords.set(row.line, dto.id);
  });
  await auditMany(t, entries);
  await emitMany(t, events);

  for (const row of later) results.set(row.index, await oneByOne(row));
  return results;
}
