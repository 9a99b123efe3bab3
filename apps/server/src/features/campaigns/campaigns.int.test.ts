import { sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV } from '../../../test/auth-helpers.ts';
import { type Caller, createPerson, twoTeams } from '../../../test/factories.ts';
import { SmtpInbox } from '../../../test/fakes/smtp-inbox.ts';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { rowsOf } from '../../platform/db/client.ts';
import { runCampaigns } from './campaigns.engine.ts';

let t: TestApp;
let inbox: SmtpInbox;
let people: Awaited<ReturnType<typeof twoTeams>>;
let offsetMs = 0;
const HOUR = 3_600_000;

beforeAll(async () => {
  inbox = await new SmtpInbox().start();
  t = await createTestApp({
    env: { ...AUTH_TEST_ENV, SMTP_URL: inbox.url, MAIL_FROM: 'Alforis <crm@alforis.example>' },
    deps: { clock: { now: () => new Date(Date.now() + offsetMs) } },
    worker: true,
  });
  people = await twoTeams(t);
  await people.admin.c.put('/api/v1/marketing/settings', {
    companyName: 'Alforis Finance',
    postalAddress: '10 rue de la Paix, 75002 Paris',
    replyTo: 'marketing@alforis.example',
  });
});
afterAll(async () => {
  await t?.close();
  await inbox?.close();
});

const query = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await t.deps.database.db.execute(q));

let seq = 0;
/** Contacts of `who` tagged with a fresh word, and the segment that selects them. */
async function audience(who: Caller, specs: Record<string, unknown>[]) {
  const tag = `Zq${++seq}x${Date.now().toString(36)}`;
  const made = [];
  for (const [i, spec] of specs.entries()) {
    made.push(await createPerson(who.c, { firstName: `Prénom${i}`, lastName: `${tag} ${i}`, ...spec }));
  }
  const seg = await who.c.post('/api/v1/segments', { name: `Audience ${tag}`, entity: 'people', filters: { q: tag } });
  expect(seg.status, JSON.stringify(seg.body)).toBe(201);
  return { segmentId: seg.body.id as string, people: made, tag };
}

const step = (subject: string, extra: Record<string, unknown> = {}) => ({
  variants: [{ key: 'A', subject, bodyHtml: '<p>Bonjour {{ contact.firstName }}, {{ organisation.name }}</p>' }],
  ...extra,
});

