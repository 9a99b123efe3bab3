import { inboundSignature } from '../src/features/campaigns/bounces.routes.ts';
import { sealLink } from '../src/features/campaigns/links.ts';
import { clickToken, openToken } from '../src/features/campaigns/tracking.ts';
import type { Deps } from '../src/platform/context.ts';
import { sqlRows } from './sql-rows.ts';
import { waitFor } from './test-app.ts';

type Api = (method: string, path: string, body?: Record<string, unknown>) => Promise<{ status: number; body: unknown }>;
type Inject = (opts: {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  payload?: string;
  remoteAddress?: string;
}) => Promise<{ statusCode: number; body: string }>;

const BROWSER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0' };

/**
 * A campaign to one new contact, handed to the outbox, and what a person does with its mail (opens it, clicks its
 * link, unsubscribes) through the real tracking routes: the causes of the `email.*` events for the integrations'
 * trigger tests (Zapier, Make). Each action returns the id of the e-mail event it stored.
 */
export async function campaignMail(deps: Deps, api: Api, inject: Inject) {
  const query = sqlRows(deps);
  // The segment searches the tag, typos allowed: earlier contacts of similar tags may join the audience, harmlessly.
  const tag = `Hook${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const address = `${tag.toLowerCase()}@client.example`;
  await api('POST', '/api/v1/people', { firstName: 'Inès', lastName: tag, email: address });
  const seg = await api('POST', '/api/v1/segments', { name: tag, entity: 'people', filters: { q: tag } });
  const c = await api('POST', '/api/v1/campaigns', {
    name: tag,
    topic: 'newsletter',
    segmentId: (seg.body as { id: string }).id,
    steps: [
      { variants: [{ key: 'A', subject: 'Bonjour', bodyHtml: '<p><a href="https://fonds.example/a">Fonds</a></p>' }] },
    ],
  });
  if (c.status !== 201) throw new Error(`campaign not created: ${JSON.stringify(c.body)}`);
  const campaignId = (c.body as { id: string }).id;
  const scheduled = await api('POST', `/api/v1/campaigns/${campaignId}/schedule`, { kind: 'now' });
  if (scheduled.status !== 200) throw new Error(`campaign not scheduled: ${JSON.stringify(scheduled.body)}`);
  const send = await waitFor(async () => {
    const rows = await query<{ id: string; recipient_id: string; mail_id: string }>`
      select s.id, s.recipient_id, s.mail_id from campaign_sends s join campaign_recipients r on r.id = s.recipient_id
       where s.campaign_id = ${campaignId} and s.status = 'queued' and r.address = ${address}`;
    return rows[0] ?? null;
  });
  const eventOf = (type: string) =>
    waitFor(async () => {
      const rows = await query<{ id: string }>`
        select id from email_events where send_id = ${send.id} and type = ${type} and not machine order by id desc limit 1`;
      return rows[0]?.id ?? null;
    });
  const secret = deps.config.sessionSecret;
  const report = async (type: 'bounce' | 'complaint') => {
    const secretOfInbound = deps.config.emailInboundSecret;
    if (!secretOfInbound) throw new Error('EMAIL_INBOUND_SECRET is not set');
    const [row] = await query<{ message_id: string }>`select message_id from campaign_sends where id = ${send.id}`;
    const event =
      type === 'bounce'
        ? {
            type,
            messageId: row?.message_id,
            recipient: address,
            status: '5.1.1',
            diagnostic: 'smtp; 550 5.1.1 user unknown',
          }
        : { type, messageId: row?.message_id, recipient: address };
    const body = Buffer.from(JSON.stringify(event));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await inject({
      method: 'POST',
      url: '/api/v1/email/inbound',
      payload: body.toString('utf8'),
      headers: {
        'content-type': 'application/json',
        'x-crm-timestamp': timestamp,
        'x-crm-signature': inboundSignature(secretOfInbound, timestamp, body),
      },
    });
    if (res.statusCode !== 202) throw new Error(`inbound answered ${res.statusCode}: ${res.body}`);
    return eventOf(type === 'bounce' ? 'bounced' : 'complained');
  };
  return {
    sendId: send.id,
    campaignId,
    address,
    async open() {
      await inject({
        method: 'GET',
        url: `/email/o/${openToken(secret, send.id)}.gif`,
        headers: BROWSER,
        remoteAddress: '82.64.1.2',
      });
      return eventOf('opened');
    },
    async click() {
      // Sent a minute ago: a click within seconds of delivery is a scanner's.
      await query`update mail_messages set sent_at = now() - interval '1 minute' where id = ${send.mail_id}`;
      const res = await inject({
        method: 'GET',
        url: `/email/c/${clickToken(secret, send.id, 0)}`,
        headers: BROWSER,
        remoteAddress: '82.64.1.2',
      });
      if (res.statusCode !== 302) throw new Error(`click answered ${res.statusCode}`);
      return eventOf('clicked');
    },
    /** The mail provider's webhook reports a hard bounce (the CRM needs EMAIL_INBOUND_SECRET). */
    bounce: () => report('bounce'),
    /** The mail provider's webhook reports a spam complaint. */
    complain: () => report('complaint'),
    async unsubscribe() {
      const token = sealLink(secret, { a: address, l: 'fr', c: campaignId, r: send.recipient_id });
      const res = await inject({
        method: 'POST',
        url: `/email/unsubscribe/${token}`,
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      if (res.body !== 'OK') throw new Error(`unsubscribe answered ${res.body}`);
      return eventOf('unsubscribed');
    },
  };
}
