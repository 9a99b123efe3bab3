import { audit } from '../../platform/audit/audit.ts';
import { logDataAccess } from '../../platform/audit/data-access.ts';
import { eraseAuditValues } from '../../platform/audit/redact.ts';
import { visibilityOf } from '../../platform/auth/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { erasureSql, type ScrubOptions } from '../../platform/db/scrub.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import type { Erasure } from '../../platform/entities/reassign.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events/emit.ts';
import { scrubEventPayloads } from '../../platform/events/events.repo.ts';
import { scrubCampaignsOf } from '../campaigns/campaigns.service.ts';
import { scrubImportsOf } from '../imports/imports.service.ts';
import { interactionRecordsOf, scrubInteractionsOf } from '../interactions/interactions.service.ts';
import { mandatRecordsOf, scrubMandatsOf } from '../mandats/mandats.service.ts';
import { attachmentRecordsOf, scrubAttachmentsOf } from '../notes/attachments.service.ts';
import { noteRecordsOf, scrubNotesOf } from '../notes/notes.service.ts';
import { scrubNotificationsOf } from '../notifications/notifications.service.ts';
import { scrubOrganisationsOf } from '../organisations/organisations.service.ts';
import { scrubSegmentsOf } from '../segments/segments.service.ts';
import { scrubTasksOf, taskRecordsOf } from '../tasks/tasks.service.ts';
import { scrubWebhookDeliveriesOf } from '../webhooks/webhooks.service.ts';
import { listLinksOfPerson } from './links.repo.ts';
import type { AnonymisationResult, RgpdExport } from './people.contracts.ts';
import { findPerson, type NewPersonRow, type PersonRow, toPersonDto, updatePersonRow } from './people.repo.ts';
import { loadModifiablePerson, PERSON_ENTITY, personNotFound } from './person-access.ts';
import { clearLinkContactDetails, personTrail, scrubOtherPeopleNotes } from './rgpd.repo.ts';

/** RGPD actions are compliance work: admins and managers only (the routes say so too). */
function assertComplianceRole(ctx: Ctx): void {
  const { actor } = ctx;
  if (actor.type !== 'system' && actor.role !== 'admin' && actor.role !== 'manager') {
    throw new AppError('auth.forbidden', 'Only managers and admins may export or anonymise a person');
  }
}

/**
 * Art. 15: everything held on a person, as JSON. An admin's export is complete; a manager's holds only
 * the related records their team may see (`complete: false`), since exports never cross row scope.
 * The related records come from their owning features (`interactionRecordsOf`, `taskRecordsOf`, `noteRecordsOf`,
 * `attachmentRecordsOf`, `mandatRecordsOf`). The export is written to the data-access log and audited, in one
 * transaction with the read.
 */
export async function exportPersonData(ctx: Ctx, id: string): Promise<RgpdExport> {
  assertComplianceRole(ctx);
  return withTx(ctx, async (t) => {
    const person = await findPerson(t.db, ctx.actor, id, { withDeleted: true });
    if (!person) throw personNotFound(id);
    const complete = visibilityOf(ctx.actor).kind === 'all';
    await logDataAccess(ctx, { subjectType: PERSON_ENTITY, subjectId: id, action: 'export' }, t.db);
    await audit(t, { entityType: PERSON_ENTITY, entityId: id, action: 'rgpd_export', metadata: { complete } });
    const organisations = await listLinksOfPerson(t.db, id, complete ? null : ctx.actor);
    // Each feature gives its own records about the person, within the caller's row scope.
    const subject = { kind: 'person', id } as const;
    const interactions = await interactionRecordsOf(t, subject);
    const tasks = await taskRecordsOf(t, subject);
    const notes = await noteRecordsOf(t, subject);
    const attachments = await attachmentRecordsOf(t, subject);
    const mandats = await mandatRecordsOf(t, subject);
    return {
      exportedAt: ctx.deps.clock.now(),
      complete,
      person: toPersonDto(person),
      organisations,
      interactions,
      tasks,
      notes,
      attachments,
      mandats,
      ...(await personTrail(t.db, id)),
      places: complete ? await placesOf(t, person) : null,
    };
  });
}

/** What replaces the person's values in every other record (docs/DOMAIN.md, "Anonymisation"). */
export const ERASED_PLACEHOLDER = '[contact anonymisé]';

/** The person's fields an anonymisation clears; in their own audit rows, the values of these fields are erased. */
const PERSONAL_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'personalEmail',
  'phone',
  'mobile',
  'jobTitle',
  'linkedinUrl',
  'linkedinHeadline',
  'notes',
  'workEmail',
  'workPhone',
] as const;
/** Values replaced wherever they appear in a text (names are handled apart: see `Erasure`). */
const PHRASE_FIELDS = ['email', 'personalEmail', 'phone', 'mobile', 'linkedinUrl', 'workEmail', 'workPhone'];
/** Shorter values (a two-digit phone extension) would hit other people's texts: they are cleared, not searched. */
const MIN_PHRASE = 5;

/**
 * The person's values to erase: those they hold now, those of their organisation links, and every earlier value of
 * those fields their audit trail recorded (an e-mail changed last year is still in last year's events).
 */
