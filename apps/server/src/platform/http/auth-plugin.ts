import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type AuthRequirement, authorize } from '../auth/permissions.ts';
import { CSRF_HEADER, resolveActor, SESSION_COOKIE } from '../auth/resolve-actor.ts';
import { hmac, safeEqual } from '../auth/tokens.ts';
import { type Actor, anonymousActor, type Ctx, type Deps } from '../context.ts';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every /api route declares who may call it; the server refuses to boot otherwise. */
    auth?: AuthRequirement;
  }
  interface FastifyInstance {
    /** Every /api route with its `config.auth`, as registered (for the route-wide authorisation tests). */
    crmRouteAuth: { method: string; url: string; auth: AuthRequirement }[];
  }
  interface FastifyRequest {
    actor: Actor;
    authVia: 'session' | 'api_key' | 'none';
    /** The service context for this request: actor, IP, user agent, request id, dependencies. */
    ctx: Ctx;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The CSRF token of a session: an HMAC of its id, sent back by the browser in a header on every write. */
export const csrfTokenFor = (secret: string, sessionId: string) => hmac(secret, `csrf:${sessionId}`);

export const authPlugin = fp(
  async (app: FastifyInstance, { deps }: { deps: Deps }) => {
    app.decorateRequest('actor', null as unknown as Actor);
    app.decorateRequest('authVia', 'none');
    app.decorateRequest('ctx', null as unknown as Ctx);
    app.decorate('crmRouteAuth', [] as { method: string; url: string; auth: AuthRequirement }[]);

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/') || route.url.startsWith('/api/v1/docs') || route.method === 'HEAD') return;
      const auth = route.config?.auth;
      if (!auth) throw new Error(`route ${String(route.method)} ${route.url} declares no config.auth`);
      for (const method of [route.method].flat()) app.crmRouteAuth.push({ method, url: route.url, auth });
    });

    app.addHook('onRequest', async (req) => {
      const meta = { ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id };
      req.actor = anonymousActor;
      req.ctx = { actor: anonymousActor, meta, deps, log: req.log };
      const ingest = req.url.startsWith('/ingest/');
      if (!req.url.startsWith('/api/') && !ingest) return;
      // The analytics ingestion (features/analytics) knows its callers by the session cookie alone (ADR 0014).
      const resolved = await resolveActor(
        deps,
        { sessionToken: req.cookies?.[SESSION_COOKIE], authorization: ingest ? undefined : req.headers.authorization },
        meta,
      );
      req.actor = resolved.actor;
      req.authVia = resolved.via;
      req.ctx = { ...req.ctx, actor: resolved.actor, log: req.log.child({ userId: resolved.actor.userId }) };
    });

    app.addHook('preHandler', async (req: FastifyRequest) => {
      const requirement = req.routeOptions.config?.auth;
      if (!requirement) return;
      authorize(req.actor, requirement);
      if (req.authVia === 'session' && UNSAFE.has(req.method)) {
        const sent = req.headers[CSRF_HEADER];
        const expected = csrfTokenFor(deps.config.sessionSecret, req.actor.sessionId as string);
        if (typeof sent !== 'string' || !safeEqual(sent, expected)) {
          throw new AppError('auth.csrf', `Missing or wrong ${CSRF_HEADER} header for a cookie-authenticated write`);
        }
      }
    });
  },
  { name: 'crm-auth' },
);
