import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import type { ConsentBasis, MarketingTopic, SuppressionReason, SuppressionSource } from './campaigns.schema.ts';
import {
  type ConsentRow,
  countSuppressions,
  deleteSuppression,
  findConsent,
  findSuppression,
  insertSuppression,
  listSuppressions,
  type SuppressionRow,
  setTopicsOff,
  upsertConsent,
} from './compliance.repo.ts';
import { latestSendOf, recipientHasEvent } from './email-events.repo.ts';
import { recordEmailEvents } from './email-events.ts';
import type { LinkPayload } from './links.ts';

/**
 * The recipient's rights over marketing mail (docs/CAMPAIGNS.md, "Compliance"): the global suppression list, the
 * topics turned off in the preference centre, and the consent kept per address (basis, source, date).
 */

const address = (a: string) => a.trim().toLowerCase();

/** What the unsubscribe page and the preference centre show for an address. */
export interface AddressState {
  suppressed: Pick<SuppressionRow, 'reason' | 'source' | 'createdAt'> | null;
  topicsOff: MarketingTopic[];
}

export async function addressState(ctx: Ctx, a: string): Promise<AddressState> {
  const db = ctx.deps.database.db;
  const [s, c] = await Promise.all([findSuppression(db, address(a)), findConsent(db, address(a))]);
  return {
    suppressed: s ? { reason: s.reason, source: s.source, createdAt: s.createdAt } : null,
    topicsOff: c?.topicsOff ?? [],
  };
}

/** The unsubscription as an event of the latest mail the recipient was sent by the campaign (once per recipient). */
async function recordUnsubscription(t: Tx, campaignId: string, recipientId: string, source: SuppressionSource) {
  const sendId = await latestSendOf(t.db, campaignId, recipientId);
  if (!sendId || (await recipientHasEvent(t.db, recipientId, 'unsubscribed'))) return;
  if (source !== 'one_click' && source !== 'unsubscribe_page' && source !== 'preference_centre') return;
  await recordEmailEvents(t, [{ sendId, type: 'unsubscribed', at: t.ctx.deps.clock.now(), extras: { source } }]);
}

/** The recipient unsubscribes (one click, the page or the preference centre): no marketing mail to the address. */
export async function unsubscribe(ctx: Ctx, link: LinkPayload, source: SuppressionSource): Promise<void> {
  await withTx(ctx, async (t) => {
    const row = await insertSuppression(t.db, {
      address: address(link.a),
      reason: 'unsubscribed',
      source,
      campaignId: link.c ?? null,
    });
    if (row && link.c && link.r) await recordUnsubscription(t, link.c, link.r, source);
    if (row) {
      await audit(t, {
        entityType: 'email_suppression',
        entityId: row.id,
        action: 'create',
        metadata: { reason: 'unsubscribed', source, campaignId: link.c ?? null },
      });
    }
  });
}

/**
 * The recipient changes their mind in the preference centre. Only their own unsubscription (or complaint) is undone
 * by them: a dead address (bounce) or an administrator's suppression stays.
 */
export async function resubscribe(ctx: Ctx, link: LinkPayload): Promise<boolean> {
  return withTx(ctx, async (t) => {
    const current = await findSuppression(t.db, address(link.a));
    if (!current || (current.reason !== 'unsubscribed' && current.reason !== 'complained')) return false;
    await deleteSuppression(t.db, current.address);
    await audit(t, {
      entityType: 'email_suppression',
      entityId: current.id,
      action: 'delete',
      metadata: { reason: current.reason, source: 'preference_centre' },
    });
    return true;
  });
}

export async function saveTopics(ctx: Ctx, link: LinkPayload, topicsOff: MarketingTopic[]): Promise<void> {
  await withTx(ctx, async (t) => {
    const row = await setTopicsOff(t.db, address(link.a), [...new Set(topicsOff)].sort(), ctx.deps.clock.now());
    await audit(t, {
      entityType: 'email_consent',
      action: 'update',
      metadata: { topicsOff: row.topicsOff, source: 'preference_centre' },
    });
  });
}

// --- the firm's side: the list, manual additions, consents -----------------------------------------------------------

const requireRole = (ctx: Ctx, roles: string[]) => {
  if (!roles.includes(ctx.actor.role ?? '')) throw forbidden('Managers and administrators keep the suppression list');
};

