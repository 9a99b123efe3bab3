import { roleMayModify } from '@crm/contracts';
import { audit, diffFields } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { withTx } from '../../platform/db/tx.ts';
import type { Erasure } from '../../platform/entities/reassign.ts';
import { AppError, type FieldError, forbidden } from '../../platform/errors.ts';
import { resolveAudience } from './audience.ts';
import type { CampaignDto, CreateCampaignInput, ScheduleInputDto, UpdateCampaignInput } from './campaigns.contracts.ts';
import { cancelPlanned, sendCampaignsJob } from './campaigns.engine.ts';
import {
  type CampaignRow,
  findCampaign,
  insertCampaign,
  linkReport,
  listCampaigns,
  recipientReport,
  replaceSteps,
  scrubCampaignRecipients,
  sendCounts,
  stepsOf,
  updateCampaignRow,
  variantReport,
} from './campaigns.repo.ts';
import type { CampaignStatus } from './campaigns.schema.ts';
import { compileTemplate, sanitizeBody } from './render.ts';
import { localToInstant } from './schedule.ts';

const ENTITY = 'campaign';

const notFound = (id: string) => new AppError('campaign.not_found', `Campaign ${id} was not found`);

function toDto(row: CampaignRow, steps: Awaited<ReturnType<typeof stepsOf>>): CampaignDto {
  const { deletedAt: _d, deletedBy: _b, ...rest } = row;
  return {
    ...rest,
    steps: steps.map((s) => ({
      id: s.id,
      position: s.position,
      delayHours: s.delayHours,
      condition: s.condition,
      variants: s.variants.map(({ stepId: _s, ...v }) => v),
    })),
  };
}

const listDto = ({ deletedAt: _d, deletedBy: _b, ...rest }: CampaignRow) => rest;

/** Campaigns are read by everyone; written by their author, the author's team manager and administrators. */
function assertMayWrite(ctx: Ctx, row?: CampaignRow) {
  const who = { role: ctx.actor.role ?? 'viewer', userId: ctx.actor.userId, teamId: ctx.actor.teamId };
  if (who.role === 'viewer') throw forbidden('Viewers do not write campaigns');
  if (row && !roleMayModify(who, { ownerId: row.ownerId, teamId: row.teamId })) {
    throw forbidden('Only the author of a campaign, their manager or an administrator may change it');
  }
}

async function load(ctx: Ctx, id: string): Promise<CampaignRow> {
  const row = await findCampaign(ctx.deps.database.db, id);
  if (!row) throw notFound(id);
  return row;
}

const invalid = (fields: FieldError[], message = 'The campaign is not valid') =>
  new AppError('campaign.invalid', message, { fields });

type StepsInput = CreateCampaignInput['steps'];

/** The steps' content sanitised and compiled; an A/B test needs variants A and B on the first step, one elsewhere. */
async function checkedSteps(steps: StepsInput, ab: boolean): Promise<StepsInput> {
  const fields: FieldError[] = [];
  const out: StepsInput = [];
  for (const [i, step] of steps.entries()) {
    const keys = step.variants.map((v) => v.key).sort();
    const want = i === 0 && ab ? ['A', 'B'] : ['A'];
    if (keys.join() !== want.join()) {
      fields.push({
        path: `body.steps.${i}.variants`,
        message: ab && i === 0 ? 'an A/B test needs variants A and B' : 'one variant, A',
        code: 'variants',
      });
    }
    const variants = [];
    for (const v of step.variants) {
      const bodyHtml = sanitizeBody(v.bodyHtml);
      try {
        await compileTemplate({ ...v, bodyHtml });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        for (const f of err.fields ?? [])
          fields.push({ ...f, path: f.path.replace(/^body\./, `body.steps.${i}.variants.${v.key}.`) });
        continue;
      }
      variants.push({ ...v, bodyHtml });
    }
    out.push({ ...step, delayHours: i === 0 ? 0 : step.delayHours, variants });
  }
  if (fields.length) throw invalid(fields);
  return out;
}

