import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Deps } from '../context.ts';
import type { TxGuard } from '../db/tx.ts';
import type { EntityDef, EntityRegistry } from '../entities/entity.ts';
import { lockRecordVersion, versionColumnOf } from '../entities/version.repo.ts';
import { AppError } from '../errors.ts';

/**
 * Entity tags and conditional requests (docs/ARCHITECTURE.md, "Conditional requests").
 *
 * - Every `GET` (and `PATCH`) of one resource (a route whose path ends with a parameter: `/people/{id}`) answering 200
 *   JSON carries a strong `ETag`: `"v<version>.<digest>"`, the version being the record's `updatedAt` (milliseconds,
 *   base 36) and the digest a SHA-256 of the body; `"<digest>"` alone for a body without `updatedAt`. A GET whose
 *   `If-None-Match` names it answers 304 without a body, read cache hits included.
 * - `PATCH` and `DELETE` of a record of the entity registry (`/<path>/{id}`) honour `If-Match`: when none of the
 *   tags names the record's current version, 412 `request.precondition_failed` and nothing changes. The check runs in
 *   the service's transaction, on the row locked `for update` (a concurrent write waits, then fails the check), after
 *   the service's own checks, so an unknown or forbidden record still answers 404 or 403. `If-Match: *` only asks
 *   that the record exists. Without `If-Match`, writes behave as before. Other routes ignore `If-Match`.
 *
 * The version is the record's, not the body's: a tag read before a change of something the body only shows (a linked
 * organisation's name) still matches, while `If-None-Match` compares the whole tag, so such a GET is not a 304.
 */
export const PRECONDITION_FAILED = 'request.precondition_failed';

const lastIsParam = (url: string) => /\/:[^/]+$/.test(url);

/** The entity whose records `PATCH`/`DELETE` of this route change and whose version `If-Match` checks, if any. */
export function versionedEntityOf(entities: EntityRegistry, url: string): EntityDef | undefined {
  const m = url.match(/^\/api\/v1\/([^/]+)\/(?::[^/]+|\{[^/]+\})$/);
  const e = m ? entities.byPath(m[1] as string) : undefined;
  return e && versionColumnOf(e) ? e : undefined;
}

/** Whether GET of this route answers one resource (and so an ETag). */
export const isOneResourceRoute = (url: string) => lastIsParam(url) || /\/\{[^/]+\}$/.test(url);

const versionTag = (ms: number) => `v${ms.toString(36)}`;

/** The strong ETag of a JSON body: its record's version (from `updatedAt`) and a digest of the bytes. */
export function etagOf(body: string): string {
  const digest = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  let version: string | undefined;
  try {
    const updatedAt = (JSON.parse(body) as { updatedAt?: unknown }).updatedAt;
    const ms = typeof updatedAt === 'string' ? Date.parse(updatedAt) : Number.NaN;
    if (Number.isFinite(ms)) version = versionTag(ms);
  } catch {
    // not JSON: digest only
  }
  return version ? `"${version}.${digest}"` : `"${digest}"`;
}

/** The entity tags of an `If-Match` / `If-None-Match` list, `W/` kept; `*` as is. */
function tagsOf(header: string): string[] {
  return header.match(/(W\/)?"[^"]*"|\*/g) ?? [];
}

function ifNoneMatchHits(header: string, etag: string): boolean {
  return tagsOf(header).some((t) => t === '*' || t.replace(/^W\//, '') === etag);
}

/** The versions an `If-Match` names (strong tags only, RFC 9110 13.1.1); null for `*`. */
function versionsOf(header: string): Set<string> | null {
  const tags = tagsOf(header);
  if (tags.includes('*')) return null;
  const versions = new Set<string>();
  for (const t of tags) {
    const m = t.match(/^"(v[0-9a-z]+)\./);
    if (m) versions.add(m[1] as string);
  }
  return versions;
}

/** The transaction guard of an `If-Match`: the record's current version must be one of `versions`. */
function ifMatchGuard(entity: EntityDef, id: string, versions: Set<string>): TxGuard {
  let checked = false;
  return async (t) => {
    // The first transaction of the request only: a later one sees the request's own write.
    if (checked) return undefined;
    checked = true;
    const current = await lockRecordVersion(t.db, entity, id);
    if (!current || versions.has(versionTag(current.getTime()))) return undefined;
    return () => {
      throw new AppError(PRECONDITION_FAILED, `The ${entity.type} changed since the version If-Match names`, {
        status: 412,
      });
    };
  };
}

export const etagPlugin = fp(
  async (app: FastifyInstance, { deps }: { deps: Deps }) => {
    app.addHook('preHandler', async (req: FastifyRequest) => {
      if (req.method !== 'PATCH' && req.method !== 'DELETE') return;
      const header = req.headers['if-match'];
      if (typeof header !== 'string') return;
      const entity = versionedEntityOf(deps.entities, req.routeOptions.url ?? '');
      const id = (req.params as { id?: string }).id;
      if (!entity || !id) return;
      const versions = versionsOf(header);
      if (versions) req.ctx = { ...req.ctx, txGuard: ifMatchGuard(entity, id, versions) };
    });

    app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload) => {
      if ((req.method !== 'GET' && req.method !== 'PATCH') || reply.statusCode !== 200) return payload;
      if (typeof payload !== 'string' || !isOneResourceRoute(req.routeOptions.url ?? '')) return payload;
      if (!/json/.test(String(reply.getHeader('content-type') ?? ''))) return payload;
      const etag = etagOf(payload);
      reply.header('etag', etag);
      const ifNoneMatch = req.headers['if-none-match'];
      if (req.method === 'GET' && typeof ifNoneMatch === 'string' && ifNoneMatchHits(ifNoneMatch, etag)) {
        reply.code(304);
        reply.removeHeader('content-type');
        reply.removeHeader('content-length');
        return '';
      }
      return payload;
    });
  },
  { name: 'crm-etag', dependencies: ['crm-auth'] },
);
