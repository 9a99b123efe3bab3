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
  type ImportRun,
  MERGE_SIMILARITY,
  personInput,
  provenance,
  type RowResult,
  rowErrorOf,
  samePerson,
} from './import-rows.ts';
import type { PersonImport } from './import-schemas.ts';
import { matchPeopleForImport, organisationsForNameKeys } from './imports.repo.ts';

/** A valid row of the file: its position in the table, its line as the spreadsheet shows it, its mapped value. */
export interface BatchRow<V> {
  index: number;
  line: number;
  value: V;
}

/** A name as the duplicate rule compares it, near enough to the database's crm_unaccent(lower()) to spot clashes. */
function nameKey(v: PersonImport): string {
  const fold = (s: string) =>
    s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss');
  return `${fold(v.firstName)}\u0000${fold(v.lastName)}`;
}

/**
 * Splits a batch: the rows that cannot be the same person as an earlier row of the batch (decided set-based, from
 * what the database held before the batch) and the others (decided one by one after them, so they see them).
 * Same person, as for one row: the same e-mail, or the same name when one of the two has no e-mail.
 */
function splitByClash(rows: BatchRow<PersonImport>[]) {
  const emails = new Set<string>();
  const names = new Set<string>();
  const namesWithoutEmail = new Set<string>();
  const direct: BatchRow<PersonImport>[] = [];
  const later: BatchRow<PersonImport>[] = [];
  for (const row of rows) {
    const email = row.value.email?.toLowerCase() ?? null;
    const name = nameKey(row.value);
    const clash = (email && emails.has(email)) || namesWithoutEmail.has(name) || (!email && names.has(name));
    (clash ? later : direct).push(row);
    if (email) emails.add(email);
    else namesWithoutEmail.add(name);
    names.add(name);
  }
  return { direct, later };
}

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
 * Imports a batch of valid contact rows in the transaction `t`, set-based: one query finds the existing people the
 * importer may see (by e-mail or name) and the e-mails used by people they may not see, one insert creates the new
 * people, one their links, one writes their audit rows and one their `contact.created` events; the read cache is
 * evicted from the events after the commit. The rows the set-based path does not decide (a person to merge into, or a
 * row that may be the same person as an earlier row of the batch) go through `oneByOne` (the services, a savepoint
 * each). Same outcomes as importing the rows one at a time; results by row index.
 */
export async function importPeopleBatch(
  t: Tx,
  run: ImportRun,
  rows: BatchRow<PersonImport>[],
  oneByOne: (row: BatchRow<PersonImport>) => Promise<RowResult>,
): Promise<Map<number, RowResult>> {
  const results = new Map<number, RowResult>();
  const { direct, later } = splitByClash(rows);
  const { matches, emailBuckets } = await matchPeopleForImport(
    t.db,
    t.ctx.actor,
    direct.map(({ value }) => ({ firstName: value.firstName, lastName: value.lastName, email: value.email })),
  );
  const candidates = new Map<number, { id: string; email: string | null }[]>();
  for (const m of matches) candidates.set(m.idx, [...(candidates.get(m.idx) ?? []), m]);

  let creates: BatchRow<PersonImport>[] = [];
  direct.forEach((row, i) => {
    const existing = samePerson(candidates.get(i) ?? [], row.value.email);
    if (!existing) creates.push(row);
    else if (run.duplicates === 'skip') results.set(row.index, { outcome: 'skipped', notes: [] });
    else later.push(row);
  });
  const owner = await resolveOwnership(t.ctx, t.db);
  // An e-mail a contact of the importer's bucket already uses, seen by the importer or not, is refused as the API does.
  const bucket = owner.teamId ?? owner.ownerId;
  creates = creates.filter((row) => {
    const holders = row.value.email ? emailBuckets.get(row.value.email.toLowerCase()) : undefined;
    if (!bucket || !holders?.has(bucket)) return true;
    results.set(row.index, { error: rowErrorOf(row.line, emailTaken(), t.ctx.log) });
    return false;
  });

  await resolveOrganisations(t, run, creates);
  const personValues: NewPersonRow[] = creates.map(({ value }) => ({
    ...personInput(run, value),
    id: newId(),
    ...owner,
    consent: false,
    consentAt: null,
  }));
  const inserted = new Map((await insertPeople(t.db, personValues)).map((p) => [p.id, p]));
  const linkValues: NewLinkRow[] = [];
  creates.forEach((row, i) => {
    const personId = personValues[i]?.id as string;
    const name = row.value.organisationName;
    const organisationId = name ? run.organisationsByKey.get(organisationNameKey(name)) : undefined;
    if (organisationId) linkValues.push({ id: newId(), personId, organisationId, isPrimary: true });
  });
  const links = new Map((await insertLinks(t.db, linkValues)).map((l) => [l.personId, l]));

  const entries: AuditEntry[] = [];
  const events: EventItem[] = [];
  creates.forEach((row, i) => {
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
    results.set(row.index, { outcome: 'created', notes: [] });
  });
  await auditMany(t, entries);
  await emitMany(t, events);

  later.sort((a, b) => a.index - b.index);
  for (const row of later) results.set(row.index, await oneByOne(row));
  return results;
}