const variantRows = (steps: StepsInput) =>
  steps.map((s) => ({
    delayHours: s.delayHours,
    condition: s.condition,
    variants: s.variants.map((v) => ({
      key: v.key,
      templateId: v.templateId ?? null,
      subject: v.subject,
      preheader: v.preheader,
      bodyHtml: v.bodyHtml,
      locale: v.locale,
    })),
  }));

export async function listCampaignsFor(ctx: Ctx, status?: CampaignStatus) {
  return { items: (await listCampaigns(ctx.deps.database.db, status ? [status] : undefined)).map(listDto) };
}

export async function getCampaign(ctx: Ctx, id: string): Promise<CampaignDto> {
  const row = await load(ctx, id);
  return toDto(row, await stepsOf(ctx.deps.database.db, id));
}

export async function createCampaign(ctx: Ctx, input: CreateCampaignInput): Promise<CampaignDto> {
  assertMayWrite(ctx);
  const steps = await checkedSteps(input.steps, !!input.abTest);
  return withTx(ctx, async (t) => {
    const { steps: _s, ...fields } = input;
    const row = await insertCampaign(t.db, {
      ...fields,
      segmentId: fields.segmentId ?? null,
      ownerId: ctx.actor.userId,
      teamId: ctx.actor.teamId,
    });
    await replaceSteps(t.db, row.id, variantRows(steps));
    await audit(t, { entityType: ENTITY, entityId: row.id, action: 'create', changes: diffFields(null, listDto(row)) });
    return toDto(row, await stepsOf(t.db, row.id));
  });
}

/** Only a draft changes; a scheduled campaign goes back to draft first (unschedule). */
export async function updateCampaign(ctx: Ctx, id: string, patch: UpdateCampaignInput): Promise<CampaignDto> {
  const current = await load(ctx, id);
  assertMayWrite(ctx, current);
  if (current.status !== 'draft') {
    throw new AppError('campaign.not_draft', 'Only a draft campaign can be changed', { status: 409 });
  }
  const ab = patch.abTest !== undefined ? !!patch.abTest : !!current.abTest;
  const steps = patch.steps ? await checkedSteps(patch.steps, ab) : undefined;
  if (patch.abTest !== undefined && !patch.steps) {
    // The A/B switch changes what the first step needs: check the stored steps against it.
    const stored = await stepsOf(ctx.deps.database.db, id);
    await checkedSteps(
      stored.map((s) => ({
        delayHours: s.delayHours,
        condition: s.condition,
        variants: s.variants.map((v) => ({ ...v, templateId: v.templateId })),
      })),
      ab,
    );
  }
  return withTx(ctx, async (t) => {
    const { steps: _s, ...fields } = patch;
    const row = Object.values(fields).some((v) => v !== undefined)
      ? await updateCampaignRow(t.db, id, fields)
      : current;
    if (steps) await replaceSteps(t.db, id, variantRows(steps));
    await audit(t, {
      entityType: ENTITY,
      entityId: id,
      action: 'update',
      changes: diffFields(listDto(current), fields),
    });
    return toDto(row, await stepsOf(t.db, id));
  });
}

export async function deleteCampaign(ctx: Ctx, id: string): Promise<void> {
  const current = await load(ctx, id);
  assertMayWrite(ctx, current);
  if (current.status === 'running' || current.status === 'scheduled' || current.status === 'paused') {
    throw new AppError('campaign.active', 'Cancel the campaign before deleting it', { status: 409 });
  }
  await withTx(ctx, async (t) => {
    await updateCampaignRow(t.db, id, { deletedAt: ctx.deps.clock.now(), deletedBy: ctx.actor.userId });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'delete' });
  });
}

/** The earliest instant a wall-clock time happens anywhere (UTC+14): a local-time campaign starts then. */
const EARLIEST_ZONE = 'Pacific/Kiritimati';

