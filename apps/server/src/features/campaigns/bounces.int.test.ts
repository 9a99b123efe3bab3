import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV } from '../../../test/auth-helpers.ts';
import { type Caller, createPerson, twoTeams } from '../../../test/factories.ts';
import { arfComplaint, autoReply, delayedBounce, postfixHardBounce } from '../../../test/fixtures/bounces.ts';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { rowsOf } from '../../platform/db/client.ts';
import { inboundSignature } from './bounces.routes.ts';
import { runCampaigns } from './campaigns.engine.ts';

const SECRET = 'inbound-test-secret-0123456789-0123456789-abcdef';

/**
 * A mail server that takes every mail but refuses some recipients as a real one would: `dead…` is no mailbox
 * (550 5.1.1 at RCPT TO), `policy…` is refused by our relay's rules (554 5.7.1: not the address's fault).
 */
class RefusingSmtp {
  readonly received: string[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, cb) => {
      if (address.address.startsWith('dead'))
        return cb(Object.assign(new Error('5.1.1 <' + address.address + '>: no such mailbox'), { responseCode: 550 }));
      if (address.address.startsWith('policy'))
        return cb(Object.assign(new Error('5.7.1 relaying denied by policy'), { responseCode: 554 }));
      cb();
    },
    onData: (stream, session, cb) => {
      stream.resume();
      stream.on('end', () => {
        this.received.push(...session.envelope.rcptTo.map((r) => r.address));
        cb();
      });
    },
  });
  url = '';
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }
  close() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

let t: TestApp;
let smtp: RefusingSmtp;
let people: Awaited<ReturnType<typeof twoTeams>>;

beforeAll(async () => {
  smtp = await new RefusingSmtp().start();
  t = await createTestApp({
    env: {
      ...AUTH_TEST_ENV,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Alforis <crm@alforis.example>',
      EMAIL_INBOUND_SECRET: SECRET,
    },
    worker: true,
  });
  people = await twoTeams(t);
  await people.admin.c.put('/api/v1/marketing/settings', {
    companyName: 'Alforis Finance',
    postalAddress: '10 rue de la Paix, 75002 Paris',
  });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const query = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await t.deps.database.db.execute(q));

let seq = 0;
/** A campaign of `userA` to these addresses (one step each, or `steps` steps sent at once), run until all are queued. */
async function sent(who: Caller, emails: string[], steps = 1) {
  const tag = `Bq${++seq}x${Date.now().toString(36)}`;
  for (const [i, email] of emails.entries()) {
    await createPerson(who.c, { firstName: `Prénom${i}`, lastName: `${tag} ${i}`, email });
  }
  const seg = await who.c.post('/api/v1/segments', { name: `Audience ${tag}`, entity: 'people', filters: { q: tag } });
  const res = await who.c.post('/api/v1/campaigns', {
    name: `Campagne ${tag}`,
    topic: 'newsletter',
    segmentId: seg.body.id,
    steps: Array.from({ length: steps }, (_, i) => ({
      delayHours: 0,
      variants: [{ key: 'A', subject: `Lettre ${i}`, bodyHtml: '<p>Bonjour {{ contact.firstName }}</p>' }],
    })),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as string;
  await who.c.post(`/api/v1/campaigns/${id}/schedule`, { kind: 'now' });
  const rows = await waitFor(async () => {
    await runCampaigns(t.deps, id);
    const r = await query<{ message_id: string | null; address: string; status: string }>(sql`
      select s.message_id, r.address, s.status from campaign_sends s join campaign_recipients r on r.id = s.recipient_id
       where s.campaign_id = ${id} order by r.address, s.due_at`);
    return r.length === emails.length * steps && r.every((s) => s.status === 'queued') ? r : null;
  });
  return { id, messageIds: rows.map((r) => r.message_id as string) };
}

type Post = { body: string | Buffer; type?: string; timestamp?: number; signature?: string };
function post({ body, type = 'message/rfc822', timestamp = Math.floor(Date.now() / 1000), signature }: Post) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/email/inbound',
    payload: bytes,
    headers: {
      'content-type': type,
      'x-crm-timestamp': String(timestamp),
      'x-crm-signature': signature ?? inboundSignature(SECRET, String(timestamp), bytes),
    },
  });
}

const suppression = async (address: string) =>
  (
    await query<{ reason: string; source: string; campaign_id: string | null }>(
      sql`select reason, source, campaign_id from email_suppressions where address = ${address}`,
    )
  )[0] ?? null;
