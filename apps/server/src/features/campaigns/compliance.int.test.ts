import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV } from '../../../test/auth-helpers.ts';
import { twoTeams } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { rowsOf } from '../../platform/db/client.ts';
import { type LinkPayload, listUnsubscribeHeaders, openLink, recipientLinks, sealLink } from './links.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof twoTeams>>;

beforeAll(async () => {
  t = await createTestApp({ env: AUTH_TEST_ENV });
  people = await twoTeams(t);
  const put = await people.admin.c.put('/api/v1/marketing/settings', {
    companyName: 'Alforis Finance',
    postalAddress: '10 rue de la Paix, 75002 Paris',
  });
  expect(put.status).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

const secret = () => t.deps.config.sessionSecret;
const tokenFor = (a: string, extra: Partial<LinkPayload> = {}) => sealLink(secret(), { a, l: 'fr', ...extra });
const page = async (method: 'GET' | 'POST', url: string, form?: string, type = 'application/x-www-form-urlencoded') =>
  t.app.inject({ method, url, ...(form !== undefined ? { payload: form, headers: { 'content-type': type } } : {}) });
const suppression = async (address: string) =>
  rowsOf<{ reason: string; source: string; campaign_id: string | null }>(
    await t.deps.database.db.execute(
      sql`select reason, source, campaign_id from email_suppressions where address = ${address}`,
    ),
  )[0];
const topicsOff = async (address: string) =>
  rowsOf<{ topics_off: string[] }>(
    await t.deps.database.db.execute(sql`select topics_off from email_consents where address = ${address}`),
  )[0]?.topics_off;

describe('links', () => {
  it('seals the address, language and campaign; refuses altered tokens and hides the address', () => {
    const token = tokenFor('camille@cabinet.fr', { c: '0195f4a0-0000-7000-8000-000000000001' });
    expect(token).not.toContain('camille');
    expect(openLink(secret(), token)).toEqual({
      a: 'camille@cabinet.fr',
      l: 'fr',
      c: '0195f4a0-0000-7000-8000-000000000001',
    });
    const flipped = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`;
    expect(openLink(secret(), flipped)).toBeNull();
    expect(openLink('another-secret-of-the-same-length-000000000000000', token)).toBeNull();
    expect(openLink(secret(), 'not-a-token')).toBeNull();
    const { unsubscribeUrl } = recipientLinks(t.deps.config.appUrl, secret(), { a: 'x@y.fr', l: 'en' });
    expect(listUnsubscribeHeaders(unsubscribeUrl)).toEqual({
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});

describe('the recipient’s pages, without signing in', () => {
  it('unsubscribes after a confirmation (a link scanner’s GET changes nothing), in French, with the firm’s name', async () => {
    const token = tokenFor('zoe.durand@cabinet-durand.fr');
    const get = await page('GET', `/email/unsubscribe/${token}`);
    expect(get.statusCode).toBe(200);
    expect(get.headers['content-type']).toMatch(/text\/html/);
    expect(get.headers['content-security-policy']).toContain("default-src 'none'");
    expect(get.headers['cache-control']).toBe('no-store');
    expect(get.body).toContain('<html lang="fr">');
    expect(get.body).toContain('Alforis Finance');
    expect(get.body).toContain('L’adresse z•••@cabinet-durand.fr ne recevra plus aucun e-mail d’information');
    expect(get.body).not.toContain('zoe.durand');
    expect(get.body).toContain('Confirmer la désinscription');
    expect(await suppression('zoe.durand@cabinet-durand.fr')).toBeUndefined();

    const post = await page('POST', `/email/unsubscribe/${token}`, '');
    expect(post.statusCode).toBe(200);
    expect(post.body).toContain('Désinscription enregistrée');
    expect(await suppression('zoe.durand@cabinet-durand.fr')).toMatchObject({
      reason: 'unsubscribed',
      source: 'unsubscribe_page',
    });
    // Again: nothing doubles, the page says so and offers to come back.
    expect((await page('POST', `/email/unsubscribe/${token}`, '')).statusCode).toBe(200);
    const again = await page('GET', `/email/unsubscribe/${token}`);
    expect(again.body).toContain('est déjà désinscrite de tous nos e-mails');
    const back = await page('POST', `/email/preferences/${token}`, 'action=resubscribe');
    expect(back.body).toContain('vous recevrez à nouveau nos e-mails');
    expect(await suppression('zoe.durand@cabinet-durand.fr')).toBeUndefined();
  });

  it('takes the RFC 8058 one-click POST, form-encoded or multipart, and keeps the campaign', async () => {
    const campaign = '0195f4a0-0000-7000-8000-0000000000aa';
    const one = await page(
      'POST',
      `/email/unsubscribe/${tokenFor('one@click.fr', { c: campaign })}`,
      'List-Unsubscribe=One-Click',
    );
    expect(one.statusCode).toBe(200);
    expect(one.body).toBe('OK');
    expect(await suppression('one@click.fr')).toMatchObject({ source: 'one_click', campaign_id: campaign });
    const boundary = '----x';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const two = await page(
      'POST',
      `/email/unsubscribe/${tokenFor('Two@Click.fr')}`,
      multipart,
      `multipart/form-data; boundary=${boundary}`,
    );
    expect(two.body).toBe('OK');
    // Addresses are one whatever their case.
    expect(await suppression('two@click.fr')).toMatchObject({ reason: 'unsubscribed', source: 'one_click' });
  });

  it('keeps the topics turned off in the preference centre, all checked at first', async () => {
    const token = tokenFor('prefs@cabinet.fr', { l: 'en' });
    const get = await page('GET', `/email/preferences/${token}`);
    expect(get.body).toContain('<html lang="en">');
    expect(get.body.match(/ checked>/g)?.length).toBe(4);
    const saved = await page('POST', `/email/preferences/${token}`, 'action=save&receive=newsletter&receive=event');
    expect(saved.body).toContain('Your choices are saved.');
    expect(await topicsOff('prefs@cabinet.fr')).toEqual(['fund_launch', 'market_insight']);
    expect(saved.body).toContain('value="newsletter" checked>');
    expect(saved.body).toContain('value="fund_launch">');
  });

  it('lets nobody undo an administrator’s suppression from the page, and shows a French page for a bad link', async () => {
    expect((await people.managerA.c.post('/api/v1/email-suppressions', { address: 'blocked@x.fr' })).status).toBe(201);
    const token = tokenFor('blocked@x.fr');
    expect((await page('GET', `/email/preferences/${token}`)).body).toContain('Pour la réactiver, écrivez-nous.');
    await page('POST', `/email/preferences/${token}`, 'action=resubscribe');
    expect(await suppression('blocked@x.fr')).toMatchObject({ reason: 'manual' });

    const bad = await page('GET', '/email/unsubscribe/abc.def.ghi');
    expect(bad.statusCode).toBe(404);
    expect(bad.body).toContain('Ce lien n’est pas valide');
    expect((await page('POST', '/email/unsubscribe/%3Cscript%3E', '')).statusCode).toBe(404);
    const preview = await page('GET', '/email/preferences/preview');
    expect(preview.body).toContain('Ceci est un aperçu');
  });
});

describe('the suppression list and consents (API)', () => {
  it('lists with counts for managers and admins, adds by hand once, and only an admin removes', async () => {
    const { admin, managerA, userA, viewerA } = people;
    expect((await userA.c.get('/api/v1/email-suppressions')).status).toBe(403);
    expect((await viewerA.c.get('/api/v1/email-suppressions')).status).toBe(403);
    const added = await admin.c.post('/api/v1/email-suppressions', {
      address: ' Lettre@Recue.FR ',
      detail: 'courrier',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ address: 'lettre@recue.fr', reason: 'manual', source: 'admin' });
    const twice = await managerA.c.post('/api/v1/email-suppressions', { address: 'lettre@recue.fr' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('email_suppression.already_exists');
    const list = await managerA.c.get('/api/v1/email-suppressions?q=recue');
    expect(list.body.items.map((i: { address: string }) => i.address)).toEqual(['lettre@recue.fr']);
    expect(list.body.counts.manual).toBeGreaterThanOrEqual(2);
    const page1 = await admin.c.get('/api/v1/email-suppressions?limit=1');
    expect(page1.body.items).toHaveLength(1);
    const page2 = await admin.c.get(`/api/v1/email-suppressions?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expect((await admin.c.get('/api/v1/email-suppressions?cursor=zzz')).status).toBe(400);
    expect((await managerA.c.delete('/api/v1/email-suppressions/lettre@recue.fr')).status).toBe(403);
    expect((await admin.c.delete('/api/v1/email-suppressions/lettre@recue.fr')).status).toBe(204);
    expect((await admin.c.delete('/api/v1/email-suppressions/lettre@recue.fr')).status).toBe(404);
  });

  it('records the basis, source and date of a consent, never in the future, and not by a viewer', async () => {
    const { userA, viewerA } = people;
    const url = '/api/v1/email-consents/Camille@Cabinet.fr';
    const none = await userA.c.get(url);
    expect(none.body).toMatchObject({ address: 'camille@cabinet.fr', basis: null, suppressed: null, topicsOff: [] });
    const put = await userA.c.put(url, {
      basis: 'consent',
      source: 'formulaire salon Patrimonia 2026',
      collectedAt: '2026-09-24T10:00:00.000Z',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await userA.c.get(url)).body).toMatchObject({
      basis: 'consent',
      source: 'formulaire salon Patrimonia 2026',
      collectedAt: '2026-09-24T10:00:00.000Z',
    });
    const future = await userA.c.put(url, { basis: 'consent', source: 'x', collectedAt: '2999-01-01T00:00:00Z' });
    expect(future.status).toBe(400);
    expect(future.body.code).toBe('email_consent.invalid');
    expect((await viewerA.c.put(url, { basis: 'consent', source: 'x' })).status).toBe(403);
    expect((await userA.c.get('/api/v1/email-consents/not-an-address')).status).toBe(400);
  });
});