export async function listSuppressionsFor(
  ctx: Ctx,
  q: { reason?: SuppressionReason; q?: string; limit: number; cursor?: string },
) {
  requireRole(ctx, ['admin', 'manager']);
  let before: { at: Date; id: string } | undefined;
  if (q.cursor) {
    const [at, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
    const when = new Date(at ?? '');
    if (!id || Number.isNaN(when.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
      throw new AppError('list.invalid_cursor', 'The cursor is not one this list gave');
    }
    before = { at: when, id };
  }
  const db = ctx.deps.database.db;
  const rows = await listSuppressions(db, { reason: q.reason, search: q.q, limit: q.limit + 1, before });
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > q.limit && last
      ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url')
      : null;
  return { items, nextCursor, counts: await countSuppressions(db) };
}

/** An administrator or a manager adds an address by hand (a request by phone, a letter). */
export async function addSuppression(ctx: Ctx, input: { address: string; detail?: string | null }) {
  requireRole(ctx, ['admin', 'manager']);
  return withTx(ctx, async (t) => {
    const row = await insertSuppression(t.db, {
      address: address(input.address),
      reason: 'manual',
      source: 'admin',
      detail: input.detail ?? null,
      createdBy: ctx.actor.userId,
    });
    if (!row) throw new AppError('email_suppression.already_exists', 'This address is already on the list');
    await audit(t, {
      entityType: 'email_suppression',
      entityId: row.id,
      action: 'create',
      metadata: { source: 'admin' },
    });
    return row;
  });
}

/** Only an administrator takes an address off the list (after the person asked to receive mail again). */
export async function removeSuppression(ctx: Ctx, a: string): Promise<void> {
  requireRole(ctx, ['admin']);
  await withTx(ctx, async (t) => {
    const row = await deleteSuppression(t.db, address(a));
    if (!row) throw new AppError('email_suppression.not_found', 'This address is not on the list');
    await audit(t, {
      entityType: 'email_suppression',
      entityId: row.id,
      action: 'delete',
      metadata: { reason: row.reason, source: 'admin' },
    });
  });
}

export interface ConsentView {
  address: string;
  basis: ConsentBasis | null;
  source: string | null;
  collectedAt: Date | null;
  topicsOff: MarketingTopic[];
  suppressed: { reason: SuppressionReason; source: SuppressionSource; at: Date } | null;
}

function toView(a: string, c: ConsentRow | null, s: SuppressionRow | null): ConsentView {
  return {
    address: a,
    basis: c?.basis ?? null,
    source: c?.source ?? null,
    collectedAt: c?.collectedAt ?? null,
    topicsOff: c?.topicsOff ?? [],
    suppressed: s ? { reason: s.reason, source: s.source, at: s.createdAt } : null,
  };
}

/** Everything known of an address's agreement to marketing mail. */
export async function consentOf(ctx: Ctx, a: string): Promise<ConsentView> {
  const db = ctx.deps.database.db;
  const [c, s] = await Promise.all([findConsent(db, address(a)), findSuppression(db, address(a))]);
  return toView(address(a), c, s);
}

/** Records how an address agreed to marketing mail (viewers record nothing). */
export async function recordConsent(
  ctx: Ctx,
  a: string,
  input: { basis: ConsentBasis; source: string; collectedAt?: Date },
): Promise<ConsentView> {
  if (ctx.actor.role === 'viewer') throw forbidden('Viewers record no consent');
  const at = input.collectedAt ?? ctx.deps.clock.now();
  if (at.getTime() > ctx.deps.clock.now().getTime() + 60_000) {
    throw new AppError('email_consent.invalid', 'A consent cannot be collected in the future', {
      fields: [{ path: 'body.collectedAt', message: 'in the future', code: 'future' }],
    });
  }
  return withTx(ctx, async (t) => {
    const row = await upsertConsent(t.db, {
      address: address(a),
      basis: input.basis,
      source: input.source,
      collectedAt: at,
      updatedBy: ctx.actor.userId,
    });
    await audit(t, {
      entityType: 'email_consent',
      action: 'update',
      metadata: { basis: input.basis, source: input.source, collectedAt: at.toISOString() },
    });
    return toView(row.address, row, await findSuppression(t.db, row.address));
  });
}
