import { OPEN_MANDAT_STAGES } from '@crm/contracts';
import { z } from 'zod';

const count = z.number().int();
const amount = z.string().describe('Sum of amounts (decimal string; currencies are not converted)');

export const HomeSummarySchema = z
  .object({
    tasks: z
      .object({
        overdue: count.describe('My open tasks due before now (as `GET /tasks?view=overdue&mine=true`)'),
        today: count.describe(
          'My open tasks due later today, Europe/Paris (`view=today&mine=true&status=todo,doing`; none also overdue)',
        ),
      })
      .describe('Open tasks assigned to me'),
    pipeline: z
      .array(z.object({ stage: z.enum(OPEN_MANDAT_STAGES), count, amount }))
      .describe('Open mandates in my scope per stage, in pipeline order'),
    figures: z
      .object({
        organisations: count,
        people: count,
        organisationsIsEstimate: z
          .boolean()
          .describe(
            "`organisations` is the query planner's estimate, not a count (beyond 1,000 rows, as a list's `totalIsEstimate`): show it as approximate",
          ),
        peopleIsEstimate: z
          .boolean()
          .describe("`people` is the query planner's estimate, not a count: show it as approximate"),
        openMandats: count,
        openAmount: amount,
        wonThisYear: z
          .object({ count, amount })
          .describe('Mandates won (closed at stage gagne) since 1 January, Europe/Paris'),
      })
      .describe('Live records in my scope'),
  })
  .meta({ id: 'HomeSummary' });
export type HomeSummary = z.infer<typeof HomeSummarySchema>;
