import { z } from 'zod';
import { decryptSecret, encryptSecret } from '../../platform/auth/tokens.ts';

/**
 * The links of a marketing mail (docs/CAMPAIGNS.md, "Links"): unsubscribe and preference-centre URLs carry a sealed
 * token (AES-256-GCM with a key derived from SESSION_SECRET): whoever holds the mail may act for its address, nobody
 * can forge one for another address, and the address does not appear in the URL (nor in the logs of proxies).
 */
const PURPOSE = 'email-link';

const LinkPayload = z.object({
  /** The recipient's address. */
  a: z.string().min(3).max(320),
  /** The language of the pages. */
  l: z.enum(['fr', 'en']),
  /** The campaign and the recipient row the mail was sent for, when it was a campaign's. */
  c: z.uuid().optional(),
  r: z.uuid().optional(),
});
export type LinkPayload = z.infer<typeof LinkPayload>;

export function sealLink(secret: string, payload: LinkPayload): string {
  return encryptSecret(secret, JSON.stringify(payload), PURPOSE);
}

/** The payload of a token, or null when it was not sealed by us (altered, truncated, another purpose). */
export function openLink(secret: string, token: string): LinkPayload | null {
  if (token.length > 1000 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    const parsed = LinkPayload.safeParse(JSON.parse(decryptSecret(secret, token, PURPOSE)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The two URLs of a mail's footer and of its List-Unsubscribe header. */
export function recipientLinks(appUrl: string, secret: string, payload: LinkPayload) {
  const token = sealLink(secret, payload);
  return {
    unsubscribeUrl: `${appUrl}/email/unsubscribe/${token}`,
    preferencesUrl: `${appUrl}/email/preferences/${token}`,
  };
}

/**
 * RFC 8058 one-click unsubscribe: the HTTPS URL mail clients POST `List-Unsubscribe=One-Click` to, without asking
 * the recipient anything more. Both headers go on every marketing mail (Gmail and Yahoo require them of bulk senders).
 */
export function listUnsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
