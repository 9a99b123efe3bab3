import { resolveOwnership } from '../../platform/auth/ownership.ts';
import type { Ctx } from '../../platform/context.ts';
import { DUPLICATE_SIMILARITY, nameKeyOf as organisationNameKey } from '../organisations/organisations.service.ts';
import { emailTaken } from '../people/people.service.ts';
import type { ImportTarget } from './import-fields.ts';
import { rowErrorOf } from './import-rows.ts';
import type { OrganisationImport, PersonImport } from './import-schemas.ts';
import type { DuplicateMode, ImportMatch, ImportRowError, MatchCode, PlannedRow } from './imports.contracts.ts';
import {
  matchPeopleForImport,
  organisationsCloseToNameKeys,
  organisationsWithNameKeys,
  type PersonSignals,
  personSignals,
} from './imports.repo.ts';

/**
 * The plan of an import: what each valid row will do, decided once by the dry run (validate-import.job.ts) and
 * applied by the run (imports.job.ts), so both agree row for row. A row is a duplicate of a record the importer may
 * see on the rules of docs/DOMAIN.md "Imports":
 * - organisations: the same normalised name (`nameKey`); a name at least 0.7 similar is proposed for review;
 * - people: the same e-mail; the same name with one more strong signal (the same phone or mobile, the same LinkedIn
 *   profile, or a link to an organisation of the same normalised name), and no different e-mail, is proposed for
 *   review. A name alone is no duplicate: namesakes are common, and LinkedIn exports rarely carry e-mails;
 * - within the file: a row repeating the key of an earlier row (same e-mail, same normalised name) is a duplicate of
 *   it; a person with the same name and a strong signal as an earlier row is proposed for review.
 * Rows of no plan entry are created. A duplicate is skipped or merged per the duplicate mode; a row to review waits
 * for the importer's decision.
 */

/** A valid row of the file: its position in the table, its line as the spreadsheet shows it, its mapped value. */
export interface BatchRow<V> {
  index: number;
  line: number;
  value: V;
}

/** What the dry run carries from one batch of rows to the next. */
export interface PlanState {
  /** The first row of each key (organisation `nameKey`, person e-mail): what later rows repeat. */
  firstByKey: Map<string, ImportMatch>;
  /** Earlier rows of people by folded name, with their signals. */
  peopleByName: Map<string, { match: ImportMatch; signals: RowSignals }[]>;
  /** The importer's e-mail bucket (their team, else themselves): e-mails are unique within one. */
  bucket?: string | null;
}

export const newPlanState = (): PlanState => ({ firstByKey: new Map(), peopleByName: new Map() });

export interface PlannedBatch {
  rows: PlannedRow[];
  /** Valid rows that will fail (an e-mail a contact of the importer's team uses, out of their sight). */
  errors: ImportRowError[];
}

const MESSAGES: Record<MatchCode, string> = {
  'import.duplicate_email': 'Same e-mail as an existing contact',
  'import.duplicate_name': 'Same name as an existing organisation',
  'import.duplicate_in_file': 'Repeats an earlier row of the file',
  'import.similar_organisation': 'Name close to an existing organisation: to review',
  'import.possible_same_person': 'Same name and same phone, LinkedIn profile or organisation: to review',
};

function planned(line: number, action: PlannedRow['action'], code: MatchCode, candidates: ImportMatch[]): PlannedRow {
  const [match] = candidates as [ImportMatch];
  return {
    row: line,
    action,
    code,
    message: MESSAGES[code],
    match,
    ...(action === 'review' ? { candidates } : {}),
  };
}

/** Plans one batch of valid rows (in file order); `state` carries the earlier rows. */
export async function planBatch(
  ctx: Ctx,
  entity: ImportTarget,
  rows: BatchRow<unknown>[],
  state: PlanState,
  mode: DuplicateMode,
): Promise<PlannedBatch> {
  if (entity === 'organisations') return planOrganisations(ctx, rows as BatchRow<OrganisationImport>[], state, mode);
  if (entity === 'people') return planPeople(ctx, rows as BatchRow<PersonImport>[], state, mode);
  return { rows: [], errors: [] };
}

async function planOrganisations(
  ctx: Ctx,
  rows: BatchRow<OrganisationImport>[],
  state: PlanState,
  mode: DuplicateMode,
): Promise<PlannedBatch> {
  const db = ctx.deps.database.db;
  const keyed = rows.map((row) => ({ row, key: organisationNameKey(row.value.name) }));
  const exact = await organisationsWithNameKeys(
    db,
    ctx.actor,
    keyed.map((k) => k.key),
  );
  const fresh = keyed.filter((k) => !exact.has(k.key) && !state.firstByKey.has(k.key)).map((k) => k.key);
  const close = await organisationsCloseToNameKeys(db, ctx.actor, fresh, DUPLICATE_SIMILARITY);
  const out: PlannedRow[] = [];
  for (const { row, key } of keyed) {
    const existing = exact.get(key);
    const earlier = state.firstByKey.get(key);
    if (existing)
      out.push(planned(row.line, mode, 'import.duplicate_name', [{ id: existing.id, label: existing.name }]));
    else if (earlier) out.push(planned(row.line, mode, 'import.duplicate_in_file', [earlier]));
    else {
      const similar = close.get(key);
      if (similar?.length) {
        out.push(
          planned(
            row.line,
            'review',
            'import.similar_organisation',
            similar.map((o) => ({ id: o.id, label: o.name })),
          ),
        );
      }
    }
    if (!earlier) state.firstByKey.set(key, { id: null, label: row.value.name, row: row.line });
  }
  return { rows: out, errors: [] };
}

