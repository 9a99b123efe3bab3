/**
 * Hostile input, replayed as the attack sent it: each answer is a 400 (or 409) problem+json with a stable code naming
 * the field, never a 500, and nothing is half-written.
 *
 * - NUL and lone UTF-16 surrogates anywhere (query, body, the unauthenticated login), crafted list cursors, numbers
 *   beyond their column, broken multipart bodies, an export with a bad sort (refused before the first byte);
 * - webhook custom headers PostgreSQL or Node cannot carry, and a stored one (from before the check) recorded as a
 *   failed attempt instead of a delivery stuck `delivering`; IPv6 forms embedding a private IPv4 address; ports;
 * - CSV cells a French (`;`) or English (`,`) Excel would split into a formula;
 * - `javascript:`, `data:`, `vbscript:` web addresses;
 * - the contact e-mail existence oracle across teams (docs/DOMAIN.md: e-mails are unique within a team).
 */

import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDeliveries, webhookEndpoints } from '../../src/features/webhooks/webhooks.schema.ts';
import { createApiKeyFor } from '../auth-helpers.ts';
import { createTeam, createUser, sessionHeaders } from '../factories.ts';
import { createTestApp, type TestApp } from '../test-app.ts';

let t: TestApp;
const keys = { admin: '', userA: '', userB: '' };
let orgId: string;

type Who = keyof typeof keys;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One request as `who` (an API key) or anonymous; a string body is sent as raw JSON (to carry `\u0000`, `\ud800`). */
async function call(
  who: Who | null,
  method: Method,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const h: Record<string, string> = { ...(who ? { authorization: `Bearer ${keys[who]}` } : {}), ...headers };
  if (typeof body === 'string') h['content-type'] = 'application/json';
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: h,
    ...(body === undefined ? {} : { payload: body as string | Record<string, unknown> }),
  });
}

/** A problem+json answer with this status and code, naming `path` among its field errors when given. */
function expectProblem(res: LightMyRequestResponse, status: number, code: string, path?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const p = res.json();
  expect(p.code).toBe(code);
  if (path) expect((p.errors as { path: string }[]).map((e) => e.path)).toContain(path);
  return p;
}

const cursorOf = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');

beforeAll(async () => {
  t = await createTestApp({
    env: { RATE_LIMIT_EXPENSIVE_PER_MIN: '10000', RATE_LIMIT_API_PER_MIN: '100000', RATE_LIMIT_AUTH_PER_MIN: '10000' },
  });
  const teamA = await createTeam(t.deps);
  const teamB = await createTeam(t.deps);
  const mk = async (role: 'admin' | 'user', teamId: string | null) => {
    const u = await createUser(t.deps, { role, teamId });
    return createApiKeyFor(
      t.app,
      await sessionHeaders(t.deps, u),
      role === 'admin' ? ['read', 'write', 'admin'] : ['read', 'write'],
    );
  };
  keys.admin = await mk('admin', null);
  keys.userA = await mk('user', teamA.id);
  keys.userB = await mk('user', teamB.id);
  const org = await call('admin', 'POST', '/organisations', { name: 'Cible', city: 'Lyon', force: true });
  expect(org.statusCode).toBe(201);
  orgId = org.json().id;
  for (let i = 0; i < 3; i++) {
    expect((await call('admin', 'POST', '/organisations', { name: `Page ${i}`, force: true })).statusCode).toBe(201);
  }
});
afterAll(async () => t?.close());

