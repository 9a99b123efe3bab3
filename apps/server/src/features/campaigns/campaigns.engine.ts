import { createHash } from 'node:crypto';
import { z } from 'zod';
import { actorForUser } from '../../platform/auth/actor-for-user.ts';
import { type Ctx, type Deps, systemCtx } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { defineJob } from '../../platform/jobs/define-job.ts';
import { queueMail } from '../mail/mail.service.ts';
import { resolveAudience } from './audience.ts';
import {
  activeCampaigns,
  type CampaignRow,
  cancelPending,
  engaged,
  findCampaign,
  insertRecipients,
  insertSends,
  lockDueSends,
  markWinner,
  pendingCount,
  queuedSince,
  recipientsByIds,
  type StepWithVariants,
  stepsOf,
  updateCampaignRow,
  updateSend,
  type VariantRow,
  variantScores,
} from './campaigns.repo.ts';
import type { campaignSends } from './campaigns.schema.ts';
import { consentsOf, suppressionsOf } from './compliance.repo.ts';
import { recordEmailEvents } from './email-events.ts';
import { listUnsubscribeHeaders, recipientLinks } from './links.ts';
import { type CompiledTemplate, compileTemplate, renderCompiled } from './render.ts';
import { localToInstant, nextInWindow, PARIS, type SendWindow, timeZoneOfCountry } from './schedule.ts';
import { findMarketingSettings, findUserIdentity, recipientFacts } from './templates.repo.ts';
import { varsOf } from './templates.service.ts';
import { withTracking } from './tracking.ts';

/**
 * The sending engine (docs/CAMPAIGNS.md, "Sending"): a campaign due to start takes its audience as its author sees
 * it then, and plans one send per recipient and step; every minute (and at once when started or resumed) the due
 * sends are handed to the durable outbox at the campaign's pace. A send becomes a mail in the transaction that marks
 * it handed over: a worker killed half-way leaves it planned, never doubled nor lost.
 */

const BATCH = 200;
const HOUR = 3_600_000;

/** The A/B group of a recipient: a stable draw from the campaign and the contact. */
const draw = (campaignId: string, personId: string) =>
  createHash('sha256').update(`${campaignId}:${personId}`).digest().readUInt32BE(0);

function windowOf(c: CampaignRow): SendWindow | null {
  return c.sendWindow ?? null;
}

/** The instant the first step reaches a recipient of time zone `zone`. */
function firstDue(c: CampaignRow, zone: string, startedAt: Date): Date {
  const base = c.scheduleKind === 'recipient_local' && c.localTime ? localToInstant(c.localTime, zone) : startedAt;
  return base < startedAt ? startedAt : base;
}

