import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV } from '../../../test/auth-helpers.ts';
import { type Caller, createOrganisation, createPerson, twoTeams } from '../../../test/factories.ts';
import { SmtpInbox } from '../../../test/fakes/smtp-inbox.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let inbox: SmtpInbox;
let people: Awaited<ReturnType<typeof twoTeams>>;

beforeAll(async () => {
  inbox = await new SmtpInbox().start();
  t = await createTestApp({ env: { ...AUTH_TEST_ENV, SMTP_URL: inbox.url }, worker: true });
  people = await twoTeams(t);
});
afterAll(async () => {
  await t?.close();
  await inbox?.close();
});

const body = {
  name: 'Lancement du fonds',
  subject: 'Bonjour {{ contact.firstName }}, un fonds pour {{ organisation.name }}',
  preheader: 'Nouvelle part I',
  bodyHtml:
    '<p>Bonjour {{ contact.firstName }},</p><p onclick="x()">Notre fonds<script>alert(1)</script></p><p><a href="{{ unsubscribeUrl }}">stop</a></p>',
  locale: 'fr',
};

async function template(c: Caller['c'], over: Record<string, unknown> = {}) {
  const res = await c.post('/api/v1/email-templates', { ...body, ...over });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; bodyHtml: string; ownerId: string };
}

