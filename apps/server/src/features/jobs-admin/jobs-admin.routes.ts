import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { JobIdParams, JobSummarySchema, JobsOverviewQuery, JobsOverviewSchema } from './jobs-admin.contracts.ts';
import { getJobsOverview, retryJob } from './jobs-admin.service.ts';

const admin = { auth: { scope: 'admin' as const } };
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };
const tags = ['jobs'];

/** Watching the background job queues (pg-boss) and retrying failed jobs (admins only). */
export const jobsAdminRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  app.get(
    '/admin/jobs',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Jobs counted per queue and state, and a page of jobs in one state (default: failed), newest first',
        querystring: JobsOverviewQuery,
        response: { 200: JobsOverviewSchema, ...errors },
      },
    },
    async (req) => getJobsOverview(req.ctx, req.query),
  );

  app.post(
    '/admin/jobs/:id/retry',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Put a failed job back in its queue for one more attempt (409 job.not_failed otherwise); audited',
        params: JobIdParams,
        response: { 200: JobSummarySchema, ...errors, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req) => retryJob(req.ctx, req.params),
  );
};
