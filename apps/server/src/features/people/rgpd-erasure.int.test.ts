import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  createInteraction,
  createMandat,
  createNote,
  createOrganisation,
  createPerson,
  createTask,
  twoTeams,
} from '../../../test/factories.ts';
import { WebhookReceiver } from '../../../test/fakes/webhook-receiver.ts';
import { multipartBody } from '../../../test/imports.ts';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { rowsOf } from '../../platform/db/client.ts';

const FAST = {
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOKS_RETRY_SCHEDULE: '1h',
  WEBHOOKS_TIMEOUT_SECONDS: '2',
  WEBHOOKS_POLL_MS: '50',
  WEBHOOKS_RATE_PER_SECOND: '1000',
};

/** Values found nowhere else, so that a scan of the whole database finds only the person's copies. */
const P = {
  firstName: 'Zéphyrine',
  lastName: 'Quokkaberg',
  email: 'zephyrine.quokkaberg@rgpd-erasure.test',
  personalEmail: 'zq.perso@rgpd-erasure.test',
  phone: '+33 1 97 35 79 13',
  mobile: '+33 6 97 35 79 14',
  linkedinUrl: 'https://www.linkedin.com/in/zquokkaberg',
};
const WORK = { workEmail: 'zq.travail@rgpd-erasure.test', workPhone: '+33 1 97 35 79 15' };
const FULL = `${P.firstName} ${P.lastName}`;
const DISTINCTIVE = [
  P.firstName,
  P.lastName,
  P.email,
  P.personalEmail,
  P.phone,
  P.mobile,
  P.linkedinUrl,
  ...Object.values(WORK),
];

/** Every text, varchar, json(b) and array column of every table of the database, read as text. */
async function columnsHolding(t: TestApp, needles: string[]): Promise<string[]> {
  const db = t.deps.database.db;
  const cols = rowsOf<{ table_schema: string; table_name: string; column_name: string }>(
    await db.execute(sql`
      select c.table_schema, c.table_name, c.column_name
      from information_schema.columns c
      join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
      where tb.table_type = 'BASE TABLE'
        and c.table_schema not in ('pg_catalog', 'information_schema')
        and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED'))`),
  );
  expect(cols.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const c of cols) {
    const ref = sql.raw(`"${c.table_schema}"."${c.table_name}"`);
    const col = sql.raw(`"${c.column_name}"`);
    for (const needle of needles) {
      const [hit] = rowsOf<{ n: number }>(
        await db.execute(
          sql`select count(*)::int as n from ${ref} where strpos(lower(${col}::text), lower(${needle})) > 0`,
        ),
      );
      if ((hit?.n ?? 0) > 0) found.push(`${c.table_schema}.${c.table_name}.${c.column_name} holds ${needle}`);
    }
  }
  return found;
}

