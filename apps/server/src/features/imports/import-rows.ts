import type { Ctx, Log } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { nameKeyDigits, organisationNameKey } from '../organisations/name-key.ts';
import type { CreateOrganisationInput, UpdateOrganisationInput } from '../organisations/organisations.contracts.ts';
import { findSimilarOrganisations } from '../organisations/organisations.repo.ts';
import { createOrganisation, getOrganisation, updateOrganisation } from '../organisations/organisations.service.ts';
import { findLinkByPair } from '../people/links.repo.ts';
import { addPersonLink, updatePersonLink } from '../people/links.service.ts';
import type { CreatePersonInput, UpdateLinkInput, UpdatePersonInput } from '../people/people.contracts.ts';
import { findPerson } from '../people/people.repo.ts';
import { createPerson, updatePerson } from '../people/people.service.ts';
import type { ImportTarget } from './import-fields.ts';
import type { ImportValueOf, LinkImport, OrganisationImport, PersonImport } from './import-schemas.ts';
import type {
  DuplicateMode,
  ImportMatch,
  ImportOptions,
  ImportReportRow,
  ImportRowError,
  PlannedRow,
  ReviewDecision,
} from './imports.contracts.ts';
import { peopleByEmail } from './imports.repo.ts';

/** What happened to one row of the file. Failures are thrown (AppError with a stable code). */
export type RowOutcome = 'created' | 'updated' | 'skipped';

/** What a row did: its outcome, its line of the report when it matched something, the record it made or merged into. */
export interface RowDone {
  outcome: RowOutcome;
  row?: ImportReportRow;
  recordId?: string;
}

/** What happened to one row, or why it failed. */
export type RowResult = RowDone | { error: ImportRowError };

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
  /** The dry run's plan by line (rows to skip, merge or review; the others are created): plan-import.ts. */
  plan: Map<number, PlannedRow>;
  /** The importer's decisions on the rows to review. */
  review: ImportOptions['review'];
  /** The record each line created or merged into, for the lines later rows repeat (`referenced`). */
  lineRecords: Map<number, string>;
  referenced: ReadonlySet<number>;
}

/** What the run does with a row: the dry run's plan, and the importer's decision on a row to review. */
export type RowAction =
  | { kind: 'create'; entry?: PlannedRow; decision?: ReviewDecision }
  | { kind: 'merge'; into: string | null; entry: PlannedRow; decision?: ReviewDecision }
  | { kind: 'skip'; entry: PlannedRow; decision?: ReviewDecision };

/** The record a match stands for: its id, or the record the earlier row of the file made. */
function matchedId(run: ImportRun, match: ImportMatch): string | null {
  return match.id ?? (match.row !== undefined ? (run.lineRecords.get(match.row) ?? null) : null);
}

export function actionOf(run: ImportRun, line: number): RowAction {
  const entry = run.plan.get(line);
  if (!entry) return { kind: 'create' };
  const decision = entry.action === 'review' ? (run.review?.rows?.[String(line)] ?? run.review?.default) : undefined;
  // The run refuses to start while a row to review has no decision (startImport): skipping is only a safe fallback.
  const choice = entry.action === 'review' ? (decision ?? 'skip') : entry.action;
  const extra = decision ? { decision } : {};
  if (choice === 'create') return { kind: 'create', entry, ...extra };
  if (choice === 'skip') return { kind: 'skip', entry, ...extra };
  return { kind: 'merge', into: matchedId(run, entry.match), entry, ...extra };
}

/** The report's line for a row the plan names. */
export function reportRowOf(
  run: ImportRun,
  line: number,
  action: RowAction,
  outcome: RowOutcome,
  fields?: string[],
): ImportReportRow | undefined {
  const entry = action.entry;
  if (!entry) return undefined;
  const id = action.kind === 'merge' ? action.into : matchedId(run, entry.match);
  return {
    row: line,
    outcome,
    code: entry.code,
    message: entry.message,
    match: { ...entry.match, id },
    ...(action.decision ? { decision: action.decision } : {}),
    ...(fields ? { fields } : {}),
  };
}

/** Applies a row's action with `create` and `merge` (which returns the fields it filled). */
async function applyAction(
  run: ImportRun,
  line: number,
  create: () => Promise<string>,
  merge: (id: string) => Promise<string[]>,
): Promise<RowDone> {
  const action = actionOf(run, line);
  if (action.kind === 'create') {
    const recordId = await create();
    return { outcome: 'created', recordId, row: reportRowOf(run, line, action, 'created') };
  }
  if (action.kind === 'merge' && action.into) {
    const fields = await merge(action.into);
    return { outcome: 'updated', recordId: action.into, row: reportRowOf(run, line, action, 'updated', fields) };
  }
  // Skipped, or merged into an earlier row that was not imported.
  const recordId = action.kind === 'skip' ? (matchedId(run, action.entry.match) ?? undefined) : undefined;
  return { outcome: 'skipped', recordId, row: reportRowOf(run, line, action, 'skipped') };
}

