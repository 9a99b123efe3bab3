import { OPEN_MANDAT_STAGES, OPEN_TASK_STATUSES } from '@crm/contracts';
import type { Ctx } from '../../platform/context.ts';
import { parisYearStart } from '../../platform/time/paris-day.ts';
import { pipelineSummary } from '../mandats/mandats.service.ts';
import { listOrganisationsFor } from '../organisations/organisations.service.ts';
import { listPeopleFor } from '../people/people.service.ts';
import type { TaskView } from '../tasks/tasks.contracts.ts';
import { listTasksFor } from '../tasks/tasks.service.ts';
import type { HomeSummary } from './home.contracts.ts';

/** Exact sum of decimal strings with at most two decimals (mandate amounts are numeric(15,2)), as `123.40`. */
export function sumAmounts(amounts: string[]): string {
  const cents = amounts.reduce((sum, a) => {
    const [units = '0', fraction = ''] = a.split('.');
    return sum + BigInt(units + fraction.padEnd(2, '0').slice(0, 2));
  }, 0n);
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/**
 * The caller's home page: their open tasks overdue and due today, the open pipeline and key figures of
 * their scope. Every number comes from the features' own scoped queries (lists' totals, the pipeline); the numbers of
 * organisations and people beyond 1,000 are estimates, flagged as such (`organisationsIsEstimate`, `peopleIsEstimate`).
 */
export async function homeSummary(ctx: Ctx): Promise<HomeSummary> {
  const myOpenTasks = async (view: TaskView) =>
    (await listTasksFor(ctx, { view, mine: true, status: [...OPEN_TASK_STATUSES], limit: 1 })).total;
  const [overdue, today, organisations, people, pipeline, closedThisYear] = await Promise.all([
    myOpenTasks('overdue'),
    myOpenTasks('today'),
    listOrganisationsFor(ctx, { limit: 1 }),
    listPeopleFor(ctx, { limit: 1 }),
    pipelineSummary(ctx, {}),
    pipelineSummary(ctx, { closedFrom: parisYearStart(ctx.deps.clock.now()) }),
  ]);
  const open = pipeline
    .filter((s) => (OPEN_MANDAT_STAGES as readonly string[]).includes(s.stage))
    .map((s) => ({
      stage: s.stage as (typeof OPEN_MANDAT_STAGES)[number],
      count: s.count,
      amount: sumAmounts([s.totalAmount]),
    }));
  const won = closedThisYear.find((s) => s.stage === 'gagne');
  return {
    tasks: { overdue, today },
    pipeline: open,
    figures: {
      // Beyond 1,000 rows the lists' totals are the planner's estimate: said so, never shown as an exact figure.
      organisations: organisations.total,
      people: people.total,
      organisationsIsEstimate: organisations.totalIsEstimate === true,
      peopleIsEstimate: people.totalIsEstimate === true,
      openMandats: open.reduce((n, s) => n + s.count, 0),
      openAmount: sumAmounts(open.map((s) => s.amount)),
      wonThisYear: { count: won?.count ?? 0, amount: sumAmounts([won?.totalAmount ?? '0']) },
    },
  };
}
