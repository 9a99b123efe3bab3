import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** A multipart/form-data body with text fields and one `file` part. */
export function multipartBody(fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) {
  const boundary = `----crm${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads a CSV to `POST /api/v1/imports`; answers the status and the body. */
export async function uploadCsv(app: FastifyInstance, headers: Record<string, string>, entity: string, csv: string) {
  const body = multipartBody({ entity }, { name: `${entity}.csv`, type: 'text/csv', content: Buffer.from(csv) });
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    headers: { ...headers, 'content-type': body.contentType },
    payload: body.payload,
  });
  return { status: res.statusCode, body: res.json() };
}

/** A contacts CSV of `n` rows: `prefix-<i>@example.test`, a company every few rows. */
export function contactsCsv(n: number, prefix: string, companies = 7): string {
  const lines = ['Prénom,Nom,E-mail,Société'];
  for (let i = 0; i < n; i++)
    lines.push(`Jean${i},Dupont${prefix}${i},${prefix}-${i}@example.test,${prefix} Société ${i % companies}`);
  return `${lines.join('\n')}\n`;
}
