import { count } from 'drizzle-orm';
import type { Deps } from '../../platform/context.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import { type SeedResult, seedDemoData } from './seed.ts';

export const FIRST_START_DEMO_SIZE = 2_000;

/**
 * On the first start of the embedded database (no organisation at all, SEED_DEMO_DATA not turned off),
 * fills the CRM with a demo dataset so a new user sees meaningful lists and dashboards.
 */
export async function seedDemoDataOnFirstStart(deps: Deps, size = FIRST_START_DEMO_SIZE): Promise<SeedResult | null> {
  if (!deps.config.seedDemoData || deps.config.database.kind === 'postgres') return null;
  const [row] = await deps.database.db.select({ n: count() }).from(organisations);
  if ((row?.n ?? 0) > 0) return null;
  deps.log.info({ size }, 'first start: seeding demo data (SEED_DEMO_DATA=false to skip)');
  const result = await seedDemoData(deps, { size });
  deps.log.info({ counts: result.counts, usersCreated: result.usersCreated, ms: result.ms }, 'demo data seeded');
  return result;
}
