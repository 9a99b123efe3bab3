import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import {
  CreateEmailTemplateSchema,
  EmailTemplateListSchema,
  EmailTemplateSchema,
  MarketingSettingsInput,
  MarketingSettingsSchema,
  TemplatePreviewInput,
  TemplatePreviewSchema,
  TemplateTestInput,
  TemplateTestResultSchema,
  TemplateVariablesSchema,
  UpdateEmailTemplateSchema,
} from './templates.contracts.ts';
import {
  createEmailTemplate,
  deleteEmailTemplate,
  getEmailTemplate,
  getMarketingSettings,
  listEmailTemplates,
  previewEmailTemplate,
  putMarketingSettings,
  sendTestEmailTemplate,
  templateVariables,
  updateEmailTemplate,
} from './templates.service.ts';

const tags = ['email-templates'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };
const admin = { auth: { scope: 'admin' as const } };
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };

/** E-mail templates, their preview and test send, and the marketing sender (docs/CAMPAIGNS.md). */
export const templateRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/email-templates',
    {
      config: read,
      schema: {
        tags,
        summary: 'The firm’s e-mail templates, last changed first',
        response: { 200: EmailTemplateListSchema },
      },
    },
    async (req) => ({ items: await listEmailTemplates(req.ctx) }),
  );
  app.get(
    '/email-templates/variables',
    {
      config: read,
      schema: {
        tags,
        summary: 'The variables a template may use, with sample values',
        response: { 200: TemplateVariablesSchema },
      },
    },
    async () => templateVariables(),
  );
  app.post(
    '/email-templates',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a template (checked: a template that cannot be rendered is refused)',
        body: CreateEmailTemplateSchema,
        response: { 201: EmailTemplateSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await createEmailTemplate(req.ctx, req.body)),
  );
  app.post(
    '/email-templates/preview',
    {
      config: read,
      schema: {
        tags,
        summary: 'Render unsaved content (`draft`) for a contact or for sample values',
        body: TemplatePreviewInput,
        response: { 200: TemplatePreviewSchema, ...errors },
      },
    },
    async (req) => previewEmailTemplate(req.ctx, null, req.body),
  );
  app.post(
    '/email-templates/test',
    {
      config: write,
      schema: {
        tags,
        summary: 'Send unsaved content (`draft`) to yourself',
        body: TemplateTestInput,
        response: { 202: TemplateTestResultSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(202).send(await sendTestEmailTemplate(req.ctx, null, req.body)),
  );
  app.get(
    '/email-templates/:id',
    {
      config: read,
      schema: { tags, summary: 'One template', params: idParams, response: { 200: EmailTemplateSchema } },
    },
    async (req) => getEmailTemplate(req.ctx, req.params.id),
  );
  app.patch(
    '/email-templates/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a template (its author, their manager or an administrator)',
        params: idParams,
        body: UpdateEmailTemplateSchema,
        response: { 200: EmailTemplateSchema, ...errors },
      },
    },
    async (req) => updateEmailTemplate(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/email-templates/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete a template', params: idParams, response: { 204: z.null(), ...errors } },
    },
    async (req, reply) => {
      await deleteEmailTemplate(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/email-templates/:id/preview',
    {
      config: read,
      schema: {
        tags,
        summary: 'Render the template (or a `draft` of it) for a contact you may see, or for sample values',
        params: idParams,
        body: TemplatePreviewInput,
        response: { 200: TemplatePreviewSchema, ...errors },
      },
    },
    async (req) => previewEmailTemplate(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/email-templates/:id/test',
    {
      config: write,
      schema: {
        tags,
        summary: 'Send me a test: the template rendered (for a contact or sample values) to your own address',
        params: idParams,
        body: TemplateTestInput,
        response: { 202: TemplateTestResultSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(202).send(await sendTestEmailTemplate(req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/marketing/settings',
    {
      config: read,
      schema: {
        tags,
        summary: 'Who marketing mail is from: the firm’s name and postal address in every footer, sender, reply-to',
        response: { 200: MarketingSettingsSchema, ...errors },
      },
    },
    async (req) => getMarketingSettings(req.ctx),
  );
  app.put(
    '/marketing/settings',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Set who marketing mail is from (administrators; audited)',
        body: MarketingSettingsInput,
        response: { 200: MarketingSettingsSchema, ...errors },
      },
    },
    async (req) => putMarketingSettings(req.ctx, req.body),
  );
};