describe('S1: characters PostgreSQL cannot store', () => {
  it('answers 400 request.invalid_characters for a NUL in ?q= of every list and export', async () => {
    for (const list of ['organisations', 'people', 'mandats', 'produits', 'interactions', 'tasks']) {
      expectProblem(await call('admin', 'GET', `/${list}?q=%00`), 400, 'request.invalid_characters', 'querystring.q');
      expectProblem(
        await call('admin', 'GET', `/${list}/export?q=a%00b`),
        400,
        'request.invalid_characters',
        'querystring.q',
      );
    }
  });

  it('answers 400, not 500, to a NUL in the e-mail of an unauthenticated login', async () => {
    const res = await call(null, 'POST', '/auth/login', '{"email":"a\\u0000b@x.io","password":"x"}');
    expectProblem(res, 400, 'request.invalid_characters', 'body.email');
  });

  it('answers 400 to a lone surrogate or a NUL in a PATCH body and changes nothing', async () => {
    expectProblem(
      await call('admin', 'PATCH', `/organisations/${orgId}`, '{"city":"x\\ud800y"}'),
      400,
      'request.invalid_characters',
      'body.city',
    );
    expectProblem(
      await call('admin', 'PATCH', `/organisations/${orgId}`, '{"city":"x\\udc00"}'),
      400,
      'request.invalid_characters',
      'body.city',
    );
    expectProblem(
      await call('admin', 'PATCH', `/organisations/${orgId}`, '{"tags":["ok","a\\u0000"]}'),
      400,
      'request.invalid_characters',
      'body.tags.1',
    );
    // A well-formed pair (an emoji) is fine.
    expect((await call('admin', 'PATCH', `/organisations/${orgId}`, '{"notes":"ok \\ud83d\\ude00"}')).statusCode).toBe(
      200,
    );
    expect((await call('admin', 'GET', `/organisations/${orgId}`)).json().city).toBe('Lyon');
  });

  it('answers 400 list.invalid_cursor to crafted cursors, and still pages with genuine ones', async () => {
    const crafted: [string, unknown][] = [
      ['name', { k: 'name', d: 'asc', v: 'x', id: 'not-a-uuid' }],
      ['name', { k: 'name', d: 'asc', v: 'x\u0000', id: '01a24000-0000-7000-8000-000000000000' }],
      ['name', { k: 'name', d: 'asc', v: 42, id: '01a24000-0000-7000-8000-000000000000' }],
      ['-updatedAt', { k: 'updatedAt', d: 'desc', v: 'yesterday', id: '01a24000-0000-7000-8000-000000000000' }],
      [
        '-updatedAt',
        { k: 'updatedAt', d: 'desc', v: '2026-02-31T00:00:00Z', id: '01a24000-0000-7000-8000-000000000000' },
      ],
      ['aum', { k: 'aum', d: 'asc', v: 'NaN; drop', id: '01a24000-0000-7000-8000-000000000000' }],
      ['tier', { k: 'tier', d: 'asc', v: 1e12, id: '01a24000-0000-7000-8000-000000000000' }],
      ['name', { k: 'name', d: 'asc', id: '01a24000-0000-7000-8000-000000000000' }],
      ['name', [1, 2]],
      ['-name', { k: 'name', d: 'asc', v: 'x', id: '01a24000-0000-7000-8000-000000000000' }],
    ];
    for (const [sort, payload] of crafted) {
      expectProblem(
        await call('admin', 'GET', `/organisations?sort=${sort}&cursor=${cursorOf(payload)}`),
        400,
        'list.invalid_cursor',
        'querystring.cursor',
      );
    }
    for (const url of ['/mandats?sort=amount', '/tasks?sort=priority', '/people?sort=-createdAt', '/notifications']) {
      const sep = url.includes('?') ? '&' : '?';
      const cursor = cursorOf({ k: 'x', d: 'asc', v: 'x', id: 'x' });
      expectProblem(await call('admin', 'GET', `${url}${sep}cursor=${cursor}`), 400, 'list.invalid_cursor');
    }
    const first = await call('admin', 'GET', '/organisations?sort=name&limit=2');
    expect(first.json().nextCursor).toBeTruthy();
    const next = await call('admin', 'GET', `/organisations?sort=name&limit=2&cursor=${first.json().nextCursor}`);
    expect(next.statusCode).toBe(200);
    const dated = await call('admin', 'GET', '/organisations?limit=2');
    expect((await call('admin', 'GET', `/organisations?limit=2&cursor=${dated.json().nextCursor}`)).statusCode).toBe(
      200,
    );
  });

  it('answers 400 naming the field to numbers beyond their column (aum 1e308, amount 9223372036854775808)', async () => {
    expectProblem(
      await call('admin', 'PATCH', `/organisations/${orgId}`, '{"aum":1e308}'),
      400,
      'request.validation',
      'body.aum',
    );
    expectProblem(
      await call(
        'admin',
        'POST',
        '/mandats',
        `{"title":"M","kind":"distribution","organisationId":"${orgId}","amount":9223372036854775808}`,
      ),
      400,
      'request.validation',
      'body.amount',
    );
    // The largest amounts the columns hold are accepted.
    expect((await call('admin', 'PATCH', `/organisations/${orgId}`, { aum: 9_999_999_999_999_998 })).statusCode).toBe(
      200,
    );
    expect((await call('admin', 'PATCH', `/organisations/${orgId}`, { aum: '9999999999999999.99' })).statusCode).toBe(
      200,
    );
  });

  it('answers 400 request.malformed_multipart to multipart without a boundary or cut short', async () => {
    const bodies: [string, string, string][] = [
      [`/organisations/${orgId}/attachments`, 'multipart/form-data', 'xx'],
      ['/imports', 'multipart/form-data', 'xx'],
      [
        `/organisations/${orgId}/attachments`,
        'multipart/form-data; boundary=XyZ',
        '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello',
      ],
      [
        '/imports',
        'multipart/form-data; boundary=XyZ',
        '--XyZ\r\nContent-Disposition: form-data; name="entity"\r\n\r\norganisations\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nname\r\nAcme',
      ],
    ];
    for (const [url, type, payload] of bodies) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${keys.admin}`, 'content-type': type },
        payload,
      });
      expectProblem(res, 400, 'request.malformed_multipart');
    }
    // A NUL in an uploaded file's name.
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/organisations/${orgId}/attachments`,
      headers: { authorization: `Bearer ${keys.admin}`, 'content-type': 'multipart/form-data; boundary=XyZ' },
      payload:
        '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n',
    });
    expectProblem(res, 400, 'request.invalid_characters', 'body.file.filename');
  });

  it('answers 400 list.invalid_sort to an export with sort=abc, before sending any byte of a file', async () => {
    for (const list of ['organisations', 'people', 'mandats', 'produits', 'interactions', 'tasks']) {
      for (const format of ['csv', 'xlsx']) {
        const res = await call('admin', 'GET', `/${list}/export?format=${format}&sort=abc`);
        expectProblem(res, 400, 'list.invalid_sort', 'querystring.sort');
        expect(res.headers['content-disposition']).toBeUndefined();
      }
    }
  });
});

