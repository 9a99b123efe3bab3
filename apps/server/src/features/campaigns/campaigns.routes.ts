import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { idParams } from '../../platform/http/list.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import {
  AudiencePreviewInput,
  AudiencePreviewSchema,
  CampaignListQuery,
  CampaignListSchema,
  CampaignRecipientsQuery,
  CampaignRecipientsSchema,
  CampaignReportSchema,
  CampaignSchema,
  CampaignStatsSchema,
  CreateCampaignSchema,
  ScheduleInput,
  UpdateCampaignSchema,
} from './campaigns.contracts.ts';
import {
  campaignRecipients,
  campaignReport,
  campaignStats,
  changeCampaignState,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaignsFor,
  previewAudience,
  scheduleCampaign,
  updateCampaign,
} from './campaigns.service.ts';

const tags = ['campaigns'];
const read = { auth: { scope: 'read' as const } };
const write = { auth: { scope: 'write' as const } };
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

/** E-mail campaigns: drafts, audience, schedule, pace, pause/resume/cancel, counts (docs/CAMPAIGNS.md). */
export const campaignRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/campaigns',
    {
      config: read,
      schema: {
        tags,
        summary: 'Campaigns, last changed first',
        querystring: CampaignListQuery,
        response: { 200: CampaignListSchema },
      },
    },
    async (req) => listCampaignsFor(req.ctx, req.query.status),
  );
  app.post(
    '/campaigns',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a draft campaign (content checked: what cannot be rendered is refused)',
        body: CreateCampaignSchema,
        response: { 201: CampaignSchema, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await createCampaign(req.ctx, req.body)),
  );
  app.post(
    '/campaigns/audience',
    {
      config: read,
      schema: {
        tags,
        summary: 'Who a campaign would reach: the segment’s contacts you see, those left out by reason, the first 20',
        body: AudiencePreviewInput,
        response: { 200: AudiencePreviewSchema, ...errors },
      },
    },
    async (req) => previewAudience(req.ctx, req.body),
  );
  app.get(
    '/campaigns/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One campaign with its steps',
        params: idParams,
        response: { 200: CampaignSchema, ...errors },
      },
    },
    async (req) => getCampaign(req.ctx, req.params.id),
  );
  app.patch(
    '/campaigns/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a draft (its author, their manager or an administrator)',
        params: idParams,
        body: UpdateCampaignSchema,
        response: { 200: CampaignSchema, ...errors },
      },
    },
    async (req) => updateCampaign(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/campaigns/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a campaign that is not under way',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await deleteCampaign(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/campaigns/:id/schedule',
    {
      config: write,
      schema: {
        tags,
        summary: 'Send now, at an instant, or at a wall-clock time in each recipient’s time zone',
        params: idParams,
        body: ScheduleInput,
        response: { 200: CampaignSchema, ...errors },
      },
    },
    async (req) => scheduleCampaign(req.ctx, req.params.id, req.body),
  );
  for (const action of ['pause', 'resume', 'cancel', 'unschedule'] as const) {
    app.post(
      `/campaigns/:id/${action}`,
      {
        config: write,
        schema: {
          tags,
          summary: {
            pause: 'Pause a scheduled or running campaign',
            resume: 'Resume a paused campaign (what fell due meanwhile leaves at the campaign’s pace)',
            cancel: 'Cancel: nothing more leaves',
            unschedule: 'Take a scheduled campaign back to draft',
          }[action],
          params: idParams,
          response: { 200: CampaignSchema, ...errors },
        },
      },
      async (req) => changeCampaignState(req.ctx, req.params.id, action),
    );
  }
  app.get(
    '/campaigns/:id/stats',
    {
      config: read,
      schema: {
        tags,
        summary: 'The campaign’s mails by state',
        params: idParams,
        response: { 200: CampaignStatsSchema, ...errors },
      },
    },
    async (req) => campaignStats(req.ctx, req.params.id),
  );
  app.get(
    '/campaigns/:id/report',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The report: sent, unique opens and clicks (people and machines apart), rates, per step and variant, links',
        params: idParams,
        response: { 200: CampaignReportSchema, ...errors },
      },
    },
    async (req) => campaignReport(req.ctx, req.params.id),
  );
  app.get(
    '/campaigns/:id/recipients',
    {
      config: read,
      schema: {
        tags,
        summary: 'The recipients and what each did, by address',
        params: idParams,
        querystring: CampaignRecipientsQuery,
        response: { 200: CampaignRecipientsSchema, ...errors },
      },
    },
    async (req) => campaignRecipients(req.ctx, req.params.id, req.query),
  );
};