/** Plans the campaign: now, at an instant, or at a wall-clock time in each recipient's zone. */
export async function scheduleCampaign(ctx: Ctx, id: string, input: ScheduleInputDto): Promise<CampaignDto> {
  const current = await load(ctx, id);
  assertMayWrite(ctx, current);
  if (current.status !== 'draft') {
    throw new AppError('campaign.not_draft', 'Only a draft campaign can be scheduled', { status: 409 });
  }
  const now = ctx.deps.clock.now();
  const fields: FieldError[] = [];
  if (!current.segmentId) fields.push({ path: 'body.segmentId', message: 'no audience', code: 'required' });
  let at = now;
  if (input.kind === 'at') {
    if (input.at.getTime() < now.getTime() - 60_000)
      fields.push({ path: 'body.at', message: 'in the past', code: 'past' });
    at = input.at;
  }
  if (input.kind === 'recipient_local') {
    at = localToInstant(input.localTime, EARLIEST_ZONE);
    if (Number.isNaN(at.getTime())) fields.push({ path: 'body.localTime', message: 'not a date', code: 'invalid' });
    else if (at.getTime() < now.getTime() - 60_000)
      fields.push({ path: 'body.localTime', message: 'already past everywhere', code: 'past' });
    if (at < now) at = now;
  }
  if (fields.length) throw invalid(fields, 'The campaign cannot be scheduled');
  return withTx(ctx, async (t) => {
    const row = await updateCampaignRow(t.db, id, {
      status: 'scheduled',
      scheduleKind: input.kind,
      scheduledAt: at,
      localTime: input.kind === 'recipient_local' ? input.localTime : null,
    });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'schedule', metadata: { kind: input.kind, at } });
    if (at <= now) await ctx.deps.queue.enqueue(t, sendCampaignsJob, { campaignId: id });
    return toDto(row, await stepsOf(t.db, id));
  });
}

const TRANSITIONS: Record<'pause' | 'resume' | 'cancel' | 'unschedule', CampaignStatus[]> = {
  pause: ['scheduled', 'running'],
  resume: ['paused'],
  cancel: ['scheduled', 'running', 'paused'],
  unschedule: ['scheduled'],
};

/** Pause, resume, cancel, or take a scheduled campaign back to draft. */
export async function changeCampaignState(
  ctx: Ctx,
  id: string,
  action: keyof typeof TRANSITIONS,
): Promise<CampaignDto> {
  assertMayWrite(ctx, await load(ctx, id));
  return withTx(ctx, async (t) => {
    const current = await findCampaign(t.db, id, { forUpdate: true });
    if (!current) throw notFound(id);
    if (!TRANSITIONS[action].includes(current.status)) {
      throw new AppError('campaign.invalid_transition', `A ${current.status} campaign cannot be ${action}d`, {
        status: 409,
      });
    }
    const next: CampaignStatus =
      action === 'pause'
        ? 'paused'
        : action === 'cancel'
          ? 'cancelled'
          : action === 'unschedule'
            ? 'draft'
            : current.startedAt
              ? 'running'
              : 'scheduled';
    const row = await updateCampaignRow(t.db, id, {
      status: next,
      ...(next === 'cancelled' ? { completedAt: ctx.deps.clock.now() } : {}),
    });
    if (next === 'cancelled') await cancelPlanned(t, id);
    if (action === 'resume') await ctx.deps.queue.enqueue(t, sendCampaignsJob, { campaignId: id });
    await audit(t, { entityType: ENTITY, entityId: id, action, metadata: { from: current.status, to: next } });
    return toDto(row, await stepsOf(t.db, id));
  });
}

/** Who the campaign would reach now, as the caller sees the segment: counts by reason and the first 20. */
export async function previewAudience(
  ctx: Ctx,
  input: { segmentId: string; excludeSegmentIds: string[]; topic: CampaignRow['topic'] },
) {
  const audience = await resolveAudience(ctx, input);
  return {
    counts: audience.counts,
    sample: audience.recipients.slice(0, 20).map(({ countryCode: _c, timeZone: _z, ...r }) => r),
  };
}

