/**
 * `npm run audit:verify`: walks the hash-chained audit trail and reports the first broken link.
 * Exit code 0 when the chain holds, 1 when it is broken, 78 on a configuration error.
 * With the embedded database, stop the server first (PGlite allows one process per data folder).
 */
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { loadConfigOrExit } from '../config.ts';
import { type ChainReport, verifyAuditChain } from '../platform/audit/audit.ts';
import { type Deps, systemClock, systemCtx } from '../platform/context.ts';
import { type Database, openConfiguredDatabase } from '../platform/db/client.ts';

export function describeReport(r: ChainReport): string {
  if (r.ok) return `Audit chain OK: ${r.checked} rows`;
  const b = r.firstBroken;
  return `Audit chain BROKEN at seq ${b?.seq} (id ${b?.id}): ${b?.reason} (${r.checked} rows verified before it)`;
}

/** Verifies the chain of an open database; only `database` is used, so no queue or cache is started. */
export async function verifyDatabaseAuditChain(database: Database): Promise<ChainReport> {
  const log = pino({ level: 'silent' });
  const deps = { database, log, clock: systemClock } as unknown as Deps;
  return verifyAuditChain(systemCtx(deps));
}

async function main(): Promise<number> {
  const config = loadConfigOrExit();
  const database = await openConfiguredDatabase(config.database, 2);
  try {
    await database.migrate();
    const report = await verifyDatabaseAuditChain(database);
    const line = describeReport(report);
    if (report.ok) console.log(line);
    else console.error(line);
    return report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
}
