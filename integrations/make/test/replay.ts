/**
 * Test only: a PARTIAL EMULATION of how Make runs the app's requests, to replay them against a CRM on 127.0.0.1.
 * Make evaluates IML and sends requests on its own servers; what is emulated here is only what this app's files
 * use (lib/iml.ts for the templates; here: base URL and headers, qs, JSON body, error messages, iterate, output,
 * limit, attach data, connection metadata). Any other directive throws, so it cannot be silently skipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateIml, type ImlContext } from '../lib/iml.ts';
import { Base, Communication, Manifest, WebhookCommunication } from '../lib/make-schemas.ts';

const EMULATED = new Set(['url', 'method', 'qs', 'headers', 'body', 'response', 'log']);
const EMULATED_RESPONSE = new Set(['output', 'iterate', 'limit', 'data', 'metadata', 'error']);

export class MakeError extends Error {
  constructor(
    message: string,
    readonly type: string | undefined,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

export interface CallResult {
  statusCode: number;
  body: unknown;
  /** `response.output` (or `body`), or the list of outputs of an iterated response. */
  output: unknown;
  data?: unknown;
  metadata?: unknown;
}

export class MakeApp {
  readonly manifest: Manifest;
  readonly base: Base;

  constructor(readonly dir: string) {
    this.manifest = Manifest.parse(this.json('makecomapp.json'));
    this.base = Base.parse(this.json(this.manifest.generalCodeFiles.base));
  }

  json(rel: string): unknown {
    return JSON.parse(readFileSync(join(this.dir, rel), 'utf8'));
  }

  private communication(rel: string | undefined): Record<string, unknown> {
    if (!rel) throw new Error('no communication');
    return this.json(rel) as Record<string, unknown>;
  }

  connection(id = 'apiKey') {
    return this.communication(this.manifest.components.connection[id]?.codeFiles.communication);
  }
  module(id: string) {
    return this.communication(this.manifest.components.module[id]?.codeFiles.communication);
  }
  rpc(id: string) {
    return this.communication(this.manifest.components.rpc[id]?.codeFiles.communication);
  }
  attach(hook: string) {
    return this.communication(this.manifest.components.webhook[hook]?.codeFiles.attach);
  }
  detach(hook: string) {
    return this.communication(this.manifest.components.webhook[hook]?.codeFiles.detach);
  }

  /** The bundle an instant trigger outputs for a delivery the CRM POSTed to the webhook's URL. */
  webhookOutput(hook: string, deliveredBody: unknown): unknown {
    const comm = WebhookCommunication.parse(
      this.json(this.manifest.components.webhook[hook]?.codeFiles.communication ?? ''),
    );
    const extra = Object.keys(comm).filter((k) => k !== 'output');
    if (extra.length) throw new Error(`webhook directives not emulated: ${extra.join(', ')}`);
    return evaluateIml(comm.output, { body: deliveredBody });
  }

  /**
   * Sends one communication as Make would. `withBase`: modules, RPCs and attach/detach inherit the base (URL
   * prefix, headers, error handling); a connection's own call does not.
   */
  async call(raw: Record<string, unknown>, ctx: ImlContext, opts: { withBase: boolean }): Promise<CallResult> {
    const notEmulated = [
      ...Object.keys(raw).filter((k) => !EMULATED.has(k)),
      ...Object.keys((raw.response as object) ?? {}).filter((k) => !EMULATED_RESPONSE.has(k)),
    ];
    if (notEmulated.length) throw new Error(`directives not emulated: ${notEmulated.join(', ')}`);
    const comm = Communication.parse(raw);
    const base = opts.withBase ? this.base : undefined;

    let url = String(evaluateIml(comm.url, ctx));
    if (url.startsWith('/')) {
      if (!base) throw new Error(`a relative URL needs the base: ${url}`);
      url = `${String(evaluateIml(base.baseUrl, ctx))}${url}`;
    }
    const qs = (evaluateIml(comm.qs ?? {}, ctx) ?? {}) as Record<string, unknown>;
    const target = new URL(url);
    for (const [k, v] of Object.entries(qs)) target.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      ...(evaluateIml(base?.headers ?? {}, ctx) as Record<string, string>),
      ...(evaluateIml(comm.headers ?? {}, ctx) as Record<string, string>),
    };
    const body = comm.body === undefined ? undefined : evaluateIml(comm.body, ctx);
    if (body !== undefined) headers['content-type'] = 'application/json';

    const res = await fetch(target, {
      method: comm.method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const resBody: unknown = text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    const after: ImlContext = { ...ctx, body: resBody, statusCode: res.status };

    if (res.status >= 400) {
      const error = { ...base?.response.error, ...comm.response?.error } as Record<string, unknown>;
      const spec = (error[String(res.status)] ?? {}) as { message?: string; type?: string };
      const message = spec.message ?? (error.message as string | undefined) ?? `HTTP ${res.status}`;
      throw new MakeError(String(evaluateIml(message, after)), spec.type ?? (error.type as string), res.status);
    }

    const r = comm.response ?? {};
    let output: unknown;
    if (r.iterate !== undefined) {
      if (typeof r.iterate !== 'string') throw new Error('only iterate: "{{...}}" is emulated');
      const items = evaluateIml(r.iterate, after);
      if (!Array.isArray(items)) throw new Error(`iterate ${r.iterate} is not an array`);
      const all = items.map((item) => evaluateIml(r.output ?? '{{item}}', { ...after, item }));
      const limit = r.limit === undefined ? undefined : Number(evaluateIml(r.limit, after));
      output = limit === undefined ? all : all.slice(0, limit);
    } else {
      output = evaluateIml(r.output ?? '{{body}}', after);
    }
    return {
      statusCode: res.status,
      body: resBody,
      output,
      ...(r.data ? { data: evaluateIml(r.data, after) } : {}),
      ...(r.metadata ? { metadata: evaluateIml(r.metadata, after) } : {}),
    };
  }
}