const failures = (campaignId: string) =>
  query<{ type: string; bounce_type: string | null; detail: Record<string, unknown> }>(
    sql`select type, bounce_type, detail from email_events where campaign_id = ${campaignId} and type in ('bounced', 'complained') order by at, id`,
  );

describe('the inbound webhook', () => {
  it('suppresses the address of a hard-bounced DSN and records one event, however often it is posted', async () => {
    const c = await sent(people.userA, ['jean.dupont@client.example']);
    const dsn = postfixHardBounce({ messageId: c.messageIds[0] as string, recipient: 'jean.dupont@client.example' });
    const first = await post({ body: dsn });
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toMatchObject({
      kind: 'bounce',
      recorded: [{ campaignId: c.id, type: 'bounced', bounceType: 'hard', suppressed: 'bounced' }],
      ignored: { unknownMessage: 0, alreadyRecorded: 0 },
    });
    const again = await post({ body: dsn });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ recorded: [], ignored: { alreadyRecorded: 1 } });
    expect(await failures(c.id)).toEqual([
      {
        type: 'bounced',
        bounce_type: 'hard',
        detail: {
          status: '5.1.1',
          diagnostic:
            'smtp; 550 5.1.1 <jean.dupont@client.example>: Recipient address rejected: User unknown in virtual mailbox table',
          recipient: 'jean.dupont@client.example',
          source: 'dsn',
        },
      },
    ]);
    expect(await suppression('jean.dupont@client.example')).toEqual({
      reason: 'bounced',
      source: 'dsn',
      campaign_id: c.id,
    });
    // The campaign's report counts it.
    const report = await people.userA.c.get(`/api/v1/campaigns/${c.id}/report`);
    expect(report.body.totals).toMatchObject({ bounced: 1, complained: 0 });
    // One `email.bounced` event, with the report's status and words.
    const emitted = await query<{ payload: Record<string, unknown> }>(
      sql`select payload from events where type = 'email.bounced' and payload->'email'->>'campaignId' = ${c.id}`,
    );
    expect(emitted.map((e) => e.payload)).toMatchObject([
      {
        email: { campaignId: c.id, address: 'jean.dupont@client.example' },
        bounceType: 'hard',
        status: '5.1.1',
        source: 'dsn',
      },
    ]);
  });

  it('records a complaint sent as JSON by the provider, and suppresses the address as complained', async () => {
    const c = await sent(people.userA, ['marie.martin@client.example', 'paul@client.example']);
    const res = await post({
      type: 'application/json; charset=utf-8',
      body: JSON.stringify({ type: 'complaint', messageId: c.messageIds[0], recipient: 'marie.martin@client.example' }),
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().recorded).toEqual([
      expect.objectContaining({ type: 'complained', bounceType: null, suppressed: 'complained' }),
    ]);
    expect(await suppression('marie.martin@client.example')).toMatchObject({
      reason: 'complained',
      source: 'provider_webhook',
    });
    expect(await suppression('paul@client.example')).toBeNull();
    // An ARF report of the other mail, forwarded raw.
    const arf = await post({
      body: arfComplaint({ messageId: c.messageIds[1] as string, recipient: 'paul@client.example' }),
    });
    expect(arf.json()).toMatchObject({ kind: 'complaint', recorded: [{ type: 'complained' }] });
    expect(await suppression('paul@client.example')).toMatchObject({ reason: 'complained', source: 'dsn' });
    const report = await people.userA.c.get(`/api/v1/campaigns/${c.id}/report`);
    expect(report.body.totals).toMatchObject({ complained: 2, bounced: 0 });
  });

  it('records soft bounces without suppressing, until the third in 30 days', async () => {
    const c = await sent(people.userA, ['full@client.example'], 3);
    const delay = (i: number) =>
      delayedBounce({ messageId: c.messageIds[i] as string, recipient: 'full@client.example' });
    expect((await post({ body: delay(0) })).json().recorded[0]).toMatchObject({ bounceType: 'soft', suppressed: null });
    expect((await post({ body: delay(0) })).json().ignored.alreadyRecorded).toBe(1);
    expect((await post({ body: delay(1) })).json().recorded[0].suppressed).toBeNull();
    expect(await suppression('full@client.example')).toBeNull();
    expect((await post({ body: delay(2) })).json().recorded[0].suppressed).toBe('bounced');
    expect(await suppression('full@client.example')).toMatchObject({ reason: 'bounced', source: 'dsn' });
  });

  it('ignores a report about a mail that is not ours, and answers an unrecognised message without recording', async () => {
    const unknown = await post({
      type: 'application/json',
      body: JSON.stringify({ type: 'bounce', messageId: '<not-ours@elsewhere.example>', status: '5.1.1' }),
    });
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual({
      kind: 'bounce',
      reason: null,
      recorded: [],
      ignored: { unknownMessage: 1, alreadyRecorded: 0 },
    });
    const reply = await post({ body: autoReply({ messageId: '<x@crm.example>', recipient: 'a@client.example' }) });
    expect(reply.statusCode).toBe(202);
    expect(reply.json()).toMatchObject({ kind: 'unrecognised', reason: 'no_message_id', recorded: [] });
  });

  it('refuses a wrong or missing signature and a replayed (old) call with 401 and a stable code', async () => {
    const body = JSON.stringify({ type: 'bounce', messageId: '<a@b.example>' });
    const forged = await post({ type: 'application/json', body, signature: `sha256=${'0'.repeat(64)}` });
    expect(forged.statusCode).toBe(401);
    expect(forged.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(forged.json().code).toBe('email_inbound.signature_invalid');
    const otherKey = await post({
      type: 'application/json',
      body,
      signature: inboundSignature('another-secret', String(Math.floor(Date.now() / 1000)), Buffer.from(body)),
    });
    expect(otherKey.json().code).toBe('email_inbound.signature_invalid');
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/email/inbound',
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('email_inbound.signature_invalid');
    // Signed correctly, but six minutes ago: a captured call replayed.
    const old = await post({ type: 'application/json', body, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(old.statusCode).toBe(401);
    expect(old.json().code).toBe('email_inbound.timestamp_out_of_range');
  });

  it('answers a malformed body with 400 email_inbound.malformed, never 500', async () => {
    for (const [type, body] of [
      ['application/json', '{"type":'],
      ['application/json', JSON.stringify({ type: 'bounce' })],
      ['application/json', JSON.stringify({ type: 'bounce', messageId: '<a@b>', extra: 1 })],
      ['text/plain', 'hello'],
    ] as const) {
      const res = await post({ type, body });
      expect(res.statusCode, `${type} ${body}`).toBe(400);
      expect(res.json().code).toBe('email_inbound.malformed');
    }
    const binary = await post({ body: Buffer.from([0, 1, 2, 255, 254, 10, 13]) });
    expect(binary.statusCode).toBe(202);
    expect(binary.json().kind).toBe('unrecognised');
  });
});

describe('SMTP refusals at send time', () => {
  it('records a 5.1.1 refusal of a campaign mail as a hard bounce, and a policy refusal as no bounce', async () => {
    const c = await sent(people.userA, ['dead@client.example', 'live@client.example', 'policy@client.example']);
    const mails = await waitFor(async () => {
      const r = await query<{ to_address: string; status: string; last_error: string | null }>(
        sql`select to_address, status, last_error from mail_messages where id in (select mail_id from campaign_sends where campaign_id = ${c.id}) order by to_address`,
      );
      return r.every((m) => m.status === 'sent' || m.status === 'failed') ? r : null;
    });
    expect(mails.map((m) => [m.to_address, m.status])).toEqual([
      ['dead@client.example', 'failed'],
      ['live@client.example', 'sent'],
      ['policy@client.example', 'failed'],
    ]);
    expect(await failures(c.id)).toEqual([
      {
        type: 'bounced',
        bounce_type: 'hard',
        detail: expect.objectContaining({ status: '5.1.1', recipient: 'dead@client.example', source: 'smtp' }),
      },
    ]);
    expect(await suppression('dead@client.example')).toEqual({ reason: 'bounced', source: 'smtp', campaign_id: c.id });
    expect(await suppression('policy@client.example')).toBeNull();
    expect(smtp.received).toContain('live@client.example');
    const report = await people.userA.c.get(`/api/v1/campaigns/${c.id}/report`);
    expect(report.body.totals).toMatchObject({ bounced: 1 });
  });
});

describe('without EMAIL_INBOUND_SECRET', () => {
  it('answers 404, as if the route did not exist', async () => {
    const bare = await createTestApp({ env: AUTH_TEST_ENV });
    try {
      const res = await bare.app.inject({
        method: 'POST',
        url: '/api/v1/email/inbound',
        payload: '{}',
        headers: { 'content-type': 'application/json', 'x-crm-timestamp': '1', 'x-crm-signature': 'sha256=00' },
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('route.not_found');
    } finally {
      await bare.close();
    }
  });
});
