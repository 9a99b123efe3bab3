import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx, Deps } from '../../platform/context.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { MARKETING_TOPICS, type MarketingTopic } from './campaigns.schema.ts';
import {
  AddressParams,
  ConsentInput,
  ConsentSchema,
  SuppressionAddInput,
  SuppressionListQuery,
  SuppressionListSchema,
  SuppressionSchema,
} from './compliance.contracts.ts';
import {
  CSP,
  invalidPage,
  type PageState,
  preferencesPage,
  previewPage,
  unsubscribedPage,
  unsubscribePage,
} from './compliance.pages.ts';
import {
  addressState,
  addSuppression,
  consentOf,
  listSuppressionsFor,
  recordConsent,
  removeSuppression,
  resubscribe,
  saveTopics,
  unsubscribe,
} from './compliance.service.ts';
import { type LinkPayload, openLink } from './links.ts';
import { marketingIdentity } from './templates.service.ts';

const tags = ['email-compliance'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** The firm's side of the recipients' rights: the suppression list and the consents (docs/CAMPAIGNS.md). */
export const complianceRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/email-suppressions',
    {
      config: read,
      schema: {
        tags,
        summary: 'The global suppression list, newest first, with counts by reason (managers and administrators)',
        querystring: SuppressionListQuery,
        response: { 200: SuppressionListSchema, ...errors },
      },
    },
    async (req) => listSuppressionsFor(req.ctx, req.query),
  );
  app.post(
    '/email-suppressions',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add an address by hand (a request by phone or letter); managers and administrators, audited',
        body: SuppressionAddInput,
        response: { 201: SuppressionSchema, 409: ProblemSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await addSuppression(req.ctx, req.body)),
  );
  app.delete(
    '/email-suppressions/:address',
    {
      config: write,
      schema: {
        tags,
        summary: 'Take an address off the list (administrators, once the person asked for mail again); audited',
        params: AddressParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await removeSuppression(req.ctx, req.params.address);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/email-consents/:address',
    {
      config: read,
      schema: {
        tags,
        summary: 'What is known of an address’s agreement to marketing mail: basis, source, date, topics, suppression',
        params: AddressParams,
        response: { 200: ConsentSchema, ...errors },
      },
    },
    async (req) => consentOf(req.ctx, req.params.address),
  );
  app.put(
    '/email-consents/:address',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record how an address agreed to marketing mail (basis, where, when); audited',
        params: AddressParams,
        body: ConsentInput,
        response: { 200: ConsentSchema, ...errors },
      },
    },
    async (req) => recordConsent(req.ctx, req.params.address, req.body),
  );
};

// --- the recipient's pages, outside /api, without signing in -------------------------------------------------------

type Params = { token: string };

function bodyFields(body: unknown): URLSearchParams {
  return body instanceof URLSearchParams ? body : new URLSearchParams();
}

/** RFC 8058: the mail client's one-click POST has `List-Unsubscribe=One-Click` in a form body. */
function isOneClick(req: FastifyRequest): boolean {
  if (req.body instanceof URLSearchParams) return req.body.get('List-Unsubscribe') === 'One-Click';
  return typeof req.body === 'string' && /name="List-Unsubscribe"\r?\n\r?\nOne-Click/.test(req.body);
}

export const compliancePages: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, body, done) => done(null, new URLSearchParams(body as string)),
  );
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) =>
    done(null, body),
  );

  /** The link's payload and what the page needs, or the page for a link that is not ours (then null). */
  async function open(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
    reply.header('content-security-policy', CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8');
    const ctx: Ctx = req.ctx;
    const { company } = await marketingIdentity(ctx);
    const companyName = company.name || new URL(deps.config.appUrl).hostname;
    if (req.params.token === 'preview') {
      reply.send(previewPage('fr', companyName));
      return null;
    }
    const link = openLink(deps.config.sessionSecret, req.params.token);
    if (!link) {
      reply.code(404).send(invalidPage('fr', companyName));
      return null;
    }
    const state = async (): Promise<PageState> => ({
      locale: link.l,
      company: companyName,
      address: link.a,
      token: req.params.token,
      ...(await addressState(ctx, link.a)),
    });
    return { link, ctx, state };
  }

  const page = { schema: { hide: true } };

  app.get<{ Params: Params }>('/email/unsubscribe/:token', page, async (req, reply) => {
    const o = await open(req, reply);
    if (o) return reply.send(unsubscribePage(await o.state()));
  });
  app.post<{ Params: Params }>('/email/unsubscribe/:token', page, async (req, reply) => {
    const o = await open(req, reply);
    if (!o) return;
    if (isOneClick(req)) {
      await unsubscribe(o.ctx, o.link, 'one_click');
      return reply.type('text/plain; charset=utf-8').send('OK');
    }
    await unsubscribe(o.ctx, o.link, 'unsubscribe_page');
    return reply.send(unsubscribedPage(await o.state()));
  });
  app.get<{ Params: Params }>('/email/preferences/:token', page, async (req, reply) => {
    const o = await open(req, reply);
    if (o) return reply.send(preferencesPage(await o.state()));
  });
  app.post<{ Params: Params }>('/email/preferences/:token', page, async (req, reply) => {
    const o = await open(req, reply);
    if (!o) return;
    const form = bodyFields(req.body);
    if (form.get('action') === 'resubscribe') {
      const done = await resubscribe(o.ctx, o.link);
      return reply.send(preferencesPage(await o.state(), done ? 'resubscribed' : undefined));
    }
    const receive = new Set(form.getAll('receive'));
    const off: MarketingTopic[] = MARKETING_TOPICS.filter((t) => !receive.has(t));
    await saveTopics(o.ctx, o.link as LinkPayload, off);
    return reply.send(preferencesPage(await o.state(), 'saved'));
  });
};