/** Takes the audience and plans every send; the campaign then runs. */
export async function startCampaign(deps: Deps, campaign: CampaignRow): Promise<void> {
  const now = deps.clock.now();
  const owner = campaign.ownerId ? await actorForUser(deps.database.db, campaign.ownerId) : null;
  if (!owner || !campaign.segmentId) {
    // The author left (or lost access): nothing is sent in their name.
    await withTx(systemCtx(deps), (t) =>
      updateCampaignRow(t.db, campaign.id, { status: 'cancelled', completedAt: now }),
    );
    deps.log.warn({ campaignId: campaign.id }, 'campaign cancelled: its author can no longer send it');
    return;
  }
  const ownerCtx: Ctx = { ...systemCtx(deps), actor: owner };
  const audience = await resolveAudience(ownerCtx, {
    segmentId: campaign.segmentId,
    excludeSegmentIds: campaign.excludeSegmentIds,
    topic: campaign.topic,
  });
  const steps = await stepsOf(deps.database.db, campaign.id);
  const window = windowOf(campaign);
  const ab = campaign.abTest;
  const ordered = [...audience.recipients].sort(
    (a, b) => draw(campaign.id, a.personId) - draw(campaign.id, b.personId),
  );
  const tested = ab ? Math.round((ordered.length * ab.testShare) / 100) : 0;

  await withTx(systemCtx(deps), async (t) => {
    const locked = await findCampaign(t.db, campaign.id, { forUpdate: true });
    if (locked?.status !== 'scheduled') return; // started by another worker, paused or cancelled meanwhile
    for (let i = 0; i < ordered.length; i += 1000) {
      const chunk = ordered.slice(i, i + 1000);
      const rows = await insertRecipients(
        t.db,
        chunk.map((r, j) => ({
          campaignId: campaign.id,
          personId: r.personId,
          address: r.address,
          timeZone: r.timeZone ?? timeZoneOfCountry(r.countryCode),
          abGroup: i + j < tested ? ((i + j) % 2 === 0 ? ('A' as const) : ('B' as const)) : null,
        })),
      );
      const sends: (typeof campaignSends.$inferInsert)[] = [];
      for (const r of rows) {
        const zone = campaign.scheduleKind === 'recipient_local' ? r.timeZone : PARIS;
        let due = firstDue(campaign, r.timeZone, now);
        for (const step of steps) {
          if (step.position > 0) due = new Date(due.getTime() + step.delayHours * HOUR);
          let variantId: string | null = step.variants[0]?.id ?? null;
          let at = due;
          if (step.position === 0 && ab) {
            const pick = step.variants.find((v) => v.key === r.abGroup);
            variantId = pick?.id ?? null;
            if (!pick) at = new Date(due.getTime() + ab.waitHours * HOUR);
          }
          const dueAt = nextInWindow(at, zone, window);
          sends.push({ campaignId: campaign.id, stepId: step.id, recipientId: r.id, variantId, dueAt });
          if (step.position === 0) due = dueAt;
        }
      }
      for (let k = 0; k < sends.length; k += 1000) await insertSends(t.db, sends.slice(k, k + 1000));
    }
    await updateCampaignRow(t.db, campaign.id, { status: 'running', startedAt: now, audienceCounts: audience.counts });
  });
}

/** The A/B test's winner, picked once, when the first mail to the rest of the audience is due. */
async function winnerOf(t: Tx, c: CampaignRow, step: StepWithVariants): Promise<VariantRow | null> {
  const known = step.variants.find((v) => v.isWinner);
  if (known) return known;
  const [a, b] = [step.variants.find((v) => v.key === 'A'), step.variants.find((v) => v.key === 'B')];
  if (!a || !b) return a ?? null;
  const scores = await variantScores(t.db, [a.id, b.id], c.abTest?.metric === 'clicks' ? 'clicked' : 'opened');
  const winner = (scores.get(b.id) ?? 0) > (scores.get(a.id) ?? 0) ? b : a;
  await markWinner(t.db, winner.id);
  winner.isWinner = true;
  return winner;
}

