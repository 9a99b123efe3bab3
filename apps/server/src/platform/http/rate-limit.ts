import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Deps } from '../context.ts';

// Placeholder: replaced by the rate-limit implementation (see issue 2, "Rate limiting").
export const rateLimitPlugin = fp(async (_app: FastifyInstance, _opts: { deps: Deps }) => {}, {
  name: 'crm-rate-limit',
});
