import { audit } from '../../platform/audit/audit.ts';
import { type Ctx, systemCtx } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import type { MailOutcomeHandler } from '../mail/mail.service.ts';
import type { InboundResult, ProviderEvent } from './bounces.contracts.ts';
import { insertFailureEvent, sendByMessageId, softBouncesSince } from './bounces.repo.ts';
import { type BounceType, parseInboundReport } from './bounces.ts';
import type { DeliveryFailureSource, SuppressionReason } from './campaigns.schema.ts';
import { insertSuppression } from './compliance.repo.ts';
import { sendIdOfMessage } from './email-events.repo.ts';
import { emitEmailEvents, recordEmailEvents } from './email-events.ts';

/**
 * Bounces and complaints of campaign mails (docs/CAMPAIGNS.md, "Bounces and complaints"), whichever way they come:
 * a DSN or an ARF report (features/campaigns/bounces.ts), the mail provider's webhook, or the SMTP server's refusal
 * when the mail was handed over (the mail feature's outcome hook, docs/MAIL.md).
 */

/** Soft bounces of one address within this many days that make it as dead as a hard bounce. */
export const SOFT_BOUNCE_LIMIT = 3;
export const SOFT_BOUNCE_WINDOW_DAYS = 30;

export interface DeliveryFailureInput {
  /** The Message-ID of our mail, `<mailId@host>` (the angle brackets are added when missing). */
  messageId: string;
  kind: 'bounce' | 'complaint';
  /** A bounce's kind; ignored for a complaint. */
  bounceType?: BounceType | null;
  status?: string | null;
  diagnostic?: string | null;
  /** The address the report names (informational: the send's own recipient is the one suppressed). */
  recipient?: string | null;
  source: DeliveryFailureSource;
  at: Date;
}

/** What was recorded (its `email.bounced` / `email.complained` event emitted with it). */
export interface RecordedFailure {
  sendId: string;
  campaignId: string;
  recipientId: string;
  personId: string;
  type: 'bounced' | 'complained';
  bounceType: BounceType | null;
  /** The suppression this report put on the address, if it put one (an address already suppressed keeps its own). */
  suppressed: Extract<SuppressionReason, 'bounced' | 'complained'> | null;
}

export type FailureOutcome =
  | { recorded: RecordedFailure; ignored?: undefined }
  | { recorded: null; ignored: 'unknown_message' | 'already_recorded' };

const bracketed = (id: string) => {
  const bare = id.trim().replace(/^<|>$/g, '');
  return `<${bare}>`;
};

/**
 * Records one bounce or complaint of a campaign mail in the caller's transaction: an `email_events` row (once per
 * send and kind), and the address on the suppression list for a hard bounce, a complaint, or the third soft bounce
 * in 30 days. A Message-ID that is not a campaign mail's is ignored (a password mail, another system's).
 */
export async function recordDeliveryFailure(t: Tx, input: DeliveryFailureInput): Promise<FailureOutcome> {
  const send = await sendByMessageId(t.db, bracketed(input.messageId));
  if (!send) return { recorded: null, ignored: 'unknown_message' };
  const type = input.kind === 'complaint' ? 'complained' : 'bounced';
  const bounceType = type === 'bounced' ? (input.bounceType ?? 'hard') : null;
  const inserted = await insertFailureEvent(t.db, {
    campaignId: send.campaignId,
    sendId: send.id,
    recipientId: send.recipientId,
    type,
    bounceType,
    detail: {
      status: input.status?.slice(0, 32) ?? null,
      diagnostic: input.diagnostic?.slice(0, 1000) ?? null,
      recipient: input.recipient?.slice(0, 320) ?? null,
      source: input.source,
    },
    at: input.at,
  });
  if (!inserted) return { recorded: null, ignored: 'already_recorded' };
  const reasonText = [input.status, input.diagnostic].filter(Boolean).join(' ').slice(0, 1000) || null;
  await emitEmailEvents(t, [
    type === 'complained'
      ? { id: inserted, sendId: send.id, type, at: input.at, extras: { source: input.source } }
      : {
          id: inserted,
          sendId: send.id,
          type,
          at: input.at,
          extras: {
            bounceType: bounceType ?? 'hard',
            status: input.status?.slice(0, 32) ?? null,
            reason: input.diagnostic?.slice(0, 1000) ?? null,
            source: input.source,
          },
        },
  ]);

  let reason: RecordedFailure['suppressed'] = null;
  if (type === 'complained') reason = 'complained';
  else if (bounceType === 'hard') reason = 'bounced';
  else {
    const since = new Date(input.at.getTime() - SOFT_BOUNCE_WINDOW_DAYS * 86_400_000);
    if ((await softBouncesSince(t.db, send.address, since)) >= SOFT_BOUNCE_LIMIT) reason = 'bounced';
  }
  const suppression =
    reason && send.address !== 'anonyme@invalid'
      ? await insertSuppression(t.db, {
          address: send.address.toLowerCase(),
          reason,
          // The list knows `dsn`, `provider_webhook` and `smtp` as where a bounce or complaint came from.
          source: input.source,
          campaignId: send.campaignId,
          detail: reasonText,
        })
      : null;
  if (suppression) {
    await audit(t, {
      entityType: 'email_suppression',
      entityId: suppression.id,
      action: 'create',
      metadata: { reason, source: input.source, campaignId: send.campaignId, bounceType },
    });
  }
  return {
    recorded: {
      sendId: send.id,
      campaignId: send.campaignId,
      recipientId: send.recipientId,
      personId: send.personId,
      type,
      bounceType,
      suppressed: suppression ? reason : null,
    },
  };
}

