import type { Ctx, Log } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { nameKeyDigits, organisationNameKey } from '../organisations/name-key.ts';
import type { CreateOrganisationInput, UpdateOrganisationInput } from '../organisations/organisations.contracts.ts';
import { findSimilarOrganisations } from '../organisations/organisations.repo.ts';
import { createOrganisation, getOrganisation, updateOrganisation } from '../organisations/organisations.service.ts';
import { findLinkByPair } from '../people/links.repo.ts';
import { addPersonLink, updatePersonLink } from '../people/links.service.ts';
import type { CreatePersonInput, UpdateLinkInput, UpdatePersonInput } from '../people/people.contracts.ts';
import { findDuplicatePeople, findPerson } from '../people/people.repo.ts';
import { createPerson, updatePerson } from '../people/people.service.ts';
import type { ImportTarget } from './import-fields.ts';
import type { ImportValueOf, LinkImport, OrganisationImport, PersonImport } from './import-schemas.ts';
import type { DuplicateMode, ImportRowError } from './imports.contracts.ts';
import { peopleByEmail } from './imports.repo.ts';

/** What happened to one row of the file. Failures are thrown (AppError with a stable code). */
export type RowOutcome = 'created' | 'updated' | 'skipped';

/** What happened to one row: its outcome and remarks, or why it failed. */
export type RowResult = { outcome: RowOutcome; notes: { code: string; message: string }[] } | { error: ImportRowError };

/** A row's failure as the report shows it: the service's stable code, or a generic one for the unexpected. */
export function rowErrorOf(row: number, err: unknown, log: Log): ImportRowError {
  if (err instanceof AppError) {
    const field = err.fields?.[0]?.path.replace(/^body\./, '');
    return { row, ...(field ? { field } : {}), code: err.code, message: err.message };
  }
  log.warn({ err, row }, 'import row failed unexpectedly');
  return { row, code: 'import.row_failed', message: 'This row could not be imported (unexpected error)' };
}

/** The state of one import run shared by its rows. */
export interface ImportRun {
  ctx: Ctx;
  duplicates: DuplicateMode;
  /** The file is a LinkedIn Connections.csv export. */
  linkedin: boolean;
  fileName: string;
  /** Organisation ids found or created during this run, by normalised name. */
  organisationsByKey: Map<string, string>;
  /** Remarks on the current row that are not failures (the job adds them to the report with the row number). */
  notes: { code: string; message: string }[];
}

/** How close an existing organisation's normalised name must be to be merged into or linked to. */
export const MERGE_SIMILARITY = 0.8;

const LEGAL_BASIS = 'interet_legitime' as const;

export function provenance(run: ImportRun, source: PersonImport['source']) {
  return {
    source: source ?? (run.linkedin ? 'linkedin' : 'import'),
    legalBasis: LEGAL_BASIS,
    dataSource: run.linkedin ? 'Import LinkedIn' : `Import ${run.fileName}`.slice(0, 300),
  } as const;
}

/** Null, empty strings and empty lists are "empty" (merge fills them); so are the defaults of type and category. */
function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The fields of `incoming` that are set while the existing record has nothing there. */
function emptyFieldsFilled<T extends Record<string, unknown>>(
  existing: Record<string, unknown>,
  incoming: T,
  fields: readonly (keyof T & string)[],
  emptyAlso: Record<string, unknown> = {},
): Partial<T> {
  const patch: Partial<T> = {};
  for (const f of fields) {
    const value = incoming[f];
    if (isEmpty(value)) continue;
    if (isEmpty(existing[f]) || (f in emptyAlso && existing[f] === emptyAlso[f])) patch[f] = value;
  }
  return patch;
}

// --- organisations ---------------------------------------------------------------------------

function organisationInput(run: ImportRun, v: OrganisationImport): CreateOrganisationInput {
  const input: CreateOrganisationInput = {
    name: v.name,
    email: v.email,
    phone: v.phone,
    website: v.website,
    address: v.address,
    postalCode: v.postalCode,
    city: v.city,
    aum: v.aum === null ? null : String(v.aum),
    aumDate: v.aumDate,
    tier: v.tier,
    tags: v.tags ?? [],
    strategies: v.strategies ?? [],
    notes: v.notes,
    ...provenance(run, v.source),
  };
  if (v.type) input.type = v.type as CreateOrganisationInput['type'];
  if (v.category) input.category = v.category as CreateOrganisationInput['category'];
  if (v.countryCode) input.countryCode = v.countryCode;
  return input;
}

