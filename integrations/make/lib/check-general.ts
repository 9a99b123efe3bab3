import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CreateWebhookBody } from '../../../apps/server/src/features/webhooks/webhooks.contracts.ts';
import { EMITTED_EVENT_TYPES, EVENT_RECORDS, findRoute, samplePayload } from './api-contracts.ts';
import type { Checker } from './checker.ts';
import { evaluateIml } from './iml.ts';
import { Base, Communication, Groups, type Manifest, NamedParams, WebhookCommunication } from './make-schemas.ts';

/** Every `*.iml.json` of the app is listed in makecomapp.json (a file Make would never receive is a mistake). */
export function checkNoOrphanFiles(c: Checker, manifest: Manifest) {
  const listed = new Set<string>(Object.values(manifest.generalCodeFiles).filter((p): p is string => Boolean(p)));
  for (const components of Object.values(manifest.components)) {
    for (const meta of Object.values(components as Record<string, { codeFiles?: Record<string, string> }>)) {
      for (const p of Object.values(meta.codeFiles ?? {})) listed.add(p);
    }
  }
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.iml.json') ? [join(dir, e.name)] : [],
    );
  for (const file of walk(c.dir)) {
    const rel = relative(c.dir, file).split('\\').join('/');
    c.ok(listed.has(rel), `${rel} is not listed in makecomapp.json`);
  }
}

export function checkBase(c: Checker, manifest: Manifest) {
  const where = 'base';
  const base = c.parse(Base, c.readJson(manifest.generalCodeFiles.base, where), where);
  if (!base) return;
  c.imlRoots(base, ['connection', 'body', 'statusCode'], where);
  c.ok(base.baseUrl === '{{connection.baseUrl}}', `${where}: baseUrl must be {{connection.baseUrl}}`);
  c.ok(
    base.headers.Authorization === 'Bearer {{connection.apiKey}}',
    `${where}: headers.Authorization must be "Bearer {{connection.apiKey}}"`,
  );
  const { message, type: _t, ...byStatus } = base.response.error;
  const messages = [message, ...Object.values(byStatus).map((e) => e.message)];
  for (const [status, e] of Object.entries(byStatus)) c.ok(e.type, `${where}: error ${status} needs a type`);
  for (const m of messages.filter((x): x is string => typeof x === 'string')) {
    c.ok(
      m.includes('body.detail') && m.includes('body.title'),
      `${where}: error message "${m}" must show body.detail or body.title (problem+json)`,
    );
  }
  c.ok(
    base.log.sanitize.map((s) => s.toLowerCase()).includes('request.headers.authorization'),
    `${where}: log.sanitize must hide request.headers.authorization`,
  );
}

export function checkConnections(c: Checker, manifest: Manifest) {
  const entries = Object.entries(manifest.components.connection);
  c.ok(entries.length === 1, 'the app has exactly one connection (the API key)');
  for (const [id, meta] of entries) {
    const where = `connection ${id}`;
    const params = c.parse(NamedParams, c.readJson(meta.codeFiles.params, where), `${where} params`);
    const baseUrl = params?.find((p) => p.name === 'baseUrl');
    const apiKey = params?.find((p) => p.name === 'apiKey');
    c.ok(baseUrl?.required && baseUrl.type === 'text', `${where}: a required text parameter baseUrl`);
    c.ok(apiKey?.required && apiKey.type === 'password', `${where}: a required password parameter apiKey`);
    const comm = c.parse(Communication, c.readJson(meta.codeFiles.communication, where), `${where} communication`);
    if (!comm) continue;
    c.imlRoots(comm, ['parameters', 'body', 'statusCode'], `${where} communication`);
    c.ok(
      comm.url === '{{parameters.baseUrl}}/api/v1/auth/me' && comm.method === 'GET',
      `${where}: the validation call is GET {{parameters.baseUrl}}/api/v1/auth/me`,
    );
    c.ok(
      comm.headers?.Authorization === 'Bearer {{parameters.apiKey}}',
      `${where}: the validation call sends Authorization: Bearer {{parameters.apiKey}}`,
    );
    const me = findRoute('GET', '/api/v1/auth/me')?.response;
    const user = me?.shape.user as unknown as { shape: Record<string, unknown> } | undefined;
    c.ok(
      comm.response?.metadata?.value === '{{body.user.email}}' && user && 'email' in user.shape,
      `${where}: the connection is labelled with {{body.user.email}} of GET /auth/me`,
    );
  }
}