/** A name as the duplicate rule compares it, near enough to the database's crm_unaccent(lower()). */
export function personNameKey(v: { firstName: string; lastName: string }): string {
  const fold = (s: string) =>
    s
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      .replace(/ß/g, 'ss')
      .trim();
  return `${fold(v.firstName)}\u0000${fold(v.lastName)}`;
}

/** What, beside a name, says two rows or records are one person. */
export interface RowSignals {
  email: string | null;
  phones: Set<string>;
  linkedin: string | null;
  organisationKeys: Set<string>;
}

/** A phone's last nine digits: `+33 1 23 45 67 89` and `01 23 45 67 89` are one number. */
export function phoneKey(phone: string): string | null {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 6 ? digits.slice(-9) : null;
}

/** A LinkedIn profile address without scheme, `www.`, query or trailing slash, lower-cased. */
export function linkedinKey(url: string): string {
  return url
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
}

function signalsOfRow(v: PersonImport): RowSignals {
  return {
    email: v.email?.toLowerCase() ?? null,
    phones: new Set([v.phone, v.mobile].flatMap((p) => (p ? [phoneKey(p)].filter((k) => k !== null) : []))),
    linkedin: v.linkedinUrl ? linkedinKey(v.linkedinUrl) : null,
    organisationKeys: new Set(v.organisationName ? [organisationNameKey(v.organisationName)] : []),
  };
}

function signalsOfRecord(p: PersonSignals): RowSignals {
  return {
    email: p.email?.toLowerCase() ?? null,
    phones: new Set(p.phones.map(phoneKey).filter((k): k is string => k !== null)),
    linkedin: p.linkedinUrl ? linkedinKey(p.linkedinUrl) : null,
    organisationKeys: new Set(p.organisationKeys),
  };
}

/** Same name assumed: one strong signal in common, and no two different e-mails. */
export function strongSignal(a: RowSignals, b: RowSignals): boolean {
  if (a.email && b.email && a.email !== b.email) return false;
  if (a.linkedin && a.linkedin === b.linkedin) return true;
  for (const p of a.phones) if (b.phones.has(p)) return true;
  for (const k of a.organisationKeys) if (b.organisationKeys.has(k)) return true;
  return false;
}

const personLabel = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`.trim();

async function planPeople(
  ctx: Ctx,
  rows: BatchRow<PersonImport>[],
  state: PlanState,
  mode: DuplicateMode,
): Promise<PlannedBatch> {
  const db = ctx.deps.database.db;
  if (state.bucket === undefined) {
    const owner = await resolveOwnership(ctx, db);
    state.bucket = owner.teamId ?? owner.ownerId;
  }
  const { matches, emailBuckets } = await matchPeopleForImport(
    db,
    ctx.actor,
    rows.map(({ value }) => ({ firstName: value.firstName, lastName: value.lastName, email: value.email })),
  );
  const byRow = new Map<number, { id: string; email: string | null }[]>();
  for (const m of matches) byRow.set(m.idx, [...(byRow.get(m.idx) ?? []), m]);
  const signals = new Map((await personSignals(db, [...new Set(matches.map((m) => m.id))])).map((p) => [p.id, p]));

  const out: PlannedRow[] = [];
  const errors: ImportRowError[] = [];
  rows.forEach((row, i) => {
    const v = row.value;
    const email = v.email?.toLowerCase() ?? null;
    const mine = signalsOfRow(v);
    const nameKey = personNameKey(v);
    const found = byRow.get(i) ?? [];
    const byEmail = email ? found.find((c) => c.email?.toLowerCase() === email) : undefined;
    const earlier = email ? state.firstByKey.get(email) : undefined;
    const record = byEmail ? signals.get(byEmail.id) : undefined;
    if (byEmail) {
      out.push(
        planned(row.line, mode, 'import.duplicate_email', [
          { id: byEmail.id, label: record ? personLabel(record) : (email ?? '') },
        ]),
      );
    } else if (earlier) {
      out.push(planned(row.line, mode, 'import.duplicate_in_file', [earlier]));
    } else if (email && state.bucket && emailBuckets.get(email)?.has(state.bucket)) {
      // A contact of the importer's team holds the e-mail out of their sight: refused as the API refuses it.
      errors.push(rowErrorOf(row.line, emailTaken(), ctx.log));
    } else {
      const candidates: ImportMatch[] = [];
      for (const c of found) {
        const s = signals.get(c.id);
        if (s && personNameKey(s) === nameKey && strongSignal(mine, signalsOfRecord(s))) {
          candidates.push({ id: c.id, label: personLabel(s) });
        }
      }
      for (const e of state.peopleByName.get(nameKey) ?? []) {
        if (strongSignal(mine, e.signals)) candidates.push(e.match);
      }
      if (candidates.length > 0) out.push(planned(row.line, 'review', 'import.possible_same_person', candidates));
    }
    const self: ImportMatch = { id: null, label: personLabel(v), row: row.line };
    const failed = errors.at(-1)?.row === row.line;
    if (email && !earlier && !failed) state.firstByKey.set(email, self);
    const same = state.peopleByName.get(nameKey) ?? [];
    same.push({ match: self, signals: mine });
    state.peopleByName.set(nameKey, same);
  });
  return { rows: out, errors };
}
