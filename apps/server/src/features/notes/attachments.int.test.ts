import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createOrganisation, createPerson, twoTeams } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { ATTACHMENT_MAX_BYTES } from './attachments.service.ts';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function multipart(fileName: string, mimeType: string, content: Buffer) {
  const boundary = `----crm${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mimeType}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, type: `multipart/form-data; boundary=${boundary}` };
}

describe('attachments API', () => {
  let t: TestApp;
  let who: Awaited<ReturnType<typeof twoTeams>>;
  let userA: Caller;
  let userB: Caller;
  let orgA: string;

  beforeAll(async () => {
    t = await createTestApp();
    who = await twoTeams(t);
    userA = who.userA;
    userB = who.userB;
    orgA = (await createOrganisation(userA.c, { name: 'Acme Gestion' })).id;
  });
  afterAll(async () => t?.close());

  const upload = (c: Caller, url: string, fileName: string, mimeType: string, content: Buffer) => {
    const m = multipart(fileName, mimeType, content);
    return t.app.inject({ method: 'POST', url, headers: { ...c.headers, 'content-type': m.type }, payload: m.payload });
  };

  it('uploads a PDF, lists it, downloads the same bytes with safe headers, then deletes it (audited)', async () => {
    const res = await upload(
      userA,
      `/api/v1/organisations/${orgA}/attachments`,
      'Présentation Q1; v2.pdf',
      'application/pdf',
      PDF,
    );
    expect(res.statusCode, res.body).toBe(201);
    const att = res.json();
    expect(att).toMatchObject({
      entityType: 'organisation',
      entityId: orgA,
      fileName: 'Présentation Q1; v2.pdf',
      mimeType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      uploadedBy: userA.id,
    });
    expect(att.storageKey).toBeUndefined();
    const list = await who.userA2.c.get(`/api/v1/organisations/${orgA}/attachments`);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([att.id]);

    const dl = await t.app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${att.id}/download`,
      headers: userA.headers,
    });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PDF)).toBe(true);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.headers['content-disposition']).toBe(
      `attachment; filename="Pr_sentation Q1; v2.pdf"; filename*=UTF-8''Pr%C3%A9sentation%20Q1%3B%20v2.pdf`,
    );

    expect((await who.userA2.c.delete(`/api/v1/attachments/${att.id}`)).status).toBe(403);
    expect((await userA.c.delete(`/api/v1/attachments/${att.id}`)).status).toBe(204);
    expect((await userA.c.get(`/api/v1/attachments/${att.id}/download`)).status).toBe(404);
    const audit = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, att.id));
    expect(audit.map((r) => r.action)).toEqual(['create', 'delete']);
  });

  it('accepts images and text on people', async () => {
    const person = await createPerson(userA.c);
    expect(
      (await upload(userA, `/api/v1/people/${person.id}/attachments`, 'logo.png', 'image/png', PNG)).statusCode,
    ).toBe(201);
    const csv = Buffer.from('nom;ville\nAcme;Paris\n');
    expect(
      (await upload(userA, `/api/v1/people/${person.id}/attachments`, 'liste.csv', 'text/csv', csv)).statusCode,
    ).toBe(201);
  });

  it('refuses types that are not allowed or whose content does not match, with 415', async () => {
    const url = `/api/v1/organisations/${orgA}/attachments`;
    const exe = await upload(userA, url, 'setup.exe', 'application/x-msdownload', Buffer.from('MZ\x90\x00'));
    expect(exe.statusCode).toBe(415);
    expect(exe.json().code).toBe('attachment.type_not_allowed');
    const html = await upload(userA, url, 'page.html', 'text/html', Buffer.from('<script>alert(1)</script>'));
    expect(html.statusCode).toBe(415);
    const fakePdf = await upload(userA, url, 'faux.pdf', 'application/pdf', Buffer.from('MZ not a pdf'));
    expect(fakePdf.statusCode).toBe(415);
    expect(fakePdf.json().code).toBe('attachment.type_not_allowed');
    const pdfAsText = await upload(userA, url, 'doc.txt', 'text/plain', PDF);
    expect(pdfAsText.statusCode).toBe(415);
    expect((await userA.c.get(`/api/v1/organisations/${orgA}/attachments`)).body.items).toEqual([]);
  });

  it('refuses files over the limit with 413', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(ATTACHMENT_MAX_BYTES, 0x20)]);
    const res = await upload(userA, `/api/v1/organisations/${orgA}/attachments`, 'gros.pdf', 'application/pdf', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('attachment.too_large');
  });

  it('never shows team A attachments to team B', async () => {
    const res = await upload(userA, `/api/v1/organisations/${orgA}/attachments`, 'secret.pdf', 'application/pdf', PDF);
    const id = res.json().id as string;
    expect((await userB.c.get(`/api/v1/organisations/${orgA}/attachments`)).status).toBe(404);
    expect((await userB.c.get(`/api/v1/attachments/${id}/download`)).status).toBe(404);
    expect((await userB.c.delete(`/api/v1/attachments/${id}`)).status).toBe(404);
    const intrusion = await upload(userB, `/api/v1/organisations/${orgA}/attachments`, 'x.pdf', 'application/pdf', PDF);
    expect(intrusion.statusCode).toBe(404);
    const viewer = await upload(
      who.viewerA,
      `/api/v1/organisations/${orgA}/attachments`,
      'x.pdf',
      'application/pdf',
      PDF,
    );
    expect(viewer.statusCode).toBe(403);
  });
});