export interface HookInfo {
  event: string;
  /** The key of the record in the event's `data` (`person`, `mandat`...). */
  recordKey: string;
}

export function checkWebhooks(c: Checker, manifest: Manifest): Map<string, HookInfo> {
  const hooks = new Map<string, HookInfo>();
  for (const [id, meta] of Object.entries(manifest.components.webhook)) {
    const where = `webhook ${id}`;
    c.ok(meta.webhookType === 'web', `${where}: a dedicated webhook (webhookType web)`);
    c.ok(meta.connection && meta.connection in manifest.components.connection, `${where}: its connection exists`);
    c.parse(NamedParams, c.readJson(meta.codeFiles.params, where), `${where} params`);

    const attach = c.parse(Communication, c.readJson(meta.codeFiles.attach, where), `${where} attach`);
    let event: string | undefined;
    if (attach) {
      c.imlRoots(attach, ['webhook', 'parameters', 'body'], `${where} attach`);
      const route = findRoute(attach.method, attach.url);
      c.ok(route?.path === '/api/v1/webhooks' && attach.method === 'POST', `${where}: attach is POST /api/v1/webhooks`);
      const body = evaluateIml(attach.body, { webhook: { url: 'https://hook.eu1.make.com/abc123' } });
      const parsed = CreateWebhookBody.safeParse(body);
      c.ok(parsed.success, `${where}: the attach body does not fit CreateWebhookBody: ${parsed.error?.message}`);
      const b = attach.body as Record<string, unknown> | undefined;
      c.ok(b?.url === '{{webhook.url}}', `${where}: attach subscribes {{webhook.url}}`);
      c.ok(b?.source === 'make', `${where}: attach marks the subscription source: make`);
      const types = Array.isArray(b?.eventTypes) ? (b.eventTypes as string[]) : [];
      c.ok(types.length === 1, `${where}: attach subscribes exactly one event type`);
      event = types[0];
      c.ok(event && EMITTED_EVENT_TYPES.includes(event), `${where}: ${event} is an event type the CRM emits`);
      c.ok(
        attach.response?.data?.externalHookId === '{{body.id}}' && route?.response && 'id' in route.response.shape,
        `${where}: attach stores the CRM's webhook id as response.data.externalHookId = {{body.id}}`,
      );
    }

    const detach = c.parse(Communication, c.readJson(meta.codeFiles.detach, where), `${where} detach`);
    if (detach) {
      c.imlRoots(detach, ['webhook', 'body'], `${where} detach`);
      c.ok(
        detach.method === 'DELETE' &&
          detach.url === '/api/v1/webhooks/{{webhook.externalHookId}}' &&
          findRoute(detach.method, detach.url),
        `${where}: detach is DELETE /api/v1/webhooks/{{webhook.externalHookId}}`,
      );
    }

    const comm = c.parse(
      WebhookCommunication,
      c.readJson(meta.codeFiles.communication, where),
      `${where} communication`,
    );
    if (comm && event) {
      c.imlRoots(comm, ['body'], `${where} communication`);
      const key = /^\{\{body\.data\.([A-Za-z]+)\}\}$/.exec(comm.output)?.[1];
      const data = samplePayload(event) ?? {};
      c.ok(
        key && key in data && key in EVENT_RECORDS,
        `${where}: output must be {{body.data.<record>}} with a record of ${event}'s data (${Object.keys(data).join(', ')})`,
      );
      if (key) hooks.set(id, { event, recordKey: key });
    }
  }
  return hooks;
}

export function checkGroups(c: Checker, manifest: Manifest) {
  const path = manifest.generalCodeFiles.groups;
  if (!c.ok(path, 'groups: the app lists its modules in groups')) return;
  const groups = c.parse(Groups, c.readJson(path as string, 'groups'), 'groups');
  if (!groups) return;
  const grouped = new Set(groups.flatMap((g) => g.modules));
  for (const m of grouped) c.ok(m in manifest.components.module, `groups: module ${m} does not exist`);
  for (const m of Object.keys(manifest.components.module)) c.ok(grouped.has(m), `groups: module ${m} is in no group`);
}