/** How close an existing organisation's normalised name must be for a contact to be linked to it. */
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
    amfLicence: v.amfLicence,
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
  'amfLicence',
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
 * The best existing organisation to link a contact to: the same normalised name first, else the closest very close
 * one with the same digits (candidates come closest first).
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

/** Fills the empty fields of organisation `id` from the row; returns the fields filled. */
async function mergeOrganisation(run: ImportRun, id: string, input: CreateOrganisationInput): Promise<string[]> {
  const existing = await getOrganisation(run.ctx, id);
  const patch = emptyFieldsFilled(existing, input, ORGANISATION_MERGE_FIELDS, { type: 'autre', category: 'Autres' });
  if (Object.keys(patch).length > 0) await updateOrganisation(run.ctx, id, patch as UpdateOrganisationInput);
  return Object.keys(patch);
}

function importOrganisation(run: ImportRun, line: number, v: OrganisationImport): Promise<RowDone> {
  const input = organisationInput(run, v);
  return applyAction(
    run,
    line,
    async () => {
      // The plan found no organisation of this normalised name; a close one was reviewed (or none is close).
      const created = await createOrganisation(run.ctx, { ...input, force: true });
      run.organisationsByKey.set(organisationNameKey(created.name), created.id);
      return created.id;
    },
    (id) => mergeOrganisation(run, id, input),
  );
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
  'linkedinConnectedOn',
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
    linkedinConnectedOn: v.connectedOn,
    notes: v.notes,
    ...provenance(run, v.source),
  };
  if (v.countryCode) input.countryCode = v.countryCode;
  return input;
}

function importPerson(run: ImportRun, line: number, v: PersonImport): Promise<RowDone> {
  const { ctx } = run;
  const input = personInput(run, v);
  const organisationOf = () =>
    v.organisationName ? findOrCreateOrganisation(run, v.organisationName, v.source) : Promise.resolve(undefined);
  return applyAction(
    run,
    line,
    async () => (await createPerson(ctx, { ...input, force: true, organisationId: await organisationOf() })).id,
    async (id) => mergePerson(run, id, input, await organisationOf()),
  );
}

/** Fills the empty fields of person `personId` and links them to the organisation; returns what was filled. */
async function mergePerson(
  run: ImportRun,
  personId: string,
  input: CreatePersonInput,
  organisationId: string | undefined,
): Promise<string[]> {
  const { ctx } = run;
  const db = ctx.deps.database.db;
  const row = await findPerson(db, ctx.actor, personId);
  if (!row) throw new AppError('person.not_found', `Person ${personId} was not found`);
  const patch = emptyFieldsFilled(row, input, PERSON_MERGE_FIELDS);
  const filled: string[] = Object.keys(patch);
  if (filled.length > 0) await updatePerson(ctx, personId, patch as UpdatePersonInput);
  if (organisationId && !(await findLinkByPair(db, personId, organisationId))) {
    // Primary when the person has no primary organisation yet (the links service decides).
    await addPersonLink(ctx, personId, { organisationId });
    filled.push('organisationName');
  }
  return filled;
}

// --- links -----------------------------------------------------------------------------------

async function importLink(run: ImportRun, v: LinkImport): Promise<RowDone> {
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
    return { outcome: 'created' };
  }
  if (run.duplicates === 'skip') return { outcome: 'skipped' };
  const patch: UpdateLinkInput = {};
  if (fields.role && existing.role !== fields.role) patch.role = fields.role;
  if (fields.isPrimary !== undefined && existing.isPrimary !== fields.isPrimary) patch.isPrimary = fields.isPrimary;
  if (fields.jobTitle && !existing.jobTitle) patch.jobTitle = fields.jobTitle;
  if (Object.keys(patch).length === 0) return { outcome: 'skipped' };
  await updatePersonLink(ctx, person.id, existing.id, patch);
  return { outcome: 'updated' };
}

/** Imports one valid row of the target through the feature services (audit, events, scope, duplicate rules). */
export function importRow<T extends ImportTarget>(
  run: ImportRun,
  target: T,
  line: number,
  value: ImportValueOf[T],
): Promise<RowDone> {
  switch (target) {
    case 'organisations':
      return importOrganisation(run, line, value as OrganisationImport);
    case 'people':
      return importPerson(run, line, value as PersonImport);
    default:
      return importLink(run, value as LinkImport);
  }
}