describe('e-mail templates', () => {
  it('creates a template with its body sanitised, lists it to everyone, and lets only its author’s side change it', async () => {
    const { userA, userA2, managerA, userB, viewerA, admin } = people;
    const tpl = await template(userA.c);
    expect(tpl.bodyHtml).toBe(
      '<p>Bonjour {{ contact.firstName }},</p><p>Notre fonds</p><p><a href="{{ unsubscribeUrl }}">stop</a></p>',
    );
    expect(tpl.ownerId).toBe(userA.id);
    for (const who of [userB, viewerA]) {
      const list = await who.c.get('/api/v1/email-templates');
      expect(list.status).toBe(200);
      expect((list.body as { items: { id: string }[] }).items.map((i) => i.id)).toContain(tpl.id);
    }
    // Another sales person (same team or not) and a viewer may not change it; the team's manager and an admin may.
    for (const who of [userA2, userB, viewerA]) {
      const res = await who.c.patch(`/api/v1/email-templates/${tpl.id}`, { name: 'x' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('auth.forbidden');
    }
    expect((await viewerA.c.post('/api/v1/email-templates', body)).status).toBe(403);
    expect((await managerA.c.patch(`/api/v1/email-templates/${tpl.id}`, { name: 'Par le manager' })).status).toBe(200);
    expect((await admin.c.patch(`/api/v1/email-templates/${tpl.id}`, { locale: 'en' })).body.locale).toBe('en');
    expect((await userA.c.delete(`/api/v1/email-templates/${tpl.id}`)).status).toBe(204);
    expect((await userA.c.get(`/api/v1/email-templates/${tpl.id}`)).status).toBe(404);
  });

  it('refuses a template that cannot be rendered, naming the part and the variable, and saves nothing', async () => {
    const { userA } = people;
    const before = ((await userA.c.get('/api/v1/email-templates')).body as { items: unknown[] }).items.length;
    const bad = await userA.c.post('/api/v1/email-templates', { ...body, bodyHtml: '<p>{{ contact.secret }}</p>' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('template.unknown_variable');
    expect(bad.body.errors[0]).toMatchObject({ path: 'body.bodyHtml', code: 'unknown_variable' });
    const include = await userA.c.post('/api/v1/email-templates', { ...body, subject: '{% include "x" %}' });
    expect(include.body.code).toBe('template.forbidden_tag');
    const scripts = await userA.c.post('/api/v1/email-templates', { ...body, bodyHtml: '<script>1</script>' });
    expect(scripts.status).toBe(400);
    expect(scripts.body.code).toBe('template.syntax_error');
    const tpl = await template(userA.c);
    const patch = await userA.c.patch(`/api/v1/email-templates/${tpl.id}`, { subject: '{{ nope }}' });
    expect(patch.body.code).toBe('template.unknown_variable');
    expect((await userA.c.get(`/api/v1/email-templates/${tpl.id}`)).body.subject).toBe(body.subject);
    expect(((await userA.c.get('/api/v1/email-templates')).body as { items: unknown[] }).items.length).toBe(before + 1);
  });

  it('previews with a real contact the caller may see, with sample values otherwise, and never another team’s', async () => {
    const { userA, userB, admin } = people;
    expect(
      (
        await admin.c.put('/api/v1/marketing/settings', {
          companyName: 'Alforis Finance',
          postalAddress: '10 rue de la Paix, 75002 Paris',
        })
      ).status,
    ).toBe(200);
    const org = await createOrganisation(userA.c, { name: 'Cabinet Durand & Fils', city: 'Lyon' });
    const person = await createPerson(userA.c, { firstName: 'Zoé', lastName: 'Durand', organisationId: org.id });
    const tpl = await template(userA.c);

    const mine = await userA.c.post(`/api/v1/email-templates/${tpl.id}/preview`, { personId: person.id });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.subject).toBe('Bonjour Zoé, un fonds pour Cabinet Durand & Fils');
    expect(mine.body.html).toContain('Bonjour Zoé,');
    expect(mine.body.html).toContain('Vous recevez ce message de Alforis Finance, 10 rue de la Paix, 75002 Paris.');
    expect(mine.body.text).toMatch(/^Bonjour Zoé,\n\nNotre fonds/);
    expect(mine.body.personId).toBe(person.id);

    const sample = await userA.c.post(`/api/v1/email-templates/${tpl.id}/preview`, {});
    expect(sample.body.subject).toBe('Bonjour Camille, un fonds pour Cabinet Martin Patrimoine');

    // A draft being edited renders without being saved.
    const draft = await userA.c.post('/api/v1/email-templates/preview', {
      personId: person.id,
      draft: { subject: 'Brouillon pour {{ contact.lastName }}', bodyHtml: '<p>Essai</p>' },
    });
    expect(draft.body.subject).toBe('Brouillon pour Durand');

    // Someone of another team cannot preview with this contact: the same 404 as reading it.
    const other = await userB.c.post(`/api/v1/email-templates/${tpl.id}/preview`, { personId: person.id });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('person.not_found');
  });

  it('sends me a test: the rendered mail to my own address only, through the outbox, HTML and text', async () => {
    const { userA, viewerA } = people;
    const person = await createPerson(userA.c, { firstName: 'Inès', lastName: 'Lefèvre' });
    const tpl = await template(userA.c);
    const res = await userA.c.post(`/api/v1/email-templates/${tpl.id}/test`, { personId: person.id });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const me = res.body.to as string;
    expect(me).toMatch(/@/);
    const mail = await simpleParser((await inbox.waitFor(me)).raw);
    expect(mail.subject).toBe('[Test] Bonjour Inès, un fonds pour');
    expect(mail.html).toContain('Bonjour Inès,');
    expect(mail.text).toMatch(/^Bonjour Inès,/);
    // A body field naming another address is refused by the schema; a viewer sends no test.
    expect((await userA.c.post(`/api/v1/email-templates/${tpl.id}/test`, { to: 'x@evil.example' })).status).toBe(400);
    expect((await viewerA.c.post(`/api/v1/email-templates/${tpl.id}/test`, {})).status).toBe(403);
  });

  it('lists the variables with sample values, and keeps the marketing sender for administrators to set', async () => {
    const { userA, admin } = people;
    const vars = await userA.c.get('/api/v1/email-templates/variables');
    expect(vars.body.items).toContainEqual({ name: 'contact.firstName', sample: 'Camille' });
    expect(
      (await userA.c.put('/api/v1/marketing/settings', { companyName: 'X', postalAddress: 'Quelque part' })).status,
    ).toBe(403);
    const bad = await admin.c.put('/api/v1/marketing/settings', {
      companyName: 'X',
      postalAddress: 'Rue',
      replyTo: 'nope',
    });
    expect(bad.status).toBe(400);
    expect((await userA.c.get('/api/v1/marketing/settings')).body.companyName).toBe('Alforis Finance');
  });
});
