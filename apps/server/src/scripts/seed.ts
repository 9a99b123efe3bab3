/**
 * `npm run seed -- --size N [--seed S] [--force]`: fills the configured database (PGlite in DATA_DIR or
 * DATABASE_URL) with the demo dataset (N people; organisations, mandates, products, interactions and
 * tasks in proportion). Refuses a database that already has organisations unless `--force`.
 * With the embedded database, stop the server first (PGlite has no data-dir lock).
 */
import { count } from 'drizzle-orm';
import pino from 'pino';
import { loadConfigOrExit } from '../config.ts';
import { seedDemoData } from '../features/demo-data/seed.ts';
import { organisations } from '../features/organisations/organisations.schema.ts';
import { exitOnBootFailure, openMigratedDatabase } from '../platform/boot-error.ts';

function parseArgs(argv: string[]): { size: number; seed: number; force: boolean } {
  let size = 2_000;
  let seed = 1;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const [flag, inline] = a.includes('=') ? (a.split('=', 2) as [string, string]) : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${flag} needs a whole number`);
      return Number(v);
    };
    if (flag === '--size') size = value();
    else if (flag === '--seed') seed = value();
    else if (flag === '--force') force = true;
    else if (flag === '--help' || flag === '-h') {
      console.log('usage: npm run seed -- [--size N (people, default 2000)] [--seed S] [--force]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (size < 1 || size > 1_000_000) throw new Error('--size must be between 1 and 1,000,000');
  return { size, seed, force };
}

async function main() {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(64);
  }
  const config = loadConfigOrExit();
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const database = await openMigratedDatabase(config.database, 5);
  try {
    const [row] = await database.db.select({ n: count() }).from(organisations);
    if ((row?.n ?? 0) > 0 && !args.force) {
      console.error(
        `the database already has ${row?.n} organisations: not seeding (use --force to add demo data anyway)`,
      );
      process.exitCode = 1;
      return;
    }
    console.log(`seeding ${args.size} people (seed ${args.seed}) into ${config.database.kind}…`);
    const result = await seedDemoData(
      { database, log, config },
      {
        size: args.size,
        seed: args.seed,
        onProgress: (table, rows) => console.log(`  ${table.padEnd(24)} ${String(rows).padStart(8)}`),
      },
    );
    console.log(`demo users created: ${result.usersCreated} (random passwords, never shown: reset them as admin)`);
    console.log(`done in ${(result.ms / 1000).toFixed(1)} s`);
  } finally {
    await database.close();
  }
}

main().catch((err) => exitOnBootFailure(err, 'The seeding'));
