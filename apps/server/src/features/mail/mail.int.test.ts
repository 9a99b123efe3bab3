import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV } from '../../../test/auth-helpers.ts';
import { createUser, sessionHeaders, type TestUser } from '../../../test/factories.ts';
import { SmtpInbox, tokenFromMail } from '../../../test/fakes/smtp-inbox.ts';
import { client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { systemActor } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import type { JobContext } from '../../platform/jobs/define-job.ts';
import { deliverMail } from './mail.job.ts';
import { mailMessages } from './mail.schema.ts';
import { queueMail } from './mail.service.ts';

/** A port nothing listens on (taken, then freed): SMTP "down". */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const DKIM_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const DKIM_TXT = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

let t: TestApp;
let inbox: SmtpInbox;
let admin: TestUser;
let down: number;

beforeAll(async () => {
  inbox = await new SmtpInbox().start();
  down = await deadPort();
  t = await createTestApp({
    env: {
      ...AUTH_TEST_ENV,
      SMTP_URL: inbox.url,
      MAIL_FROM: 'CRM <crm@mail.example>',
      DKIM_DOMAIN: 'mail.example',
      DKIM_SELECTOR: 'crm2026',
      DKIM_PRIVATE_KEY: DKIM_PEM,
    },
  });
  admin = await createUser(t.deps, { role: 'admin' });
});
afterAll(async () => {
  await t?.close();
  await inbox?.close();
});

const db = () => t.deps.database.db;
const as = async (u: TestUser) => client(t.app, await sessionHeaders(t.deps, u));
const row = async (id: string) => (await db().select().from(mailMessages).where(eq(mailMessages.id, id)))[0];
const jobCtx = (retryCount = 0): JobContext => ({ deps: t.deps, log: t.deps.log, jobId: 'test', retryCount });
const queue = (to: string, extra: Partial<Parameters<typeof queueMail>[1]> = {}) =>
  withTx({ deps: t.deps, actor: systemActor, log: t.deps.log, meta: {} } as never, (tx) =>
    queueMail(tx, {
      category: 'test',
      to,
      locale: 'fr',
      subject: 'Un essai « accentué »',
      text: 'Bonjour,\nle corps du message.\n',
      html: '<p>Bonjour, le corps du message.</p>',
      ...extra,
    }),
  );

describe('durable mail', () => {
  it('queues a mail with its job in the transaction, and sends it once with its Message-ID, headers and DKIM', async () => {
    const { id, messageId } = await queue('a@client.example', {
      headers: { 'List-Unsubscribe': '<https://crm.example/u/1>', 'X-CRM-Test': 'oui' },
    });
    expect((await row(id))?.status).toBe('queued');
    // The job exists (same transaction), under the id derived from the mail's.
    const jobs = await db().execute(
      sql`select state from pgboss.job where name = 'send-mail' and data->>'mailId' = ${id}`,
    );
    expect((jobs as unknown as { rows: { state: string }[] }).rows.map((r) => r.state)).toEqual(['created']);

    expect(await deliverMail(id, jobCtx())).toEqual({ status: 'sent' });
    expect(await deliverMail(id, jobCtx(1))).toEqual({ status: 'sent' }); // a second run of the job: nothing sent
    const mails = inbox.to('a@client.example');
    expect(mails).toHaveLength(1);
    const parsed = await simpleParser(mails[0]?.raw ?? '');
    expect(parsed.messageId).toBe(messageId);
    expect(parsed.subject).toBe('Un essai « accentué »');
    expect(parsed.text).toContain('le corps du message');
    expect(parsed.headers.get('x-crm-test')).toBe('oui');
    expect(mails[0]?.raw).toMatch(/^List-Unsubscribe: <https:\/\/crm\.example\/u\/1>\r?$/m);
    expect(parsed.from?.value).toEqual([{ name: 'CRM', address: 'crm@mail.example' }]);

    const dkim = await dkimVerify(mails[0]?.raw ?? '', {
      resolver: async (name: string, type: string) => {
        if (type === 'TXT' && name === 'crm2026._domainkey.mail.example') return [[DKIM_TXT]];
        throw Object.assign(new Error('no such record'), { code: 'ENOTFOUND' });
      },
    });
    expect(dkim.results.map((r) => [r.signingDomain, r.status.result])).toEqual([['mail.example', 'pass']]);
    const sent = await row(id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(sent?.response).toMatch(/^250/);
  });

  it('keeps the body sealed, and drops a sensitive one once sent', async () => {
    const { id } = await queue('b@client.example', {
      text: 'Lien secret: https://crm.example/reset?token=abc123',
      sensitive: true,
    });
    const before = await row(id);
    expect(before?.bodySealed).toBeTruthy();
    expect(before?.bodySealed).not.toContain('abc123');
    await deliverMail(id, jobCtx());
    expect((await row(id))?.bodySealed).toBeNull();
    expect(inbox.to('b@client.example')).toHaveLength(1);
  });

  it('retries while SMTP is down, then delivers each mail once', async () => {
    await (await as(admin)).put('/api/v1/mail/settings', {
      host: '127.0.0.1',
      port: down,
      security: 'none',
      from: 'CRM <crm@mail.example>',
    });
    const { id } = await queue('c@client.example');
    await expect(deliverMail(id, jobCtx())).rejects.toThrow();
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'queued', attempts: 1 });
    expect(failed?.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(inbox.to('c@client.example')).toHaveLength(0);
    // SMTP back (the settings page points at the inbox again): the next attempt delivers it, once.
    await (await as(admin)).delete('/api/v1/mail/settings');
    expect(await deliverMail(id, jobCtx(1))).toEqual({ status: 'sent' });
    expect(await deliverMail(id, jobCtx(2))).toEqual({ status: 'sent' });
    expect(inbox.to('c@client.example')).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('takes over a mail whose worker died mid-attempt, and leaves alone one a live attempt holds', async () => {
    const { id } = await queue('d@client.example');
    const now = t.deps.clock.now();
    // A live attempt elsewhere (its lease runs): this one does not send, and asks to be tried again.
    await db()
      .update(mailMessages)
      .set({ status: 'sending', leaseUntil: new Date(now.getTime() + 60_000) })
      .where(eq(mailMessages.id, id));
    await expect(deliverMail(id, jobCtx())).rejects.toThrow(/another attempt/);
    expect(inbox.to('d@client.example')).toHaveLength(0);
    // Its worker was killed before the server took the mail: the lease passes, the mail goes, once.
    await db()
      .update(mailMessages)
      .set({ leaseUntil: new Date(now.getTime() - 1) })
      .where(eq(mailMessages.id, id));
    expect(await deliverMail(id, jobCtx(1))).toEqual({ status: 'sent' });
    expect(inbox.to('d@client.example')).toHaveLength(1);
  });

  it('fails at once a mail the server refuses (5xx), and after the last attempt one it cannot send', async () => {
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (_a, _s, cb) => cb(Object.assign(new Error('5.1.1 no such mailbox'), { responseCode: 550 })),
    });
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
    const port = (refusing.server.address() as { port: number }).port;
    try {
      await (await as(admin)).put('/api/v1/mail/settings', {
        host: '127.0.0.1',
        port,
        security: 'none',
        from: 'crm@mail.example',
      });
      const { id } = await queue('nobody@client.example');
      expect(await deliverMail(id, jobCtx())).toEqual({ status: 'failed' });
      expect((await row(id))?.lastError).toMatch(/no such mailbox/);
      await (await as(admin)).put('/api/v1/mail/settings', {
        host: '127.0.0.1',
        port: down,
        security: 'none',
        from: 'crm@mail.example',
      });
      const last = await queue('e@client.example');
      expect(await deliverMail(last.id, jobCtx(10))).toEqual({ status: 'failed' });
    } finally {
      await (await as(admin)).delete('/api/v1/mail/settings');
      await new Promise<void>((r) => refusing.close(() => r()));
    }
  });
});

describe('the worker sends what a request queued', () => {
  it('mails a password reset through the queue, in the user’s language, once', async () => {
    const w = await createTestApp({ env: { ...AUTH_TEST_ENV, SMTP_URL: inbox.url }, worker: true });
    try {
      const u = await createUser(w.deps, { locale: 'en' });
      const res = await client(w.app).post('/api/v1/auth/password-reset/request', { email: u.email });
      expect(res.status).toBe(202);
      const mail = await inbox.waitFor(u.email);
      expect(tokenFromMail(mail.raw)).toBeTruthy();
      expect((await simpleParser(mail.raw)).subject).toBe('Reset your CRM password');
      await new Promise((r) => setTimeout(r, 500));
      expect(inbox.to(u.email)).toHaveLength(1);
      const [stored] = await w.deps.database.db.select().from(mailMessages).where(eq(mailMessages.toAddress, u.email));
      expect(stored).toMatchObject({
        category: 'password_reset',
        locale: 'en',
        status: 'sent',
        sensitive: true,
        bodySealed: null,
      });
    } finally {
      await w.close();
    }
  });
});

describe('mail settings (administrators)', () => {
  it('sets the server, never shows its password, tests it, and lists the outbox', async () => {
    const api = await as(admin);
    // A server that wants a login: the test and the sending go through with the password saved (sealed, then opened).
    const guarded = await new SmtpInbox({ user: 'crm', pass: 'S3cret-pass' }).start();
    const initial = await api.get('/api/v1/mail/settings');
    expect(initial.body).toMatchObject({
      source: 'environment',
      host: '127.0.0.1',
      dkim: { enabled: true, domain: 'mail.example' },
    });
    const put = await api.put('/api/v1/mail/settings', {
      host: '127.0.0.1',
      port: Number(new URL(guarded.url).port),
      security: 'none',
      username: 'crm',
      password: 'S3cret-pass',
      from: 'CRM Test <crm@mail.example>',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      source: 'settings',
      username: 'crm',
      hasPassword: true,
      from: 'CRM Test <crm@mail.example>',
    });
    expect(JSON.stringify(put.body)).not.toContain('S3cret');
    const ok = await api.post('/api/v1/mail/settings/test', { sendTo: 'tester@client.example' });
    expect(ok.body).toMatchObject({ ok: true, code: null });
    expect(ok.body.mailId).toBeTruthy();
    expect(await deliverMail(ok.body.mailId, jobCtx())).toEqual({ status: 'sent' });
    expect((await simpleParser((await guarded.waitFor('tester@client.example')).raw)).from?.value).toEqual([
      { name: 'CRM Test', address: 'crm@mail.example' },
    ]);
    const wrong = await api.post('/api/v1/mail/settings/test', {
      settings: {
        host: '127.0.0.1',
        port: Number(new URL(guarded.url).port),
        security: 'none',
        username: 'crm',
        password: 'not-it',
        from: 'crm@mail.example',
      },
    });
    expect(wrong.body).toMatchObject({ ok: false, code: 'mail.smtp_auth_failed' });
    await guarded.close();
    const unreachable = await api.post('/api/v1/mail/settings/test', {
      settings: { host: '127.0.0.1', port: down, security: 'none', from: 'crm@mail.example' },
    });
    expect(unreachable.body).toMatchObject({ ok: false, code: 'mail.smtp_unreachable', mailId: null });
    const outbox = await api.get('/api/v1/mail/messages?status=sent&limit=200');
    expect(outbox.body.items.map((m: { to: string }) => m.to)).toContain('tester@client.example');
    expect(JSON.stringify(outbox.body)).not.toContain('corps du message');
    const bad = await api.put('/api/v1/mail/settings', { host: 'x y', port: 0, security: 'ssl', from: 'nobody' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('request.validation');
    expect((await api.delete('/api/v1/mail/settings')).body.source).toBe('environment');
  });

  it('is for administrators only', async () => {
    const manager = await createUser(t.deps, { role: 'manager' });
    const api = await as(manager);
    expect((await api.get('/api/v1/mail/settings')).status).toBe(403);
    expect(
      (await api.put('/api/v1/mail/settings', { host: 'h', port: 25, security: 'none', from: 'a@b.c' })).status,
    ).toBe(403);
    expect((await api.post('/api/v1/mail/settings/test', {})).status).toBe(403);
    expect((await api.get('/api/v1/mail/messages')).status).toBe(403);
    expect((await client(t.app).get('/api/v1/mail/messages')).status).toBe(401);
  });
});