const ORGANISATION_MERGE_FIELDS = [
  'type',
  'category',
  'email',
  'phone',
  'website',
  'address',
  'postalCode',
  'city',
  'aum',
  'aumDate',
  'tier',
  'tags',
  'strategies',
  'notes',
  'source',
  'dataSource',
] as const;

interface Candidate {
  id: string;
  name: string;
  similarity: number;
}

/**
 * The best existing organisation for a name: the same normalised name first, else the closest very close one with
 * the same digits (candidates come closest first).
 */
function bestOrganisation(candidates: readonly Candidate[], key: string, minSimilarity: number): Candidate | null {
  const exact = candidates.find((c) => organisationNameKey(c.name) === key);
  if (exact) return exact;
  const digits = nameKeyDigits(key);
  return (
    candidates.find(
      (c) => Number(c.similarity) >= minSimilarity && nameKeyDigits(organisationNameKey(c.name)) === digits,
    ) ?? null
  );
}

async function importOrganisation(run: ImportRun, v: OrganisationImport): Promise<RowOutcome> {
  const input = organisationInput(run, v);
  try {
    const created = await createOrganisation(run.ctx, input);
    run.organisationsByKey.set(organisationNameKey(created.name), created.id);
    return 'created';
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'organisation.duplicate') throw err;
    if (run.duplicates === 'skip') return 'skipped';
    const candidates = (err.extra?.candidates ?? []) as Candidate[];
    const target = bestOrganisation(candidates, organisationNameKey(v.name), MERGE_SIMILARITY);
    if (!target) {
      // Similar enough to refuse a second record, not close enough to write into it: left for a person to decide.
      run.notes.push({
        code: 'import.possible_duplicate',
        message: `Not imported: close to ${candidates.map((c) => `"${c.name}"`).join(', ')}, not merged automatically`,
      });
      return 'skipped';
    }
    const existing = await getOrganisation(run.ctx, target.id);
    const patch = emptyFieldsFilled(existing, input, ORGANISATION_MERGE_FIELDS, { type: 'autre', category: 'Autres' });
    if (Object.keys(patch).length === 0) return 'skipped';
    await updateOrganisation(run.ctx, target.id, patch as UpdateOrganisationInput);
    return 'updated';
  }
}

/** An organisation the importer may see with this name (exact normalised name, or very close), or null. */
async function findOrganisationByName(run: ImportRun, name: string): Promise<string | null> {
  const key = organisationNameKey(name);
  const cached = run.organisationsByKey.get(key);
  if (cached) return cached;
  const candidates = await findSimilarOrganisations(run.ctx.deps.database.db, run.ctx.actor, key);
  const found = bestOrganisation(candidates, key, MERGE_SIMILARITY);
  if (found) run.organisationsByKey.set(key, found.id);
  return found?.id ?? null;
}

/** Finds the organisation of a contact by name, or creates it (a company column of a contact list). */
async function findOrCreateOrganisation(run: ImportRun, name: string, source: PersonImport['source']): Promise<string> {
  const found = await findOrganisationByName(run, name);
  if (found) return found;
  const created = await createOrganisation(run.ctx, { name, force: true, ...provenance(run, source) });
  run.organisationsByKey.set(organisationNameKey(name), created.id);
  return created.id;
}

// --- people ----------------------------------------------------------------------------------

const PERSON_MERGE_FIELDS = [
  'email',
  'personalEmail',
  'phone',
  'mobile',
  'jobTitle',
  'linkedinUrl',
  'notes',
  'source',
  'dataSource',
] as const;

export function personInput(run: ImportRun, v: PersonImport): CreatePersonInput {
  const input: CreatePersonInput = {
    firstName: v.firstName,
    lastName: v.lastName,
    email: v.email,
    personalEmail: v.personalEmail,
    phone: v.phone,
    mobile: v.mobile,
    jobTitle: v.jobTitle,
    linkedinUrl: v.linkedinUrl,
    notes: v.notes,
    ...provenance(run, v.source),
  };
  if (v.countryCode) input.countryCode = v.countryCode;
  return input;
}

/**
 * The existing person a row stands for: the one with its e-mail; without an e-mail on either side, one with
 * the same name. Two different e-mails mean two different people, even with the same name.
 */
