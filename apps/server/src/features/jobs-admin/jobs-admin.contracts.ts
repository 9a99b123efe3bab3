import { z } from 'zod';

/** pg-boss 10's job states, in its own order. */
export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const QueueCountsSchema = z
  .object({
    name: z.string().describe('The queue: one job name (`dispatch-event`, `run-maintenance`, ...)'),
    cron: z.string().nullable().describe('Schedule (Europe/Paris) of a recurring job'),
    retryLimit: z.number().int().nullable().describe('Attempts after the first one (null: not registered here)'),
    created: z.number().int(),
    retry: z.number().int(),
    active: z.number().int(),
    completed: z.number().int(),
    cancelled: z.number().int(),
    failed: z.number().int(),
    archived: z.number().int().describe('Jobs moved to the archive (completed or failed more than a day ago)'),
  })
  .meta({ id: 'JobQueueCounts' });

export const JobSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    state: z.enum(JOB_STATES),
    data: z.unknown().describe('The job input'),
    error: z.string().nullable().describe('The error message of the last failed attempt, if any'),
    retryCount: z.number().int(),
    retryLimit: z.number().int(),
    createdAt: z.date(),
    startedAt: z.date().nullable(),
    completedAt: z.date().nullable().describe('When it completed, failed or was cancelled'),
    archived: z.boolean().describe('In the archive: kept for reading, no longer retried'),
  })
  .meta({ id: 'JobSummary' });
export type JobSummary = z.infer<typeof JobSummarySchema>;

export const JobsOverviewQuery = z.object({
  state: z.enum(JOB_STATES).default('failed').describe('Which jobs to list (default: failed)'),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/)
    .optional()
    .describe('Only this queue'),
  limit: z.coerce.number().int().min(1).max(200).default(20).describe('Page size (1-200)'),
  cursor: z.string().min(1).max(512).optional().describe('`nextCursor` of the previous page'),
});
export type JobsOverviewInput = z.infer<typeof JobsOverviewQuery>;

export const JobsOverviewSchema = z
  .object({
    queues: z.array(QueueCountsSchema).describe('Every queue, with its jobs counted by state'),
    jobs: z.object({
      items: z.array(JobSummarySchema).describe('Newest first (by completion, start, then creation time)'),
      nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null on the last page'),
      total: z.number().int().describe('Jobs matching `state` and `name` (all pages)'),
    }),
  })
  .meta({ id: 'JobsOverview' });

export const JobIdParams = z.object({ id: z.uuid() });