/** Hands the due sends of one campaign to the outbox, within its pace; returns how many sends were settled. */
async function handOff(deps: Deps, campaignId: string): Promise<number> {
  return withTx(systemCtx(deps), async (t) => {
    const now = deps.clock.now();
    const c = await findCampaign(t.db, campaignId, { forUpdate: true });
    if (c?.status !== 'running') return 0;
    const budget = c.ratePerMinute - (await queuedSince(t.db, c.id, new Date(now.getTime() - 60_000)));
    if (budget <= 0) return 0;
    const due = await lockDueSends(t.db, c.id, now, Math.min(budget, BATCH));
    if (!due.length) return 0;

    const steps = new Map((await stepsOf(t.db, c.id)).map((s) => [s.id, s]));
    const recipients = await recipientsByIds(
      t.db,
      due.map((s) => s.recipientId),
    );
    const all = [...recipients.values()];
    const addresses = all.map((r) => r.address.toLowerCase());
    const [facts, suppressed, consents, settings, owner] = await Promise.all([
      recipientFacts(
        t.db,
        all.map((r) => r.personId),
      ),
      suppressionsOf(t.db, addresses),
      consentsOf(t.db, addresses),
      findMarketingSettings(t.db),
      c.ownerId ? findUserIdentity(t.db, c.ownerId) : null,
    ]);
    const sender = { name: c.fromName ?? settings?.fromName ?? owner?.name ?? '', email: owner?.email ?? '' };
    const company = { name: settings?.companyName ?? '', address: settings?.postalAddress ?? '' };
    const compiled = new Map<string, CompiledTemplate>();
    const handed: string[] = [];

    for (const send of due) {
      const r = recipients.get(send.recipientId);
      const step = steps.get(send.stepId);
      if (!r || !step) continue;
      const zone = c.scheduleKind === 'recipient_local' ? r.timeZone : PARIS;
      const inWindow = nextInWindow(now, zone, windowOf(c));
      if (inWindow > now) {
        await updateSend(t.db, send.id, { dueAt: inWindow }); // resumed after a pause, outside the hours
        continue;
      }
      const skip = async (reason: string) => updateSend(t.db, send.id, { status: 'skipped', skipReason: reason });
      const person = facts.get(r.personId);
      if (!person) {
        await skip('contact_deleted');
        continue;
      }
      const s = suppressed.get(r.address.toLowerCase());
      if (s) {
        await skip(s.reason);
        continue;
      }
      if (consents.get(r.address.toLowerCase())?.topicsOff.includes(c.topic)) {
        await skip('topic_off');
        continue;
      }
      if (
        step.condition !== 'all' &&
        (await engaged(t.db, r.id, step.condition === 'not_opened' ? 'opened' : 'clicked'))
      ) {
        await skip(step.condition === 'not_opened' ? 'opened' : 'clicked');
        continue;
      }
      const variant = send.variantId ? step.variants.find((v) => v.id === send.variantId) : await winnerOf(t, c, step);
      if (!variant) {
        await skip('no_content');
        continue;
      }
      let template = compiled.get(variant.id);
      if (!template) {
        template = await compileTemplate(variant);
        compiled.set(variant.id, template);
      }
      const links = recipientLinks(deps.config.appUrl, deps.config.sessionSecret, {
        a: r.address,
        l: variant.locale,
        c: c.id,
        r: r.id,
      });
      const mail = renderCompiled(template, varsOf(person, { sender, company, ...links }));
      const tracked = withTracking(mail.html, {
        appUrl: deps.config.appUrl,
        secret: deps.config.sessionSecret,
        sendId: send.id,
      });
      const { id: mailId, messageId } = await queueMail(t, {
        category: 'campaign',
        to: r.address,
        locale: variant.locale,
        subject: mail.subject,
        text: mail.text,
        html: tracked.html,
        headers: { ...listUnsubscribeHeaders(links.unsubscribeUrl), 'X-CRM-Campaign': c.id },
        fromName: sender.name || null,
        replyTo: c.replyTo ?? settings?.replyTo ?? null,
      });
      await updateSend(t.db, send.id, {
        status: 'queued',
        mailId,
        messageId,
        queuedAt: now,
        variantId: variant.id,
        trackedLinks: tracked.links,
      });
      handed.push(send.id);
    }
    await recordEmailEvents(
      t,
      handed.map((sendId) => ({ sendId, type: 'sent', at: now, extras: {} })),
    );
    return due.length;
  });
}

/** Starts the campaigns due to start, sends what is due, and closes the campaigns with nothing left to send. */
export async function runCampaigns(deps: Deps, only?: string): Promise<{ settled: number }> {
  let settled = 0;
  const now = deps.clock.now();
  for (const c of await activeCampaigns(deps.database.db, now)) {
    if (only && c.id !== only) continue;
    if (c.status === 'scheduled') await startCampaign(deps, c);
    for (;;) {
      const n = await handOff(deps, c.id);
      settled += n;
      if (n === 0) break;
    }
    await withTx(systemCtx(deps), async (t) => {
      const current = await findCampaign(t.db, c.id, { forUpdate: true });
      if (current?.status === 'running' && (await pendingCount(t.db, c.id)) === 0) {
        await updateCampaignRow(t.db, c.id, { status: 'completed', completedAt: deps.clock.now() });
      }
    });
  }
  return { settled };
}

/** Cancels what a cancelled campaign had still planned. */
export const cancelPlanned = (t: Tx, campaignId: string) => cancelPending(t.db, campaignId);

/** Every minute (and at once when a campaign is started or resumed). */
export const sendCampaignsJob = defineJob({
  name: 'send-campaigns',
  input: z.object({ campaignId: z.uuid().optional() }),
  cron: '* * * * *',
  expireInSeconds: 10 * 60,
  retry: { limit: 3, delaySeconds: 10 },
  handler: async (input, ctx) => runCampaigns(ctx.deps, input.campaignId),
});