describe('RGPD erasure: every copy of a person goes, the audit chain holds', () => {
  let t: TestApp;
  let rx: WebhookReceiver;
  let admin: Caller;
  let manager: Caller;
  let user: Caller;

  beforeAll(async () => {
    t = await createTestApp({ worker: true, env: FAST });
    rx = await WebhookReceiver.start();
    const who = await twoTeams(t);
    admin = who.admin;
    manager = who.managerA;
    user = who.userA;
  });
  afterAll(async () => {
    await t?.close();
    await rx?.close();
  });

  it('scrubs the person from every table, keeps other people’s data, and the chain still verifies', async () => {
    // A receiver that takes everything, and one that refuses at first: its deliveries wait (retry in an hour).
    const ok = (await admin.c.post('/api/v1/webhooks', { url: rx.url, eventTypes: ['*'] })).body;
    const late = await WebhookReceiver.start();
    late.react = () => ({ kind: 'status', status: 503 });
    const slow = (await admin.c.post('/api/v1/webhooks', { url: late.url, eventTypes: ['contact.created'] })).body;
    rx.secrets = [ok.secret];
    late.secrets = [slow.secret];

    const org = await createOrganisation(user.c, { name: 'Cabinet Erasure', notes: `Interlocutrice : ${FULL}` });
    const p = await createPerson(user.c, { ...P, notes: 'Préfère les appels le matin', organisationId: org.id });
    const link = (await user.c.get(`/api/v1/people/${p.id}/organisations`)).body.items[0];
    expect((await user.c.patch(`/api/v1/people/${p.id}/organisations/${link.id}`, WORK)).status).toBe(200);
    // An earlier e-mail, changed since: still in the events and the audit trail of the time.
    const oldEmail = 'zq.ancienne@rgpd-erasure.test';
    expect((await user.c.patch(`/api/v1/people/${p.id}`, { email: oldEmail })).status).toBe(200);
    expect((await user.c.patch(`/api/v1/people/${p.id}`, { email: P.email })).status).toBe(200);
    const other = await createPerson(user.c, { firstName: 'Paul', lastName: 'Martinez', notes: `Collègue de ${FULL}` });

    const call = await createInteraction(user.c, {
      personId: p.id,
      title: `Appel avec ${FULL} et Paul Martinez`,
      body: `Rappeler au ${P.mobile} ou ${P.email}`,
    });
    // Assigned by a manager: the assignee gets a notification naming the task.
    const task = await createTask(manager.c, {
      personId: p.id,
      title: `Envoyer la plaquette à ${FULL}`,
      assigneeId: user.id,
    });
    await createNote(user.c, { personId: p.id, body: `<p>${FULL} aime le golf</p>` });
    const mandat = await createMandat(user.c, {
      organisationId: org.id,
      primaryContactId: p.id,
      title: `Mandat ${FULL}`,
    });
    const file = multipartBody(
      {},
      { name: `CV ${FULL}.pdf`, type: 'application/pdf', content: Buffer.from('%PDF-1.7\n%%EOF\n') },
    );
    const att = await t.app.inject({
      method: 'POST',
      url: `/api/v1/people/${p.id}/attachments`,
      headers: { ...user.headers, 'content-type': file.contentType },
      payload: file.payload,
    });
    expect(att.statusCode, att.body).toBe(201);
    const saved = await user.c.post('/api/v1/segments', {
      entity: 'people',
      name: `Suivi ${FULL}`,
      filters: { q: FULL },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    // An import whose dry run previews the person's row.
    const csv = `Prénom,Nom,Email,Téléphone\n${P.firstName},${P.lastName},${P.email},${P.phone}\n`;
    const up = multipartBody(
      { entity: 'people' },
      { name: 'contacts.csv', type: 'text/csv', content: Buffer.from(csv) },
    );
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...manager.headers, 'content-type': up.contentType },
      payload: up.payload,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const imp = upload.json();
    expect(
      (await manager.c.post(`/api/v1/imports/${imp.id}/dry-run`, { mapping: imp.suggestedMapping, duplicates: 'skip' }))
        .status,
    ).toBe(202);
    await waitFor(
      async () => ((await manager.c.get(`/api/v1/imports/${imp.id}`)).body.status === 'validated' ? true : null),
      20_000,
    );

    // Wait for the outbox: deliveries sent to `ok`, the notification of the assigned task, one waiting delivery.
    await waitFor(async () => (rx.received.some((r) => r.body.includes(task.id)) ? true : null));
    await waitFor(async () => (late.received.length > 0 ? true : null));
    const db = t.deps.database.db;
    // (read with SQL: the webhooks feature's tables are its own)
    const [waiting] = rowsOf<{ id: string; status: string; body: string }>(
      await db.execute(sql`select id, status, body from webhook_deliveries
        where endpoint_id = ${slow.id} and event_type = 'contact.created'`),
    );
    expect(waiting?.status).toBe('pending');
    expect(waiting?.body).toContain(P.lastName);

    // Before: the export names every place that holds the person's values.
    const exported = await admin.c.get(`/api/v1/people/${p.id}/rgpd-export`);
    expect(exported.status).toBe(200);
    const places = exported.body.places as Record<string, string[]>;
    for (const place of [
      'events',
      'webhookDeliveries',
      'interactions',
      'tasks',
      'notes',
      'attachments',
      'mandats',
      'notifications',
      'imports',
      'savedViews',
      'organisations',
      'people',
      'auditLog',
    ]) {
      expect(places[place]?.length ?? 0, place).toBeGreaterThan(0);
    }
    expect(places.interactions).toContain(call.id);
    expect(places.tasks).toContain(task.id);
    expect(places.mandats).toContain(mandat.id);
    expect(places.organisations).toContain(org.id);
    expect(places.people).toContain(other.id);
    expect(places.imports).toContain(imp.id);
    // Listing the places changed nothing.
    const before = await columnsHolding(t, [P.lastName]);
    for (const col of ['events.payload', 'audit_log.changes', 'webhook_deliveries.body', 'interactions.title']) {
      expect(before).toContain(`public.${col} holds ${P.lastName}`);
    }

    // The reason is required and bounded.
    expect((await manager.c.post(`/api/v1/people/${p.id}/anonymise`, {})).status).toBe(400);
    expect((await manager.c.post(`/api/v1/people/${p.id}/anonymise`, { reason: 'x'.repeat(501) })).status).toBe(400);
    const reason = `Demande écrite de ${FULL} du 3 mars`;
    const res = await manager.c.post(`/api/v1/people/${p.id}/anonymise`, { reason });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.reason).toBe('Demande écrite de [contact anonymisé] du 3 mars');
    expect(res.body.person).toMatchObject({ id: p.id, firstName: 'Anonyme', anonymisationReason: res.body.reason });
    expect(res.body.erased.interactions).toBeGreaterThan(0);
    expect(res.body.erased.auditLog).toBeGreaterThan(0);

    // After: no column of any table holds any of the values (the old e-mail included).
    expect(await columnsHolding(t, [...DISTINCTIVE, oldEmail])).toEqual([]);
    // Other people's data stays, around the placeholder.
    expect((await user.c.get(`/api/v1/interactions/${call.id}`)).body.title).toBe(
      'Appel avec [contact anonymisé] et Paul Martinez',
    );
    expect((await user.c.get(`/api/v1/people/${other.id}`)).body).toMatchObject({
      firstName: 'Paul',
      lastName: 'Martinez',
      notes: 'Collègue de [contact anonymisé]',
    });
    // The audit chain verifies, and the anonymisation is audited with its reason.
    const verify = await admin.c.get('/api/v1/audit/verify');
    expect(verify.body, JSON.stringify(verify.body)).toMatchObject({ ok: true });
    const trail = await admin.c.get(`/api/v1/audit?entityType=person&entityId=${p.id}&action=anonymise`);
    expect(trail.body.items[0].metadata).toMatchObject({ reason: res.body.reason });

    // The waiting delivery is sent now: the receiver gets the placeholder, never the name.
    late.react = () => ({ kind: 'status', status: 204 });
    await db.execute(sql`update webhook_deliveries set next_attempt_at = now() where id = ${waiting?.id}`);
    await waitFor(async () => (late.acknowledged().length > 0 ? true : null));
    const sent = late.acknowledged()[0];
    expect(sent?.verified).toBe(true);
    expect(sent?.body).toContain('[contact anonymisé]');
    for (const v of DISTINCTIVE) expect(sent?.body).not.toContain(v);
    await late.close();
  });
});
