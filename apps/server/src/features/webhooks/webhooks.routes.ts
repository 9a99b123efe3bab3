import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import {
  CreatedWebhook,
  CreateWebhookBody,
  DeliveriesQuery,
  DeliveryDetail,
  DeliveryList,
  DeliveryParams,
  DeliverySchema,
  ListWebhooksQuery,
  RotatedSecret,
  TestWebhookBody,
  UpdateWebhookBody,
  WebhookIdParams,
  WebhookList,
  WebhookSchema,
} from './webhooks.contracts.ts';
import {
  createWebhook,
  getWebhook,
  getWebhookDelivery,
  listWebhookDeliveries,
  listWebhooks,
  redeliver,
  removeWebhook,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
} from './webhooks.service.ts';

const tags = ['webhooks'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };

/**
 * Outgoing webhooks (Standard Webhooks): endpoints, their secrets, their delivery log. Zapier and Make subscribe
 * through the same routes (`source: zapier|make`). See docs/WEBHOOKS.md.
 */
export const webhookRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.post(
    '/webhooks',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a webhook endpoint; the signing secret is returned this once',
        body: CreateWebhookBody,
        response: { 201: CreatedWebhook },
      },
    },
    async (req, reply) => reply.code(201).send(await createWebhook(req.ctx, req.body)),
  );

  app.get(
    '/webhooks',
    {
      config: read,
      schema: {
        tags,
        summary: 'List my webhook endpoints (admins: everyone’s), with their health',
        querystring: ListWebhooksQuery,
        response: { 200: WebhookList },
      },
    },
    async (req) => ({ items: await listWebhooks(req.ctx, req.query) }),
  );

  app.get(
    '/webhooks/:id',
    {
      config: read,
      schema: { tags, summary: 'One webhook endpoint', params: WebhookIdParams, response: { 200: WebhookSchema } },
    },
    async (req) => getWebhook(req.ctx, req.params.id),
  );

  app.patch(
    '/webhooks/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a webhook endpoint (URL, events, headers, description, on/off)',
        params: WebhookIdParams,
        body: UpdateWebhookBody,
        response: { 200: WebhookSchema },
      },
    },
    async (req) => updateWebhook(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/webhooks/:id',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Delete a webhook endpoint and its delivery log (Zapier and Make unsubscribe this way); idempotent: 204 when it is already gone',
        params: WebhookIdParams,
        response: { 204: z.null().describe('Deleted') },
      },
    },
    async (req, reply) => {
      await removeWebhook(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      config: write,
      schema: {
        operationId: 'rotateWebhookSecret',
        tags,
        summary: 'Issue a new signing secret; the previous one keeps signing too for 24 h',
        params: WebhookIdParams,
        response: { 200: RotatedSecret },
      },
    },
    async (req) => rotateWebhookSecret(req.ctx, req.params.id),
  );

  app.post(
    '/webhooks/:id/test',
    {
      config: write,
      schema: {
        tags,
        summary: 'Send a sample event now (one attempt) and see the receiver’s answer',
        params: WebhookIdParams,
        body: TestWebhookBody,
        response: { 200: DeliveryDetail },
      },
    },
    async (req) => testWebhook(req.ctx, req.params.id, req.body.eventType),
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: read,
      schema: {
        tags,
        summary: 'Delivery log of an endpoint, newest first (filters: status, event type, dates); kept 30 days',
        params: WebhookIdParams,
        querystring: DeliveriesQuery,
        response: { 200: DeliveryList },
      },
    },
    async (req) => listWebhookDeliveries(req.ctx, req.params.id, req.query),
  );

  app.get(
    '/webhooks/:id/deliveries/:deliveryId',
    {
      config: read,
      schema: {
        tags,
        summary: 'One delivery with every attempt (request headers and body, response status, headers, body)',
        params: DeliveryParams,
        response: { 200: DeliveryDetail },
      },
    },
    async (req) => getWebhookDelivery(req.ctx, req.params.id, req.params.deliveryId),
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config: write,
      schema: {
        tags,
        summary: 'Send a delivery again (same body, same webhook-id); answered at once, sent within a second',
        params: DeliveryParams,
        response: { 202: DeliverySchema },
      },
    },
    async (req, reply) => reply.code(202).send(await redeliver(req.ctx, req.params.id, req.params.deliveryId)),
  );
};