/** `550 5.1.1 …`: the enhanced status code (RFC 3463) of an SMTP reply, when the server gave one. */
const enhancedStatus = (reply: string) => /\b([45]\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1] ?? null;

/**
 * Whether an SMTP refusal says the address is dead (a hard bounce at send time), not that our mail or our server was
 * refused: a mailbox or domain status (5.1.x, 5.2.x), or a bare 550/551/553 to RCPT TO. A policy refusal (5.7.x: our
 * relay's rules, a blocklist), a message too big (5.3.4) or a refusal of MAIL FROM or DATA would otherwise suppress
 * every address of a campaign at once; those fail the mail only.
 */
export function refusalIsHardBounce(reply: string, responseCode: number | null, command: string | null): boolean {
  if (responseCode === null || responseCode < 500) return false;
  const status = enhancedStatus(reply);
  if (status) return /^5\.[12]\./.test(status);
  return command === 'RCPT TO' && [550, 551, 553].includes(responseCode);
}

/**
 * The mail feature's outcome hook for campaign mails (docs/MAIL.md, "Outcome hook"), run in the transaction that
 * records the outcome: a mail the server took is `delivered` (and `email.delivered` emitted), a refusal of the
 * recipient a hard bounce (source `smtp`).
 */
export const campaignMailOutcome: MailOutcomeHandler = async (t, outcome) => {
  if (outcome.status === 'sent') {
    const sendId = await sendIdOfMessage(t.db, outcome.messageId);
    if (sendId) {
      await recordEmailEvents(t, [
        { sendId, type: 'delivered', at: outcome.at, extras: { response: outcome.response.slice(0, 500) } },
      ]);
    }
    return;
  }
  if (!outcome.permanent) return;
  if (!refusalIsHardBounce(outcome.error, outcome.responseCode, outcome.command)) return;
  await recordDeliveryFailure(t, {
    messageId: outcome.messageId,
    kind: 'bounce',
    bounceType: 'hard',
    status: enhancedStatus(outcome.error) ?? '5.0.0',
    diagnostic: `smtp; ${outcome.error}`,
    recipient: outcome.to,
    source: 'smtp',
    at: outcome.at,
  });
};

/** What the inbound webhook received: a raw message (a DSN, an ARF report) or a provider's JSON event. */
export type InboundInput = { raw: Buffer } | { event: ProviderEvent };

/**
 * The inbound webhook's work (the signature already checked): reads the report and records each failure it names,
 * in one transaction under the system's context. An unrecognised message is answered, not refused: the provider
 * forwarding every reply (an out-of-office) should not retry it.
 */
export async function receiveInbound(ctx: Ctx, input: InboundInput): Promise<InboundResult> {
  const at = ctx.deps.clock.now();
  const failures: DeliveryFailureInput[] = [];
  let kind: InboundResult['kind'];
  let reason: string | null = null;
  if ('event' in input) {
    const e = input.event;
    kind = e.type;
    const bounceType = e.bounceType ?? (e.status?.startsWith('4') ? 'soft' : 'hard');
    failures.push({ ...e, kind: e.type, bounceType, source: 'provider_webhook', at });
  } else {
    const report = await parseInboundReport(input.raw);
    kind = report.kind;
    if (report.kind === 'unrecognised') reason = report.reason;
    else if (report.kind === 'complaint') {
      failures.push({ messageId: report.messageId, kind: 'complaint', recipient: report.recipient, source: 'dsn', at });
    } else {
      for (const f of report.failures) {
        failures.push({ messageId: report.messageId, kind: 'bounce', ...f, source: 'dsn', at });
      }
    }
  }
  const result: InboundResult = { kind, reason, recorded: [], ignored: { unknownMessage: 0, alreadyRecorded: 0 } };
  if (!failures.length) return result;
  await withTx(systemCtx(ctx.deps, ctx.meta), async (t) => {
    for (const f of failures) {
      const outcome = await recordDeliveryFailure(t, f);
      if (outcome.recorded) {
        const { sendId, campaignId, type, bounceType, suppressed } = outcome.recorded;
        result.recorded.push({ sendId, campaignId, type, bounceType, suppressed });
      } else if (outcome.ignored === 'unknown_message') result.ignored.unknownMessage++;
      else result.ignored.alreadyRecorded++;
    }
  });
  if (result.ignored.unknownMessage) ctx.log.info({ ignored: result.ignored }, 'inbound report about no campaign mail');
  return result;
}
