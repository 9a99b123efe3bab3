import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import {
  MailListQuery,
  MailListSchema,
  MailSettingsInput,
  MailSettingsSchema,
  MailTestInput,
  MailTestResultSchema,
} from './mail.contracts.ts';
import {
  getMailSettings,
  listOutbox,
  putMailSettings,
  removeMailSettings,
  testMailSettings,
} from './mail-settings.service.ts';

const admin = { auth: { scope: 'admin' as const } };
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };
const tags = ['mail'];

/** The SMTP server, its connection test and the outbox (administrators; docs/MAIL.md). */
export const mailRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/mail/settings',
    {
      config: admin,
      schema: {
        operationId: 'getMailSettings',
        tags,
        summary: 'Where mail goes (the server set here, SMTP_URL or the log), DKIM, and the outbox’s counts',
        response: { 200: MailSettingsSchema, ...errors },
      },
    },
    async (req) => getMailSettings(req.ctx),
  );
  app.put(
    '/mail/settings',
    {
      config: admin,
      schema: {
        operationId: 'putMailSettings',
        tags,
        summary: 'Set the SMTP server (over SMTP_URL); audited, the password sealed',
        body: MailSettingsInput,
        response: { 200: MailSettingsSchema, ...errors },
      },
    },
    async (req) => putMailSettings(req.ctx, req.body),
  );
  app.delete(
    '/mail/settings',
    {
      config: admin,
      schema: {
        operationId: 'deleteMailSettings',
        tags,
        summary: 'Forget the server set here: back to SMTP_URL (or the log); audited',
        response: { 200: MailSettingsSchema, ...errors },
      },
    },
    async (req) => removeMailSettings(req.ctx),
  );
  app.post(
    '/mail/settings/test',
    {
      config: admin,
      schema: {
        operationId: 'testMailSettings',
        tags,
        summary:
          'Connect and authenticate without sending (the settings given or the current ones); optionally queue a test mail',
        body: MailTestInput,
        response: { 200: MailTestResultSchema, ...errors },
      },
    },
    async (req) => testMailSettings(req.ctx, req.body),
  );
  app.get(
    '/mail/messages',
    {
      config: admin,
      schema: {
        operationId: 'listMailMessages',
        tags,
        summary: 'The outbox, newest first: every mail with its status, attempts and last error (no body)',
        querystring: MailListQuery,
        response: { 200: MailListSchema, ...errors },
      },
    },
    async (req) => listOutbox(req.ctx, req.query),
  );
};