describe('S4: webhook targets and headers', () => {
  const create = (body: Record<string, unknown>) =>
    call('userA', 'POST', '/webhooks', {
      eventTypes: ['organisation.created'],
      url: 'https://93.184.216.34/hook',
      ...body,
    });

  it('refuses header values with an emoji, a control character or a NUL, naming the header', async () => {
    expectProblem(await create({ headers: { 'X-Emoji': 'ok 😀' } }), 400, 'request.validation', 'body.headers.X-Emoji');
    expectProblem(await create({ headers: { 'X-Ctl': 'a\u0001b' } }), 400, 'request.validation', 'body.headers.X-Ctl');
    expectProblem(await create({ headers: { 'X-Tab': 'a\tb' } }), 400, 'request.validation', 'body.headers.X-Tab');
    expectProblem(await create({ headers: { 'X-Latin': 'é' } }), 400, 'request.validation', 'body.headers.X-Latin');
    expectProblem(
      await create({ headers: { 'X-Nul': 'a\u0000b' } }),
      400,
      'request.invalid_characters',
      'body.headers.X-Nul',
    );
    expect((await create({ headers: { Authorization: 'Bearer abc-123_=' } })).statusCode).toBe(201);
  });

  it('records a stored bad header (saved before the check) as a failed attempt, never a delivery stuck delivering', async () => {
    const w = (await create({ headers: { 'X-Ok': 'fine' } })).json();
    await t.deps.database.db
      .update(webhookEndpoints)
      .set({ headers: { 'X-Emoji': 'ok 😀', 'X-Ctl': 'a\u0001b' } })
      .where(eq(webhookEndpoints.id, w.id));
    const res = await call('userA', 'POST', `/webhooks/${w.id}/test`, { eventType: 'organisation.created' });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.status).not.toBe('delivering');
    expect(d.status).not.toBe('succeeded');
    expect(d.attemptLog).toHaveLength(1);
    expect(d.attemptLog[0].error).toMatch(/^invalid request: .*Invalid character in header content/);
    const stuck = await t.deps.database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, w.id));
    expect(stuck.map((r) => r.status)).not.toContain('delivering');
  });

  it('refuses every IPv6 form embedding a private IPv4 address, at save', async () => {
    for (const host of [
      '[::127.0.0.1]',
      '[::7f00:1]',
      '[::10.0.0.1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:a9fe:a9fe]',
      '[64:ff9b::7f00:1]',
      '[64:ff9b::a9fe:a9fe]',
      '[64:ff9b:1::a00:1]',
      '[2002:7f00:1::]',
      '[2002:c0a8:101::1]',
      '[2001:0:4136:e378:8000:63bf:80ff:fffe]', // Teredo, client 127.0.0.1
      '[2001:0:a00:1::1]', // Teredo, server 10.0.0.1
    ]) {
      expectProblem(await create({ url: `http://${host}:18081/a` }), 400, 'webhooks.target_forbidden', 'body.url');
    }
  });

  it('refuses the privileged ports other than 80 and 443 by default, at save and on update', async () => {
    expectProblem(await create({ url: 'http://93.184.216.34:22/' }), 400, 'webhooks.port_forbidden', 'body.url');
    expectProblem(await create({ url: 'https://93.184.216.34:25/' }), 400, 'webhooks.port_forbidden', 'body.url');
    const w = (await create({ url: 'https://93.184.216.34:8443/' })).json();
    expect(w.id).toBeTruthy();
    expectProblem(
      await call('userA', 'PATCH', `/webhooks/${w.id}`, { url: 'http://93.184.216.34:110/' }),
      400,
      'webhooks.port_forbidden',
      'body.url',
    );
  });

  it('refuses port 6379 (Redis on a public host) once WEBHOOKS_ALLOWED_PORTS narrows the default 1024-65535', async () => {
    const strict = await createTestApp({ env: { WEBHOOKS_ALLOWED_PORTS: '80,443,8000-8999' } });
    try {
      const u = await createUser(strict.deps, { role: 'user' });
      const res = await strict.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: await sessionHeaders(strict.deps, u),
        payload: { url: 'https://93.184.216.34:6379/', eventTypes: ['organisation.created'] },
      });
      expectProblem(res, 400, 'webhooks.port_forbidden', 'body.url');
    } finally {
      await strict.close();
    }
  });
});