export async function campaignStats(ctx: Ctx, id: string) {
  await load(ctx, id);
  const out = { planned: 0, queued: 0, sent: 0, failed: 0, skipped: 0, cancelled: 0 };
  for (const r of await sendCounts(ctx.deps.database.db, id)) {
    if (r.status === 'pending') out.planned += r.n;
    else if (r.status === 'skipped') out.skipped += r.n;
    else if (r.status === 'cancelled') out.cancelled += r.n;
    else if (r.mail_status === 'sent') out.sent += r.n;
    else if (r.mail_status === 'failed') out.failed += r.n;
    else out.queued += r.n;
  }
  return out;
}

type VariantCounts = Awaited<ReturnType<typeof variantReport>>[number];

const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : 0);

function countsOf(rows: VariantCounts[]) {
  const sum = (k: keyof Omit<VariantCounts, 'variant_id'>) => rows.reduce((a, r) => a + r[k], 0);
  const sent = sum('sent');
  const openedHuman = sum('opened_human');
  const clickedHuman = sum('clicked_human');
  return {
    queued: sum('queued'),
    sent,
    failed: sum('failed'),
    openedHuman,
    openedMachineOnly: sum('opened_machine_only'),
    clickedHuman,
    clickedMachineOnly: sum('clicked_machine_only'),
    unsubscribed: sum('unsubscribed'),
    bounced: sum('bounced'),
    complained: sum('complained'),
    openRate: rate(openedHuman, sent),
    clickRate: rate(clickedHuman, sent),
    clickToOpenRate: rate(clickedHuman, openedHuman),
  };
}

/** The campaign's report: totals, per step and variant, and the links clicked (machines counted apart). */
export async function campaignReport(ctx: Ctx, id: string) {
  await load(ctx, id);
  const db = ctx.deps.database.db;
  const [rows, links, steps, states] = await Promise.all([
    variantReport(db, id),
    linkReport(db, id),
    stepsOf(db, id),
    campaignStats(ctx, id),
  ]);
  const byVariant = new Map(rows.map((r) => [r.variant_id, r]));
  return {
    totals: { ...countsOf(rows), planned: states.planned, skipped: states.skipped, cancelled: states.cancelled },
    steps: steps.map((s) => ({
      stepId: s.id,
      position: s.position,
      variants: s.variants.map((v) => {
        const r = byVariant.get(v.id);
        return { variantId: v.id, key: v.key, isWinner: v.isWinner, ...countsOf(r ? [r] : []) };
      }),
    })),
    links: links.map((l) => ({ url: l.url, clicks: l.clicks, clickers: l.clickers, machineClicks: l.machine_clicks })),
  };
}

/** The recipients and what each did, by address (keyset on the address). */
export async function campaignRecipients(
  ctx: Ctx,
  id: string,
  q: { filter?: 'opened' | 'clicked' | 'not_opened' | 'unsubscribed'; limit: number; cursor?: string },
) {
  await load(ctx, id);
  const after = q.cursor ? Buffer.from(q.cursor, 'base64url').toString('utf8') : undefined;
  const rows = await recipientReport(ctx.deps.database.db, id, { filter: q.filter, limit: q.limit + 1, after });
  const items = rows.slice(0, q.limit).map((r) => ({
    recipientId: r.id,
    personId: r.person_id,
    address: r.address,
    sent: r.sent,
    skipped: r.skipped,
    opened: r.opened,
    clicked: r.clicked,
    unsubscribed: r.unsubscribed,
    lastEventAt: r.last_event_at ? new Date(r.last_event_at) : null,
  }));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > q.limit && last ? Buffer.from(last.address).toString('base64url') : null,
  };
}

/** RGPD erasure: the person's campaign recipient rows lose their address, their consents go (repo). */
export function scrubCampaignsOf(t: Tx, erasure: Erasure, opts: { dryRun?: boolean } = {}): Promise<string[]> {
  const addresses = erasure.phrases.filter((p) => p.includes('@')).map((p) => p.toLowerCase());
  return scrubCampaignRecipients(t.db, erasure.id, addresses, opts);
}
