import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { ApiKeyIdParams, ApiKeyList, CreateApiKeyBody, CreatedApiKey, ListApiKeysQuery } from './api-keys.contracts.ts';
import { createApiKey, listApiKeys, revokeApiKeyById } from './api-keys.service.ts';

const tags = ['api-keys'];
/** Creating and revoking a key changes the caller's account: an API key needs `write` (and `admin`, below). */
const ownAccountWrite = { auth: { scope: 'write' as const, ownAccount: true } };

/**
 * Personal API keys, used as `Authorization: Bearer crm_...`. Every role may hold keys with the scopes its
 * role allows (viewer: read; admin scope: admins only). Creating and revoking need a session, or an API key
 * carrying the `admin` scope.
 */
export const apiKeyRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.post(
    '/api-keys',
    {
      config: ownAccountWrite,
      schema: {
        tags,
        summary:
          'Create a personal API key (returned once). Needs a session, or an API key with the admin scope; ' +
          'scopes beyond your role are refused (403)',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey },
      },
    },
    async (req, reply) => reply.code(201).send(await createApiKey(req.ctx, req.body)),
  );

  app.get(
    '/api-keys',
    {
      config: { auth: { scope: 'read' } },
      schema: {
        tags,
        summary: 'List my API keys (admins may pass ?userId=); the secret is never shown again',
        querystring: ListApiKeysQuery,
        response: { 200: ApiKeyList },
      },
    },
    async (req) => ({ items: await listApiKeys(req.ctx, req.query) }),
  );

  app.delete(
    '/api-keys/:id',
    {
      config: ownAccountWrite,
      schema: {
        tags,
        summary: 'Revoke an API key (my own, or any for an admin). Needs a session, or an API key with the admin scope',
        params: ApiKeyIdParams,
        response: { 204: z.null().describe('Revoked') },
      },
    },
    async (req, reply) => {
      await revokeApiKeyById(req.ctx, req.params);
      return reply.code(204).send(null);
    },
  );
};
