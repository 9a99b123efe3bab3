import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../../platform/context.ts';
import { idParams } from '../../../platform/http/list.ts';
import { ProblemSchema } from '../../../platform/http/problem.schema.ts';
import { AlertListSchema, AlertSchema, CreateAlertBody, UpdateAlertBody } from './alerts.contracts.ts';
import { createAlert, deleteAlert, getAlert, listAlerts, updateAlert } from './alerts.service.ts';

const tags = ['analytics'];
const admin = { auth: { scope: 'admin' as const } };
const P = '/analytics/alerts';

/** Alert rules on product analytics (docs/ANALYTICS.md): administrators only; the worker checks them every minute. */
export const alertRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    P,
    {
      config: admin,
      schema: {
        operationId: 'listAnalyticsAlerts',
        tags,
        summary: 'Alert rules, with what their last check measured',
        response: { 200: AlertListSchema },
      },
    },
    async (req) => listAlerts(req.ctx),
  );

  app.post(
    P,
    {
      config: admin,
      schema: {
        operationId: 'createAnalyticsAlert',
        tags,
        summary: 'Create an alert: API errors above a count, or a saved funnel’s conversion below a percentage',
        body: CreateAlertBody,
        response: { 201: AlertSchema, 400: ProblemSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createAlert(req.ctx, req.body)),
  );

  app.get(
    `${P}/:id`,
    {
      config: admin,
      schema: {
        operationId: 'getAnalyticsAlert',
        tags,
        summary: 'One alert rule',
        params: idParams,
        response: { 200: AlertSchema, 404: ProblemSchema },
      },
    },
    async (req) => getAlert(req.ctx, req.params.id),
  );

  app.patch(
    `${P}/:id`,
    {
      config: admin,
      schema: {
        operationId: 'updateAnalyticsAlert',
        tags,
        summary: 'Change an alert rule (threshold, window, on/off…)',
        params: idParams,
        body: UpdateAlertBody,
        response: { 200: AlertSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => updateAlert(req.ctx, req.params.id, req.body),
  );

  app.delete(
    `${P}/:id`,
    {
      config: admin,
      schema: {
        operationId: 'deleteAnalyticsAlert',
        tags,
        summary: 'Delete an alert rule',
        params: idParams,
        response: { 204: z.null().describe('Deleted'), 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await deleteAlert(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
};
