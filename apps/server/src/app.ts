import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { jsonSchemaTransformObject, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { teamConfinement } from './features/read-cache/team-confinement.ts';
import { features } from './features.ts';
import { responseCachePlugin } from './platform/cache/response-cache.ts';
import type { Deps } from './platform/context.ts';
import { authPlugin } from './platform/http/auth-plugin.ts';
import { registerCors } from './platform/http/cors.ts';
import { etagPlugin } from './platform/http/etag.ts';
import { healthRoutes } from './platform/http/health.routes.ts';
import { idempotencyPlugin } from './platform/http/idempotency.ts';
import { openapiTransform } from './platform/http/openapi-ids.ts';
import { frameworkErrorHandler, registerProblemHandlers } from './platform/http/problem.ts';
import { rateLimitPlugin } from './platform/http/rate-limit.ts';
import { refuseUnstorableText } from './platform/http/storable-text.ts';
import {
  acceptEmptyJsonBody,
  refuseInputWithoutSchema,
  strictValidatorCompiler,
} from './platform/http/strict-input.ts';

export interface BuildAppOptions {
  /** Folder of the built web app (apps/web/dist); served with SPA fallback when it exists. */
  webDist?: string;
  logger?: boolean;
  /** Further route plugins mounted under /api/v1 after the features' (a feature of a test's own). */
  routes?: FastifyPluginAsync<{ deps: Deps }>[];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Builds the HTTP application: platform plugins, then each feature's routes. Never listens. */
export async function buildApp(deps: Deps, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // A list selection (`?ids=`, up to 500 UUIDs, ~20 KB encoded) exceeds Node's 16 KiB request-line+headers limit.
    http: { maxHeaderSize: 48 * 1024 },
    // The sealed links of marketing mails (features/campaigns/links.ts) are one path segment of up to ~300 characters.
    routerOptions: { maxParamLength: 512 },
    // Only the configured reverse proxies may set the client address (X-Forwarded-For); docs/DEPLOYMENT.md.
    trustProxy: deps.config.trustedProxies.length > 0 ? deps.config.trustedProxies : false,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    ajv: { customOptions: { coerceTypes: false } },
    return503OnClosing: true,
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  // Strict input: unknown query parameters and body properties are refused; empty JSON bodies are no body.
  app.setValidatorCompiler(strictValidatorCompiler);
  acceptEmptyJsonBody(app);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await registerCors(app, deps);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        // Same-origin framing only: the product-analytics heatmap shows a page of the app under its clicks
        // (docs/ANALYTICS.md, "Web app: analysis pages"); no other site may frame it (clickjacking).
        frameAncestors: ["'self'"],
        upgradeInsecureRequests: deps.config.isProduction ? [] : null,
      },
    },
    hsts: deps.config.isProduction,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(authPlugin, { deps });
  await app.register(responseCachePlugin, { deps, teamConfined: teamConfinement(deps) });
  await app.register(rateLimitPlugin, { deps });
  await app.register(idempotencyPlugin, { deps });
  await app.register(etagPlugin, { deps });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CRM API',
        version: '1.0.0',
        description:
          'Fund-distribution CRM. Authenticate with the session cookie (browser) or `Authorization: Bearer <API key>`. ' +
          'Errors are RFC 9457 application/problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'Personal API key (crm_...)' },
          session: { type: 'apiKey', in: 'cookie', name: 'crm_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: openapiTransform(deps.entities),
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/v1/docs',
    staticCSP: true,
    // Over plain http (development, the embedded mode) upgrading requests would break the docs page.
    transformStaticCSP: (header) =>
      deps.config.isProduction ? header : header.replace(/\s*upgrade-insecure-requests;?/, ''),
  });

  await app.register(
    async (api) => {
      api.addHook('preValidation', refuseUnstorableText);
      api.addHook('preValidation', refuseInputWithoutSchema);
      api.get('/openapi.json', { config: { auth: 'public', openQuery: true }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
      await api.register(healthRoutes, { deps });
      for (const f of features) if (f.routes) await api.register(f.routes, { deps });
      for (const routes of opts.routes ?? []) await api.register(routes, { deps });
    },
    { prefix: '/api/v1' },
  );
  // Routes outside /api/v1: PostHog's protocol under /ingest (posthog-js's `api_host`; ADR 0014).
  for (const f of features) if (f.rootRoutes) await app.register(f.rootRoutes, { deps });

  if (opts.webDist && existsSync(opts.webDist)) {
    await app.register(fastifyStatic, {
      root: opts.webDist,
      wildcard: false,
      index: ['index.html'],
      // Vite puts a content hash in every asset name: cache them for good, but always revalidate the shell.
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
    // SPA fallback: a GET that is neither an API route nor a built file gets index.html (the client router
    // shows the page). The problem+json not-found handler (registerProblemHandlers) still answers the rest.
    app.get('/*', { schema: { hide: true } }, (req, reply) => {
      if (
        req.url === '/api' ||
        req.url.startsWith('/api/') ||
        req.url.startsWith('/assets/') ||
        req.url.startsWith('/ingest/') ||
        req.url.startsWith('/email/')
      ) {
        return reply.callNotFound();
      }
      return reply.type('text/html').sendFile('index.html');
    });
  }

  await app.ready();
  return app;
}