export function samePerson(candidates: { id: string; email: string | null }[], email: string | null) {
  const lower = email?.toLowerCase();
  if (lower) {
    const byEmail = candidates.find((c) => c.email?.toLowerCase() === lower);
    if (byEmail) return byEmail;
    return candidates.find((c) => !c.email) ?? null;
  }
  return candidates[0] ?? null;
}

async function importPerson(run: ImportRun, v: PersonImport): Promise<RowOutcome> {
  const { ctx } = run;
  const input = personInput(run, v);
  const candidates = await findDuplicatePeople(ctx.deps.database.db, ctx.actor, {
    firstName: v.firstName,
    lastName: v.lastName,
    email: v.email,
  });
  const existing = samePerson(candidates, v.email);
  if (existing && run.duplicates === 'skip') return 'skipped';
  const organisationId = v.organisationName
    ? await findOrCreateOrganisation(run, v.organisationName, v.source)
    : undefined;
  if (!existing) {
    await createPerson(ctx, { ...input, force: true, organisationId });
    return 'created';
  }
  return mergePerson(run, existing.id, input, organisationId);
}

async function mergePerson(
  run: ImportRun,
  personId: string,
  input: CreatePersonInput,
  organisationId: string | undefined,
): Promise<RowOutcome> {
  const { ctx } = run;
  const db = ctx.deps.database.db;
  const row = await findPerson(db, ctx.actor, personId);
  if (!row) throw new AppError('person.not_found', `Person ${personId} was not found`);
  let changed = false;
  const patch = emptyFieldsFilled(row, input, PERSON_MERGE_FIELDS);
  if (Object.keys(patch).length > 0) {
    await updatePerson(ctx, personId, patch as UpdatePersonInput);
    changed = true;
  }
  if (organisationId && !(await findLinkByPair(db, personId, organisationId))) {
    // Primary when the person has no primary organisation yet (the links service decides).
    await addPersonLink(ctx, personId, { organisationId });
    changed = true;
  }
  return changed ? 'updated' : 'skipped';
}

// --- links -----------------------------------------------------------------------------------

async function importLink(run: ImportRun, v: LinkImport): Promise<RowOutcome> {
  const { ctx } = run;
  const db = ctx.deps.database.db;
  const [person] = await peopleByEmail(db, ctx.actor, [v.personEmail]);
  if (!person) {
    throw new AppError('import.person_not_found', `No contact with the e-mail ${v.personEmail}`, {
      fields: [{ path: 'personEmail', message: 'no contact with this e-mail' }],
    });
  }
  const organisationId = await findOrganisationByName(run, v.organisationName);
  if (!organisationId) {
    throw new AppError('import.organisation_not_found', `No organisation named "${v.organisationName}"`, {
      fields: [{ path: 'organisationName', message: 'no organisation with this name' }],
    });
  }
  const fields: UpdateLinkInput = {};
  if (v.role) fields.role = v.role as UpdateLinkInput['role'];
  if (v.isPrimary !== null) fields.isPrimary = v.isPrimary;
  if (v.jobTitle) fields.jobTitle = v.jobTitle;
  const existing = await findLinkByPair(db, person.id, organisationId);
  if (!existing) {
    await addPersonLink(ctx, person.id, { organisationId, ...fields });
    return 'created';
  }
  if (run.duplicates === 'skip') return 'skipped';
  const patch: UpdateLinkInput = {};
  if (fields.role && existing.role !== fields.role) patch.role = fields.role;
  if (fields.isPrimary !== undefined && existing.isPrimary !== fields.isPrimary) patch.isPrimary = fields.isPrimary;
  if (fields.jobTitle && !existing.jobTitle) patch.jobTitle = fields.jobTitle;
  if (Object.keys(patch).length === 0) return 'skipped';
  await updatePersonLink(ctx, person.id, existing.id, patch);
  return 'updated';
}

/** Imports one valid row of the target through the feature services (audit, events, scope, duplicate rules). */
export function importRow<T extends ImportTarget>(
  run: ImportRun,
  target: T,
  value: ImportValueOf[T],
): Promise<RowOutcome> {
  switch (target) {
    case 'organisations':
      return importOrganisation(run, value as OrganisationImport);
    case 'people':
      return importPerson(run, value as PersonImport);
    default:
      return importLink(run, value as LinkImport);
  }
}
