import PostalMime, { type Attachment, type Email } from 'postal-mime';

/**
 * Reading what comes back after a campaign mail left (docs/CAMPAIGNS.md, "Bounces and complaints"): delivery status
 * notifications (RFC 3464, `multipart/report; report-type=delivery-status`) and abuse reports (RFC 5965 ARF,
 * `report-type=feedback-report`). The MIME structure is postal-mime's; the report parts are header-style blocks,
 * read with the same parser. Pure: no database, never throws (anything we cannot read is `unrecognised`).
 */

export type BounceType = 'hard' | 'soft';

/** One recipient the report says was not reached (or not yet: a delay is a soft bounce). */
export interface DeliveryFailure {
  recipient: string | null;
  bounceType: BounceType;
  /** The RFC 3463 enhanced status code, `5.1.1`. */
  status: string;
  diagnostic: string | null;
}

export type InboundReport =
  | { kind: 'bounce'; messageId: string; failures: DeliveryFailure[]; standard: boolean }
  | { kind: 'complaint'; messageId: string; recipient: string | null; feedbackType: string }
  | { kind: 'unrecognised'; reason: UnrecognisedReason };

export type UnrecognisedReason = 'not_mime' | 'no_message_id' | 'no_failure' | 'not_a_report';

/** RFC 3463: class.subject.detail, class 2 (success), 4 (persistent transient) or 5 (permanent). */
const STATUS = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
const MESSAGE_ID = /<[^<>\s@]+@[^<>\s@]+>/;

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** `rfc822; jean@client.example` or `<jean@client.example>`: the address alone, lower-cased. */
function addressOf(value: string | undefined): string | null {
  if (!value) return null;
  const bare = value.replace(/^\s*[a-z0-9-]+\s*;/i, '').trim();
  const m = /<?([^<>\s;]+@[^<>\s;]+)>?/.exec(bare);
  return m?.[1] ? m[1].toLowerCase() : null;
}

const text = (a: Attachment): string =>
  typeof a.content === 'string' ? a.content : Buffer.from(a.content as ArrayBuffer).toString('utf8');

type Fields = Map<string, string>;

/** A block of `Name: value` lines, folded lines joined: parsed as a message's header by postal-mime. */
async function headerBlock(block: string): Promise<Fields> {
  const parsed = await PostalMime.parse(`${block.trim()}\r\n\r\n`);
  const out: Fields = new Map();
  for (const h of parsed.headers) if (!out.has(h.key)) out.set(h.key, squash(h.value));
  return out;
}

/** The blocks of a `message/delivery-status` or `message/feedback-report` part, split on blank lines. */
async function blocks(body: string): Promise<Fields[]> {
  const parts = body
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .filter((b) => b.trim());
  return Promise.all(parts.map(headerBlock));
}

/** The Message-ID of the original message returned in a `message/rfc822` or `text/rfc822-headers` part. */
async function originalMessageId(email: Email): Promise<string | null> {
  for (const a of email.attachments) {
    const type = a.mimeType.toLowerCase();
    if (type !== 'message/rfc822' && type !== 'text/rfc822-headers' && type !== 'message/rfc822-headers') continue;
    const original = await PostalMime.parse(type === 'message/rfc822' ? text(a) : `${text(a).trim()}\r\n\r\n`);
    const id = original.messageId ? MESSAGE_ID.exec(original.messageId)?.[0] : undefined;
    if (id) return id;
  }
  return null;
}

const part = (email: Email, type: string) => email.attachments.find((a) => a.mimeType.toLowerCase() === type);

/**
 * RFC 3464: the per-recipient blocks (those with an `Action`; the per-message block has none), `failed` and
 * `delayed` being failures and `delivered`, `relayed`, `expanded` not.
 */
