import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { mergePeople } from './merge.service.ts';
import {
  AnonymisationResultSchema,
  AnonymisePersonSchema,
  MergePersonSchema,
  MergeResultSchema,
  RgpdExportSchema,
} from './people.contracts.ts';
import { anonymisePerson, exportPersonData } from './rgpd.service.ts';

const tags = ['people'];
const compliance = ['admin', 'manager'] as ('admin' | 'manager')[];

/** Whole-record operations on a person: merge of duplicates, RGPD export and anonymisation. */
export const personRecordRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.post(
    '/people/:id/merge',
    {
      config: { auth: { scope: 'write' } },
      schema: {
        tags,
        summary: 'Merge a duplicate into this person (links, interactions, tasks, notes, mandates move here)',
        params: idParams,
        body: MergePersonSchema,
        response: { 200: MergeResultSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => mergePeople(req.ctx, req.params.id, req.body.duplicateId),
  );

  app.get(
    '/people/:id/rgpd-export',
    {
      config: { auth: { scope: 'read', roles: compliance } },
      schema: {
        tags,
        summary: 'RGPD art. 15: everything held on the person, as JSON (logged and audited; managers, admins)',
        params: idParams,
        response: { 200: RgpdExportSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => exportPersonData(req.ctx, req.params.id),
  );

  app.post(
    '/people/:id/anonymise',
    {
      config: { auth: { scope: 'write', roles: compliance } },
      schema: {
        tags,
        summary:
          'RGPD art. 17: anonymise the person, with the reason (identifying fields cleared, their values replaced ' +
          'in every other record, the audit trail included; managers, admins)',
        params: idParams,
        body: AnonymisePersonSchema,
        response: { 200: AnonymisationResultSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req) => anonymisePerson(req.ctx, req.params.id, req.body),
  );
};