async function erasureOf(t: Tx, person: PersonRow): Promise<Erasure> {
  const values = new Map<string, Set<string>>();
  const add = (field: string, v: unknown) => {
    if (typeof v !== 'string' || !v.trim()) return;
    if (!values.has(field)) values.set(field, new Set());
    values.get(field)?.add(v.trim());
  };
  for (const f of PERSONAL_FIELDS) add(f, (person as Record<string, unknown>)[f]);
  for (const link of await listLinksOfPerson(t.db, person.id, null)) {
    add('workEmail', link.workEmail);
    add('workPhone', link.workPhone);
  }
  const { audit: trail } = await personTrail(t.db, person.id);
  for (const row of trail) {
    for (const [field, change] of Object.entries((row.changes ?? {}) as Record<string, unknown>)) {
      const c = change as { before?: unknown; after?: unknown } | null;
      add(field, c?.before);
      add(field, c?.after);
    }
  }
  const firsts = [...(values.get('firstName') ?? [])];
  const lasts = [...(values.get('lastName') ?? [])];
  const fullNames = firsts.flatMap((f) => lasts.flatMap((l) => [`${f} ${l}`, `${l} ${f}`]));
  const phrases = [...fullNames, ...PHRASE_FIELDS.flatMap((f) => [...(values.get(f) ?? [])])].filter(
    (v) => v.length >= MIN_PHRASE,
  );
  return { kind: 'person', id: person.id, phrases, names: [...firsts, ...lasts], placeholder: ERASED_PLACEHOLDER };
}

type Place = (t: Tx, e: Erasure, opts: ScrubOptions) => Promise<string[]>;

/**
 * Every place, besides the person's row and links, where the CRM may hold a copy of a person's values, each scrubbed
 * by its owning feature. The event log comes first: a webhook fan-out reading an event after it was scrubbed sends
 * the scrubbed payload.
 */
const PLACES: Record<string, Place> = {
  events: (t, e, o) => scrubEventPayloads(t.db, erasureSql(e), o),
  webhookDeliveries: scrubWebhookDeliveriesOf,
  interactions: scrubInteractionsOf,
  tasks: scrubTasksOf,
  notes: scrubNotesOf,
  attachments: scrubAttachmentsOf,
  mandats: scrubMandatsOf,
  notifications: scrubNotificationsOf,
  imports: scrubImportsOf,
  savedViews: scrubSegmentsOf,
  campaigns: scrubCampaignsOf,
  organisations: scrubOrganisationsOf,
  people: (t, e, o) => scrubOtherPeopleNotes(t.db, erasureSql(e), e.id, o),
  auditLog: (t, e, o) =>
    eraseAuditValues(t, { erasure: e, entityType: PERSON_ENTITY, personalFields: PERSONAL_FIELDS, dryRun: o.dryRun }),
};

/** Where the person's values are now: the ids of the records of each place (the export's `places`). */
async function placesOf(t: Tx, person: PersonRow): Promise<Record<string, string[]>> {
  const e = await erasureOf(t, person);
  const found: Record<string, string[]> = {};
  for (const [name, place] of Object.entries(PLACES)) found[name] = await place(t, e, { dryRun: true });
  return found;
}

/** The reason as stored: the person's own values replaced too (a reason may name them). */
function scrubbedReason(reason: string, e: Erasure): string {
  let out = reason;
  for (const p of [...e.phrases].sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), e.placeholder);
  }
  return out;
}

/**
 * Art. 17 by anonymisation, for a stated reason: the person row stays (ids, links, interactions, tasks, mandates and
 * statistics keep working) but its identifying data goes: names become "Anonyme", e-mails, phones, LinkedIn, job
 * title and notes are cleared, as are the work e-mail and phone of its organisation links; marketing opt-out is set.
 * Every other copy of their values is replaced by `[contact anonymisé]` by the feature that holds it (see PLACES:
 * interaction and task texts, notes, file names, mandates, notifications, import reports, saved views, the event log,
 * webhook deliveries, pending ones included, and the audit trail, whose chain still verifies:
 * docs/adr/0011-erasable-audit-values.md); the read cache is emptied after the commit. The audit row records the
 * reason, the cleared fields and how many records of each place changed, never a value.
 */
export async function anonymisePerson(ctx: Ctx, id: string, input: { reason: string }): Promise<AnonymisationResult> {
  assertComplianceRole(ctx);
  return withTx(ctx, async (t) => {
    const before = await loadModifiablePerson(t, id);
    if (before.anonymisedAt) {
      throw new AppError('person.already_anonymised', 'This person is already anonymised', { status: 409 });
    }
    const erasure = await erasureOf(t, before);
    const reason = scrubbedReason(input.reason.trim(), erasure);
    const erased: Record<string, number> = {};
    for (const [name, place] of Object.entries(PLACES)) erased[name] = (await place(t, erasure, {})).length;
    const values: Partial<NewPersonRow> = {
      firstName: 'Anonyme',
      lastName: 'Anonyme',
      email: null,
      personalEmail: null,
      phone: null,
      mobile: null,
      jobTitle: null,
      linkedinUrl: null,
      linkedinHeadline: null,
      linkedinConnectedOn: null,
      notes: null,
      marketingOptOut: true,
      anonymisedAt: ctx.deps.clock.now(),
      anonymisationReason: reason,
    };
    const dto = toPersonDto(await updatePersonRow(t.db, id, values));
    await clearLinkContactDetails(t.db, id);
    const cleared = Object.keys(values).filter(
      (k) => k !== 'anonymisedAt' && k !== 'marketingOptOut' && k !== 'anonymisationReason',
    );
    await audit(t, {
      entityType: PERSON_ENTITY,
      entityId: id,
      action: 'anonymise',
      metadata: { reason, clearedFields: [...cleared, 'links.workEmail', 'links.workPhone'], erased },
    });
    await emit(t, 'contact.updated', { person: dto, changes: ['anonymisedAt'] });
    // Cached answers may hold the values that were just replaced.
    t.afterCommit(async () => {
      await ctx.deps.cache.clear();
    });
    return { person: dto, reason, erased };
  });
}