describe('S5: CSV exports a spreadsheet could split into a formula', () => {
  it('quotes Acme;=cmd|… and neutralises the formula: read with ; or , no cell starts with =', async () => {
    const name = "Acme;=cmd|' /C calc'!A0";
    expect((await call('admin', 'POST', '/organisations', { name, force: true })).statusCode).toBe(201);
    const res = await call('admin', 'GET', `/organisations/export?format=csv&q=${encodeURIComponent('Acme')}`);
    expect(res.statusCode).toBe(200);
    const text = res.body.replace(/^\uFEFF/, '');
    const line = text.split('\r\n').find((l) => l.includes('cmd|'));
    expect(line?.startsWith(`"Acme;'=cmd|' /C calc'!A0"`)).toBe(true);
    for (const delimiter of [',', ';']) {
      const cells = (parse(text, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][]).flat();
      for (const cell of cells) expect(cell, `read with ${delimiter}`).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});

describe('S6: web addresses', () => {
  it('refuses javascript:, data: and vbscript: as a LinkedIn profile or a website, naming the field', async () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'javascript://%0aalert(1)',
    ]) {
      expectProblem(
        await call('admin', 'POST', '/people', { firstName: 'x', lastName: 'y', linkedinUrl: url, force: true }),
        400,
        'request.validation',
        'body.linkedinUrl',
      );
      expectProblem(
        await call('admin', 'PATCH', `/organisations/${orgId}`, { website: url }),
        400,
        'request.validation',
        'body.website',
      );
    }
    const ok = await call('admin', 'POST', '/people', {
      firstName: 'x',
      lastName: 'y',
      linkedinUrl: 'https://www.linkedin.com/in/x',
      force: true,
    });
    expect(ok.statusCode).toBe(201);
    expect((await call('admin', 'PATCH', `/organisations/${orgId}`, { website: 'acme.fr' })).json().website).toBe(
      'https://acme.fr',
    );
  });
});

describe('S2: the contact e-mail existence oracle', () => {
  it('answers 201 to another team creating a contact with a hidden e-mail, exactly as for a fresh one', async () => {
    const hidden = await call('userA', 'POST', '/people', {
      firstName: 'Claire',
      lastName: 'Martin',
      email: 'claire@cgp.test',
    });
    expect(hidden.statusCode).toBe(201);
    const probe = await call('userB', 'POST', '/people', {
      firstName: 'Dup',
      lastName: 'Probe',
      email: 'claire@cgp.test',
    });
    const fresh = await call('userB', 'POST', '/people', {
      firstName: 'Dup',
      lastName: 'Fresh',
      email: 'never@cgp.test',
    });
    expect(probe.statusCode).toBe(201);
    expect(fresh.statusCode).toBe(201);
    expect(Object.keys(probe.json()).sort()).toEqual(Object.keys(fresh.json()).sort());
    expect(probe.body).not.toContain('Martin');
    expect(probe.body).not.toContain(hidden.json().id);
    // Whoever sees the existing contact is still told.
    const teammate = await call('userA', 'POST', '/people', {
      firstName: 'C',
      lastName: 'M',
      email: 'CLAIRE@cgp.test',
      force: true,
    });
    expectProblem(teammate, 409, 'person.email_taken', 'body.email');
  });
});