async function campaign(who: Caller, body: Record<string, unknown>) {
  const res = await who.c.post('/api/v1/campaigns', { name: 'Lancement', topic: 'fund_launch', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; steps: { id: string; variants: { id: string; key: string }[] }[] };
}

const sends = (campaignId: string) =>
  query<{
    id: string;
    status: string;
    step: number;
    due_at: Date;
    address: string;
    variant: string | null;
    skip_reason: string | null;
  }>(sql`
    select s.id, s.status, st.position as step, s.due_at, r.address, v.key as variant, s.skip_reason
      from campaign_sends s join campaign_steps st on st.id = s.step_id join campaign_recipients r on r.id = s.recipient_id
      left join campaign_variants v on v.id = s.variant_id
     where s.campaign_id = ${campaignId} order by r.address, st.position`);

describe('audiences', () => {
  it('counts who is left out and why, before anything is sent', async () => {
    const { userA } = people;
    const a = await audience(userA, [
      { email: 'ok1@cabinet.example' },
      { email: 'OK2@cabinet.example' },
      { email: 'optout@cabinet.example', marketingOptOut: true },
      { email: null },
      { email: 'gone@cabinet.example' },
      { email: 'nofunds@cabinet.example' },
    ]);
    await t.app.inject({
      method: 'POST',
      url: `/email/unsubscribe/${(await import('./links.ts')).sealLink(t.deps.config.sessionSecret, { a: 'gone@cabinet.example', l: 'fr' })}`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await t.deps.database.db.execute(
      sql`insert into email_consents (address, basis, source, collected_at, topics_off) values ('nofunds@cabinet.example', 'consent', 'test', now(), '{fund_launch}')`,
    );
    const res = await userA.c.post('/api/v1/campaigns/audience', { segmentId: a.segmentId, topic: 'fund_launch' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.counts).toEqual({
      total: 6,
      sendable: 2,
      excluded: { opted_out: 1, no_address: 1, unsubscribed: 1, topic_off: 1 },
    });
    expect(res.body.sample.map((s: { address: string }) => s.address).sort()).toEqual([
      'ok1@cabinet.example',
      'ok2@cabinet.example',
    ]);
    // Another topic: the one who turned off fund launches is in.
    const other = await userA.c.post('/api/v1/campaigns/audience', { segmentId: a.segmentId, topic: 'newsletter' });
    expect(other.body.counts.sendable).toBe(3);
    // A team that does not see these contacts reaches nobody through the same filters.
    const b = await people.userB.c.post('/api/v1/segments', { name: 'x', entity: 'people', filters: { q: a.tag } });
    const theirs = await people.userB.c.post('/api/v1/campaigns/audience', {
      segmentId: b.body.id,
      topic: 'newsletter',
    });
    expect(theirs.body.counts.total).toBe(0);
  });
});

describe('sending', () => {
  it('sends each recipient one personalised mail with unsubscribe headers, once, and plans the follow-up', async () => {
    const { userA } = people;
    const a = await audience(userA, [{ email: 'one@client.example' }, { email: 'two@client.example' }]);
    const c = await campaign(userA, {
      segmentId: a.segmentId,
      fromName: 'Équipe Alforis',
      steps: [step('Pour vous, {{ contact.firstName }}'), step('Relance', { delayHours: 48, condition: 'not_opened' })],
    });
    const scheduled = await userA.c.post(`/api/v1/campaigns/${c.id}/schedule`, { kind: 'now' });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
    // Two runs at once (the cron and the job started by "now"): still one mail each.
    await Promise.all([runCampaigns(t.deps, c.id), runCampaigns(t.deps, c.id)]);
    const raw = await inbox.waitFor('one@client.example');
    await inbox.waitFor('two@client.example');
    const mail = await simpleParser(raw.raw);
    expect(mail.subject).toBe('Pour vous, Prénom0');
    expect(mail.from?.value[0]).toEqual({ name: 'Équipe Alforis', address: 'crm@alforis.example' });
    expect(mail.replyTo?.value[0]?.address).toBe('marketing@alforis.example');
    const headers = raw.raw.split(/\r?\n\r?\n/)[0]?.replace(/\r?\n[ \t]+/g, '') ?? '';
    const unsubscribe = /^List-Unsubscribe:\s*(.*)$/m.exec(headers)?.[1]?.trim() ?? '';
    expect(unsubscribe).toMatch(/^<http:\/\/.+\/email\/unsubscribe\/[\w-]+\.[\w-]+\.[\w-]+>$/);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(headers).toMatch(new RegExp(`^X-Crm-Campaign: ${c.id}$`, 'm'));
    expect(mail.html).toContain('Bonjour Prénom0');
    expect(mail.html).toContain(unsubscribe.slice(1, -1).replace(/^http:\/\/[^/]+/, ''));

    const planned = await sends(c.id);
    expect(planned.map((s) => [s.address, s.step, s.status])).toEqual([
      ['one@client.example', 0, 'queued'],
      ['one@client.example', 1, 'pending'],
      ['two@client.example', 0, 'queued'],
      ['two@client.example', 1, 'pending'],
    ]);
    const first = new Date(planned[0]?.due_at ?? 0);
    expect(new Date(planned[1]?.due_at ?? 0).getTime() - first.getTime()).toBe(48 * HOUR);
    await runCampaigns(t.deps, c.id);
    expect(inbox.to('one@client.example')).toHaveLength(1);
    const detail = await userA.c.get(`/api/v1/campaigns/${c.id}`);
    expect(detail.body).toMatchObject({ status: 'running', audienceCounts: { total: 2, sendable: 2 } });

    // Two days later: the follow-up goes to whoever did not open; the one who opened is skipped.
    const [openedSend] = await query<{ id: string; recipient_id: string }>(
      sql`select s.id, s.recipient_id from campaign_sends s join campaign_recipients r on r.id = s.recipient_id where s.campaign_id = ${c.id} and r.address = 'two@client.example' and s.status = 'queued'`,
    );
    await t.deps.database.db.execute(
      sql`insert into email_events (id, campaign_id, send_id, recipient_id, type, at) values (gen_random_uuid(), ${c.id}, ${openedSend?.id}, ${openedSend?.recipient_id}, 'opened', now())`,
    );
    offsetMs = 49 * HOUR;
    try {
      await runCampaigns(t.deps, c.id);
    } finally {
      offsetMs = 0;
    }
    await inbox.waitFor('one@client.example', 2);
    expect(inbox.to('two@client.example')).toHaveLength(1);
    const after = await sends(c.id);
    expect(after.map((s) => [s.address, s.step, s.status, s.skip_reason])).toEqual([
      ['one@client.example', 0, 'queued', null],
      ['one@client.example', 1, 'queued', null],
      ['two@client.example', 0, 'queued', null],
      ['two@client.example', 1, 'skipped', 'opened'],
    ]);
    expect((await userA.c.get(`/api/v1/campaigns/${c.id}`)).body.status).toBe('completed');
    const stats = await waitFor(async () => {
      const s = (await userA.c.get(`/api/v1/campaigns/${c.id}/stats`)).body;
      return s.sent === 3 ? s : null;
    });
    expect(stats).toEqual({ planned: 0, queued: 0, sent: 3, failed: 0, skipped: 1, cancelled: 0 });
  });

  it('keeps the pace per minute, pauses, resumes and cancels', async () => {
    const { userA } = people;
    const a = await audience(
      userA,
      [1, 2, 3, 4, 5].map((i) => ({ email: `pace${i}@client.example` })),
    );
    const c = await campaign(userA, { segmentId: a.segmentId, ratePerMinute: 2, steps: [step('Rythme')] });
    await userA.c.post(`/api/v1/campaigns/${c.id}/schedule`, { kind: 'now' });
    await runCampaigns(t.deps, c.id);
    expect((await sends(c.id)).filter((s) => s.status === 'queued')).toHaveLength(2);
    await runCampaigns(t.deps, c.id);
    expect((await sends(c.id)).filter((s) => s.status === 'queued')).toHaveLength(2);
    expect((await userA.c.post(`/api/v1/campaigns/${c.id}/pause`)).body.status).toBe('paused');
    offsetMs = 2 * 60_000;
    try {
      await runCampaigns(t.deps, c.id);
      expect((await sends(c.id)).filter((s) => s.status === 'queued')).toHaveLength(2);
      expect((await userA.c.post(`/api/v1/campaigns/${c.id}/resume`)).body.status).toBe('running');
      await runCampaigns(t.deps, c.id);
      expect((await sends(c.id)).filter((s) => s.status === 'queued')).toHaveLength(4);
      const cancelled = await userA.c.post(`/api/v1/campaigns/${c.id}/cancel`);
      expect(cancelled.body.status).toBe('cancelled');
    } finally {
      offsetMs = 0;
    }
    expect((await sends(c.id)).map((s) => s.status).sort()).toEqual([
      'cancelled',
      'queued',
      'queued',
      'queued',
      'queued',
    ]);
    const again = await userA.c.post(`/api/v1/campaigns/${c.id}/resume`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('campaign.invalid_transition');
    expect((await userA.c.patch(`/api/v1/campaigns/${c.id}`, { name: 'x' })).body.code).toBe('campaign.not_draft');
  });

  it('tests A against B on part of the audience, then sends the winner to the rest after the wait', async () => {
    const { userA } = people;
    const a = await audience(
      userA,
      [1, 2, 3, 4, 5, 6].map((i) => ({ email: `ab${i}@client.example` })),
    );
    const c = await campaign(userA, {
      segmentId: a.segmentId,
      abTest: { testShare: 34, metric: 'opens', waitHours: 4 },
      steps: [
        {
          variants: [
            { key: 'A', subject: 'Objet A', bodyHtml: '<p>A</p>' },
            { key: 'B', subject: 'Objet B', bodyHtml: '<p>B</p>' },
          ],
        },
      ],
    });
    await userA.c.post(`/api/v1/campaigns/${c.id}/schedule`, { kind: 'now' });
    await runCampaigns(t.deps, c.id);
    const tested = (await sends(c.id)).filter((s) => s.status === 'queued');
    expect(tested.map((s) => s.variant).sort()).toEqual(['A', 'B']);
    const bSend = tested.find((s) => s.variant === 'B');
    await t.deps.database.db.execute(
      sql`insert into email_events (id, campaign_id, send_id, recipient_id, type, at)
          select gen_random_uuid(), campaign_id, id, recipient_id, 'opened', now() from campaign_sends where id = ${bSend?.id}`,
    );
    offsetMs = 5 * HOUR;
    try {
      await runCampaigns(t.deps, c.id);
    } finally {
      offsetMs = 0;
    }
    const all = await sends(c.id);
    expect(all.filter((s) => s.status === 'queued')).toHaveLength(6);
    expect(all.filter((s) => s.variant === 'B')).toHaveLength(5);
    const detail = await userA.c.get(`/api/v1/campaigns/${c.id}`);
    expect(detail.body.steps[0].variants.map((v: { key: string; isWinner: boolean }) => [v.key, v.isWinner])).toEqual([
      ['A', false],
      ['B', true],
    ]);
  });

  it('sends at a wall-clock time in each recipient’s zone, inside the window', async () => {
    const { userA } = people;
    const a = await audience(userA, [
      { email: 'paris@client.example', countryCode: 'FR' },
      { email: 'newyork@client.example', countryCode: 'US' },
    ]);
    const c = await campaign(userA, {
      segmentId: a.segmentId,
      sendWindow: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' },
      steps: [step('Heure locale')],
    });
    const sched = await userA.c.post(`/api/v1/campaigns/${c.id}/schedule`, {
      kind: 'recipient_local',
      localTime: '2030-01-05T09:30',
    });
    expect(sched.status, JSON.stringify(sched.body)).toBe(200);
    expect(sched.body.status).toBe('scheduled');
    // 2030-01-05 is a Saturday: the window moves both to Monday 08:00 in their own zones.
    offsetMs = new Date('2030-01-04T22:00:00Z').getTime() - Date.now();
    try {
      await runCampaigns(t.deps, c.id);
    } finally {
      offsetMs = 0;
    }
    const planned = await sends(c.id);
    expect(planned.map((s) => [s.address, s.status, new Date(s.due_at).toISOString()])).toEqual([
      ['newyork@client.example', 'pending', '2030-01-07T13:00:00.000Z'],
      ['paris@client.example', 'pending', '2030-01-07T07:00:00.000Z'],
    ]);
  });

  it('refuses what cannot be sent, with the field at fault, and lets no one else drive a campaign', async () => {
    const { userA, userA2, viewerA } = people;
    const bad = await userA.c.post('/api/v1/campaigns', {
      name: 'x',
      topic: 'newsletter',
      steps: [{ variants: [{ key: 'A', subject: '{{ contact.secret }}', bodyHtml: '<p>x</p>' }] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('campaign.invalid');
    expect(bad.body.errors[0]).toMatchObject({ path: 'body.steps.0.variants.A.subject', code: 'unknown_variable' });
    const noB = await userA.c.post('/api/v1/campaigns', {
      name: 'x',
      topic: 'newsletter',
      abTest: { testShare: 20, metric: 'opens', waitHours: 2 },
      steps: [step('x')],
    });
    expect(noB.body.errors[0]).toMatchObject({ path: 'body.steps.0.variants', code: 'variants' });
    const c = await campaign(userA, { steps: [step('x')] });
    const unscheduled = await userA.c.post(`/api/v1/campaigns/${c.id}/schedule`, { kind: 'now' });
    expect(unscheduled.status).toBe(400);
    expect(unscheduled.body.errors[0]).toMatchObject({ path: 'body.segmentId', code: 'required' });
    const past = await userA.c.post(`/api/v1/campaigns/${c.id}/schedule`, { kind: 'at', at: '2001-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    for (const who of [userA2, viewerA]) {
      expect((await who.c.post(`/api/v1/campaigns/${c.id}/cancel`)).status).toBe(403);
    }
    expect((await viewerA.c.get(`/api/v1/campaigns/${c.id}`)).status).toBe(200);
  });

  it('tracks opens and clicks through signed links, tells machines apart, and never redirects elsewhere', async () => {
    const { userA } = people;
    const a = await audience(userA, [{ email: 'reader@client.example' }]);
    const c = await campaign(userA, {
      segmentId: a.segmentId,
      steps: [
        {
          variants: [
            {
              key: 'A',
              subject: 'Liens',
              bodyHtml:
                '<p><a href="https://fonds.example/part-i?utm=1&amp;x=2">Le fonds</a> <a href="https://fonds.example/dici">DICI</a></p>',
            },
          ],
        },
      ],
    });
    await userA.c.post(`/api/v1/campaigns/${c.id}/schedule`, { kind: 'now' });
    await runCampaigns(t.deps, c.id);
    const mail = await simpleParser((await inbox.waitFor('reader@client.example')).raw);
    const html = String(mail.html);
    const clicks = [...html.matchAll(/href="http:\/\/[^"]+(\/email\/c\/[^"]+)"/g)].map((m) => m[1] as string);
    const pixel = /src="http:\/\/[^"]+(\/email\/o\/[^"]+)"/.exec(html)?.[1] as string;
    expect(clicks).toHaveLength(2);
    expect(html).not.toContain('https://fonds.example');
    const browser =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
    const hit = (method: 'GET' | 'HEAD', url: string, ua: string, ip = '82.64.1.2') =>
      t.app.inject({ method, url, headers: { 'user-agent': ua }, remoteAddress: ip });

    const mpp = await hit('GET', pixel, 'Mozilla/5.0', '17.58.0.9');
    expect(mpp.statusCode).toBe(200);
    expect(mpp.headers['content-type']).toBe('image/gif');
    // A scanner's HEAD within seconds of delivery: counted as a machine, still redirected.
    const scan = await hit('HEAD', clicks[0] as string, browser);
    expect(scan.statusCode).toBe(302);
    offsetMs = 60_000;
    try {
      expect((await hit('GET', pixel, browser)).statusCode).toBe(200);
      const human = await hit('GET', clicks[0] as string, browser);
      expect(human.statusCode).toBe(302);
      expect(human.headers.location).toBe('https://fonds.example/part-i?utm=1&x=2');
      offsetMs = 5 * 60_000;
      // Two links within two seconds: a scanner's burst, both flagged.
      await hit('GET', clicks[1] as string, browser);
      await hit('GET', clicks[0] as string, browser);
    } finally {
      offsetMs = 0;
    }
    const events = await query<{ type: string; machine: boolean; machine_reason: string | null; url: string | null }>(
      sql`select type, machine, machine_reason, url from email_events
           where campaign_id = ${c.id} and type in ('opened', 'clicked') order by id`,
    );
    expect(events.map((e) => [e.type, e.machine_reason])).toEqual([
      ['opened', 'apple_mpp'],
      ['clicked', 'head_request'],
      ['opened', null],
      ['clicked', null],
      ['clicked', 'burst'],
      ['clicked', 'burst'],
    ]);
    // A forged or altered token goes nowhere.
    const forged = await hit('GET', (clicks[0] as string).replace(/\.0\./, '.1.'), browser);
    expect(forged.statusCode).toBe(404);
    expect(forged.headers.location).toBeUndefined();
    expect((await hit('GET', '/email/c/https%3A%2F%2Fevil.example', browser)).statusCode).toBe(404);
    expect((await hit('GET', '/email/o/nothing.gif', browser)).headers['content-type']).toBe('image/gif');

    // The unsubscribe link of this mail (RFC 8058 one-click) is counted on the campaign.
    const listUnsubscribe = /List-Unsubscribe: <http:\/\/[^/]+([^>]+)>/.exec(
      (inbox.to('reader@client.example')[0]?.raw ?? '').replace(/\r?\n[ \t]+/g, ' '),
    )?.[1] as string;
    const one = await t.app.inject({
      method: 'POST',
      url: listUnsubscribe,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(one.body).toBe('OK');
    const report = await waitFor(async () => {
      const r = (await userA.c.get(`/api/v1/campaigns/${c.id}/report`)).body;
      return r.totals.sent === 1 ? r : null;
    });
    expect(report.totals).toMatchObject({
      sent: 1,
      openedHuman: 1,
      openedMachineOnly: 0,
      clickedHuman: 1,
      clickedMachineOnly: 0,
      unsubscribed: 1,
      openRate: 1,
      clickRate: 1,
      clickToOpenRate: 1,
    });
    expect(report.links).toEqual([
      { url: 'https://fonds.example/part-i?utm=1&x=2', clicks: 1, clickers: 1, machineClicks: 2 },
      { url: 'https://fonds.example/dici', clicks: 0, clickers: 0, machineClicks: 1 },
    ]);
    const unsubscribed = await userA.c.get(`/api/v1/campaigns/${c.id}/recipients?filter=unsubscribed`);
    expect(unsubscribed.body.items).toMatchObject([
      { address: 'reader@client.example', sent: 1, opened: true, clicked: true, unsubscribed: true },
    ]);
    expect((await userA.c.get(`/api/v1/campaigns/${c.id}/recipients?filter=not_opened`)).body.items).toEqual([]);
  });

  it('emits people’s e-mail events, not machines’, lists them to who sees the contact, and shows the e-mail on the contact’s timeline', async () => {
    const { userA, userB } = people;
    const a = await audience(userA, [{ email: 'events@client.example' }]);
    const person = a.people[0] as { id: string };
    const c = await campaign(userA, {
      segmentId: a.segmentId,
      steps: [
        {
          variants: [
            {
              key: 'A',
              subject: 'Bonjour {{ contact.firstName }}',
              bodyHtml:
                '<p><a href="https://fonds.example/atlas">Le fonds</a> <a href="https://fonds.example/dici">DICI</a></p>',
            },
          ],
        },
      ],
    });
    await userA.c.post(`/api/v1/campaigns/${c.id}/schedule`, { kind: 'now' });
    await runCampaigns(t.deps, c.id);
    const raw = (await inbox.waitFor('events@client.example')).raw;
    const html = String((await simpleParser(raw)).html);
    const [click, other] = [...html.matchAll(/href="http:\/\/[^"]+(\/email\/c\/[^"]+)"/g)].map((m) => m[1] as string);
    const pixel = /src="http:\/\/[^"]+(\/email\/o\/[^"]+)"/.exec(html)?.[1] as string;
    const browser =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
    const hit = (url: string, ua: string, ip = '82.64.1.2') =>
      t.app.inject({ method: 'GET', url, headers: { 'user-agent': ua }, remoteAddress: ip });
    offsetMs = 60_000;
    try {
      await hit(pixel, 'Mozilla/5.0', '17.58.0.9'); // Apple's proxy: stored, not emitted
      await hit(pixel, browser);
      await hit(pixel, browser);
      await hit(click as string, browser);
      offsetMs = 10 * 60_000;
      // A scanner's burst later: two links within two seconds, neither emitted.
      await hit(other as string, browser);
      await hit(click as string, browser);
    } finally {
      offsetMs = 0;
    }
    const listUnsubscribe = /List-Unsubscribe: <http:\/\/[^/]+([^>]+)>/.exec(raw.replace(/\r?\n[ \t]+/g, ' '))?.[1];
    await t.app.inject({
      method: 'POST',
      url: listUnsubscribe as string,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    type Emitted = { type: string; payload: Record<string, unknown> & { email: Record<string, unknown> } };
    const emitted = await waitFor(async () => {
      const rows = await query<Emitted>(
        sql`select type, payload from events where payload->'email'->>'campaignId' = ${c.id} order by occurred_at, id`,
      );
      return rows.some((r) => r.type === 'email.clicked') ? rows : null;
    }, 30_000);
    const of = (type: string) => emitted.filter((e) => e.type === type).map((e) => e.payload);
    expect(of('email.sent')).toHaveLength(1);
    expect(of('email.sent')[0]?.email).toMatchObject({
      id: expect.any(String),
      campaignId: c.id,
      campaignName: 'Lancement',
      step: 1,
      subject: 'Bonjour Prénom0',
      personId: person.id,
      address: 'events@client.example',
      ownerId: userA.id,
    });
    // The mail server took it: delivered, with its answer.
    expect(of('email.delivered')).toMatchObject([{ response: expect.stringMatching(/^250/) }]);
    expect(of('email.opened').map((p) => p.openCount)).toEqual([1, 2]);
    expect(of('email.clicked')).toMatchObject([{ url: 'https://fonds.example/atlas', clickCount: 1 }]);
    expect(of('email.unsubscribed')).toMatchObject([{ source: 'one_click' }]);
    // Every event is stored, the machines' too; only people's are listed.
    const stored = await query<{ n: number }>(
      sql`select count(*)::int as n from email_events where campaign_id = ${c.id}`,
    );
    expect(Number(stored[0]?.n)).toBeGreaterThanOrEqual(7);
    const listed = await userA.c.get(`/api/v1/email-events?campaignId=${c.id}&type=opened,clicked`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.items.map((i: { type: string }) => i.type)).toEqual(['clicked', 'opened', 'opened']);
    expect(listed.body.items[0]).toMatchObject({ url: 'https://fonds.example/atlas', email: { personId: person.id } });
    const page = await userA.c.get(`/api/v1/email-events?personId=${person.id}&limit=2`);
    expect(page.body.items).toHaveLength(2);
    const rest = await userA.c.get(
      `/api/v1/email-events?personId=${person.id}&limit=50&cursor=${page.body.nextCursor}`,
    );
    expect(rest.body.items.length).toBeGreaterThanOrEqual(3);
    expect((await userB.c.get(`/api/v1/email-events?campaignId=${c.id}`)).body.items).toEqual([]);
    expect((await userA.c.get('/api/v1/email-events?type=read')).status).toBe(400);
    expect((await userA.c.get('/api/v1/email-events?cursor=nope')).body.code).toBe('list.invalid_cursor');

    // The sales analytics' e-mail volume counts each e-mail once per kind of event, people's opens and clicks only.
    const volume = async (who: Caller) => {
      const res = await who.c.get('/api/v1/analytics/email-volume?granularity=month');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const sum = (k: string) => res.body.series.reduce((n: number, b: Record<string, number>) => n + (b[k] ?? 0), 0);
      return { sent: sum('sent'), opened: sum('opened'), clicked: sum('clicked'), unsubscribed: sum('unsubscribed') };
    };
    const mine = await volume(userA);
    expect(mine.opened).toBeGreaterThanOrEqual(1);
    expect(mine.opened).toBeLessThanOrEqual(mine.sent);
    expect(await volume(userB)).toEqual({ sent: 0, opened: 0, clicked: 0, unsubscribed: 0 });

    const timeline = await userA.c.get(`/api/v1/people/${person.id}/timeline?types=email`);
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(200);
    expect(timeline.body.items).toMatchObject([
      {
        kind: 'email',
        title: 'Bonjour Prénom0',
        actorId: userA.id,
        data: { campaignId: c.id, campaignName: 'Lancement', opened: true, clicked: true, unsubscribed: true },
      },
    ]);
  });

  it('forgets an anonymised person’s address in the campaigns and their consents, and keeps the objection', async () => {
    const { managerA } = people;
    const a = await audience(managerA, [{ email: 'erased@client.example' }]);
    const c = await campaign(managerA, { segmentId: a.segmentId, steps: [step('Avant l’effacement')] });
    await managerA.c.post(`/api/v1/campaigns/${c.id}/schedule`, { kind: 'now' });
    await runCampaigns(t.deps, c.id);
    await managerA.c.put('/api/v1/email-consents/erased@client.example', { basis: 'consent', source: 'salon' });
    await managerA.c.post('/api/v1/email-suppressions', { address: 'erased@client.example' });
    const person = a.people[0] as { id: string };
    const exported = await people.admin.c.get(`/api/v1/people/${person.id}/rgpd-export`);
    expect(exported.status).toBe(200);
    expect(exported.body.places.campaigns).toHaveLength(2);
    const res = await managerA.c.post(`/api/v1/people/${person.id}/anonymise`, { reason: 'demande écrite' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = await query<{ address: string }>(
      sql`select address::text as address from campaign_recipients where campaign_id = ${c.id}`,
    );
    expect(rows).toEqual([{ address: 'anonyme@invalid' }]);
    expect(await query(sql`select 1 from email_consents where address = 'erased@client.example'`)).toEqual([]);
    expect(await query(sql`select 1 from email_suppressions where address = 'erased@client.example'`)).toHaveLength(1);
  });
});
