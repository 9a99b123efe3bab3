import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../../platform/context.ts';
import {
  AnalyticsConfigSchema,
  ConsentInput,
  ConsentSchema,
  ErasedSchema,
  IngestStatsSchema,
  MyEventsPage,
  MyEventsQuery,
} from './consent.contracts.ts';
import {
  analyticsConfigFor,
  eraseMyEvents,
  exportMyEvents,
  getMyConsent,
  ingestStats,
  setMyConsent,
} from './consent.service.ts';

const tags = ['analytics'];
/** My own choices and my own events: every role, viewers included, from a session (an API key needs the scope). */
const ownRead = { auth: { scope: 'read' as const } };
const ownWrite = { auth: { scope: 'write' as const, ownAccount: true } };

export const consentRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/analytics/consent',
    { config: ownRead, schema: { tags, summary: 'My analytics consent', response: { 200: ConsentSchema } } },
    async (req) => getMyConsent(req.ctx),
  );

  app.put(
    '/analytics/consent',
    {
      config: ownWrite,
      schema: {
        tags,
        summary: 'Set my analytics consent (audited); replay needs analytics',
        body: ConsentInput,
        response: { 200: ConsentSchema },
      },
    },
    async (req) => setMyConsent(req.ctx, req.body),
  );

  app.get(
    '/analytics/config',
    {
      config: ownRead,
      schema: {
        tags,
        summary: 'What the web app needs to initialise posthog-js: host path, token, whether to capture and record',
        response: { 200: AnalyticsConfigSchema },
      },
    },
    async (req) => analyticsConfigFor(req.ctx),
  );

  app.get(
    '/analytics/me/events/export',
    {
      config: ownRead,
      schema: {
        tags,
        operationId: 'exportMyAnalyticsEvents',
        summary: 'My analytics events as JSON, newest first, a page at a time (follow nextCursor)',
        querystring: MyEventsQuery,
        response: { 200: MyEventsPage },
      },
    },
    async (req) => exportMyEvents(req.ctx, req.query),
  );

  app.delete(
    '/analytics/me/events',
    {
      config: ownWrite,
      schema: {
        tags,
        operationId: 'eraseMyAnalyticsEvents',
        summary: 'Erase my analytics events and session recordings (audited)',
        response: { 200: ErasedSchema },
      },
    },
    async (req) => eraseMyEvents(req.ctx),
  );

  app.get(
    '/analytics/ingest/stats',
    {
      config: { auth: { scope: 'admin', roles: ['admin'] } },
      schema: {
        tags,
        summary: 'What the analytics ingestion of this process did since it started (dropped events by reason)',
        response: { 200: IngestStatsSchema },
      },
    },
    async (req) => ingestStats(req.ctx),
  );
};
