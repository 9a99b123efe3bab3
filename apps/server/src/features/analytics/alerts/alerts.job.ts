import { z } from 'zod';
import { defineJob } from '../../../platform/jobs/define-job.ts';
import { evaluateAlerts } from './alerts.service.ts';

/**
 * Checks the product-analytics alerts every minute (Europe/Paris cron; pg-boss schedules one run per minute across
 * the workers). Not retried: the next minute's run checks again.
 */
export const evaluateAnalyticsAlertsJob = defineJob({
  name: 'evaluate-analytics-alerts',
  input: z.object({}).passthrough(),
  cron: '* * * * *',
  retry: { limit: 0 },
  expireInSeconds: 5 * 60,
  handler: async (_input, { deps, log }) => {
    const checks = await evaluateAlerts(deps);
    const notified = checks.reduce((n, c) => n + c.notified, 0);
    if (notified)
      log.info({ alerts: checks.filter((c) => c.notified).map((c) => c.alertId), notified }, 'analytics alerts fired');
    return { checked: checks.length, notified };
  },
});
