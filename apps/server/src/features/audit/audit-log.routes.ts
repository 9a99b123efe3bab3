import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { AuditPageSchema, ChainReportSchema, ListAuditQuery, toAuditRowDto } from './audit-log.schema-api.ts';
import * as service from './audit-log.service.ts';

const admin = { auth: { scope: 'admin' as const } };
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };

/** Reading and verifying the audit trail (admins only). */
export const auditRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/audit',
    {
      config: admin,
      schema: {
        operationId: 'listAuditLog',
        tags: ['audit'],
        summary:
          'Audit trail, newest first (filters entityType, entityId, actorUserId, action, from, to; cursor = seq)',
        querystring: ListAuditQuery,
        response: { 200: AuditPageSchema, ...errors },
      },
    },
    async (req) => {
      const page = await service.listAuditLog(req.ctx, req.query);
      return { ...page, items: page.items.map(toAuditRowDto) };
    },
  );

  app.get(
    '/audit/verify',
    {
      config: admin,
      schema: {
        operationId: 'verifyAuditChain',
        tags: ['audit'],
        summary: 'Verify the hash chain and report the first broken link',
        response: { 200: ChainReportSchema, ...errors },
      },
    },
    async (req) => service.verifyAuditLog(req.ctx),
  );
};