async function deliveryStatus(body: string): Promise<DeliveryFailure[]> {
  const failures: DeliveryFailure[] = [];
  for (const f of await blocks(body)) {
    const action = f.get('action')?.toLowerCase();
    if (action !== 'failed' && action !== 'delayed') continue;
    const status = STATUS.exec(f.get('status') ?? '')?.[0];
    if (!status || status.startsWith('2')) continue;
    failures.push({
      recipient: addressOf(f.get('final-recipient') ?? f.get('original-recipient')),
      bounceType: status.startsWith('5') && action === 'failed' ? 'hard' : 'soft',
      status,
      diagnostic: f.get('diagnostic-code') ?? null,
    });
  }
  return failures;
}

/**
 * A bounce in no standard form (an old Exim or a provider's own words): accepted only when exactly one Message-ID
 * is quoted and a permanent status (5.x.x) is stated; the rest is too uncertain to suppress an address on.
 */
function nonStandard(email: Email, raw: string): InboundReport {
  const body = [email.text ?? '', ...email.attachments.map(text)].join('\n') || raw;
  const ids = new Set([...body.matchAll(/^\s*Message-ID:\s*(<[^<>\s@]+@[^<>\s@]+>)/gim)].map((m) => m[1] as string));
  if (ids.size !== 1) return { kind: 'unrecognised', reason: ids.size ? 'not_a_report' : 'no_message_id' };
  const line = body.split(/\r?\n/).find((l) => /\b5\.\d{1,3}\.\d{1,3}\b/.test(l) && !/^\s*Message-ID:/i.test(l));
  const status = line ? /\b5\.\d{1,3}\.\d{1,3}\b/.exec(line)?.[0] : undefined;
  if (!line || !status) return { kind: 'unrecognised', reason: 'no_failure' };
  const failed = email.headers.find((h) => h.key === 'x-failed-recipients')?.value;
  return {
    kind: 'bounce',
    messageId: [...ids][0] as string,
    failures: [{ recipient: addressOf(failed), bounceType: 'hard', status, diagnostic: squash(line).slice(0, 500) }],
    standard: false,
  };
}

/** Reads a raw message (a DSN, an ARF report, another kind of bounce) into what it says of our mail. */
export async function parseInboundReport(raw: Buffer | string): Promise<InboundReport> {
  try {
    const source = typeof raw === 'string' ? raw : raw.toString('utf8');
    if (!/^[\x21-\x39\x3b-\x7e]+:/m.test(source)) return { kind: 'unrecognised', reason: 'not_mime' };
    const email = await PostalMime.parse(raw, { attachmentEncoding: 'utf8' });
    const contentType = email.headers.find((h) => h.key === 'content-type')?.value.toLowerCase() ?? '';
    const reportType = /report-type\s*=\s*"?([a-z-]+)/.exec(contentType)?.[1];
    const isReport = contentType.startsWith('multipart/report');

    if (isReport && reportType === 'feedback-report') {
      const report = part(email, 'message/feedback-report');
      const messageId = await originalMessageId(email);
      if (!report) return { kind: 'unrecognised', reason: 'not_a_report' };
      if (!messageId) return { kind: 'unrecognised', reason: 'no_message_id' };
      const [fields] = await blocks(text(report));
      return {
        kind: 'complaint',
        messageId,
        recipient: addressOf(fields?.get('original-rcpt-to')),
        feedbackType: fields?.get('feedback-type')?.toLowerCase() ?? 'abuse',
      };
    }

    const status = part(email, 'message/delivery-status') ?? part(email, 'message/global-delivery-status');
    if (isReport && status) {
      const messageId = await originalMessageId(email);
      const failures = await deliveryStatus(text(status));
      if (!messageId) return { kind: 'unrecognised', reason: 'no_message_id' };
      if (!failures.length) return { kind: 'unrecognised', reason: 'no_failure' };
      return { kind: 'bounce', messageId, failures, standard: true };
    }
    return nonStandard(email, source);
  } catch {
    return { kind: 'unrecognised', reason: 'not_mime' };
  }
}
