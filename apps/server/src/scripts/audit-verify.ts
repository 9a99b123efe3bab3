/**
 * `npm run audit:verify`: walks the keyed audit chain, checks every signed checkpoint of the checkpoint file against
 * it, and reports the first broken row (docs/adr/0007-keyed-audit-chain.md). When the chain holds, appends a new
 * checkpoint of its head. Exit code 0 when the chain holds, 1 when it is broken, 78 on a configuration error or a database that cannot
 * be opened (a sentence naming DATABASE_URL or DATA_DIR), 2 on any other failure.
 * With the embedded database, stop the server first (PGlite allows one process per data folder).
 */
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { type Config, loadConfigOrExit } from '../config.ts';
import { type ChainReport, verifyAuditChain } from '../platform/audit/audit.ts';
import { type SignedCheckpoint, writeAuditCheckpoint } from '../platform/audit/checkpoints.ts';
import { BootError, exitOnBootFailure, openMigratedDatabase } from '../platform/boot-error.ts';
import { type Deps, systemClock, systemCtx } from '../platform/context.ts';
import type { Database } from '../platform/db/client.ts';

export function describeReport(r: ChainReport): string {
  if (r.ok) {
    const anchor = r.lastCheckpoint ? `last checkpoint at seq ${r.lastCheckpoint.seq}` : 'no checkpoint yet';
    return `Audit chain OK: ${r.checked} rows, ${anchor}`;
  }
  const b = r.firstBroken;
  const where = b?.checkpointLine ? ` (checkpoint file line ${b.checkpointLine})` : '';
  return `Audit chain BROKEN at seq ${b?.seq} (id ${b?.id || 'unknown'}): ${b?.reason}${where} (${r.checked} rows verified before it)`;
}

/**
 * Verifies the chain of an open database with the configured keys and checkpoint file; only `database` and
 * `config` are used, so no queue or cache is started. When it holds and `checkpoint` is set, anchors its head.
 */
export async function verifyDatabaseAuditChain(
  database: Database,
  config: Pick<Config, 'audit'>,
  opts: { checkpoint?: boolean } = {},
): Promise<ChainReport & { written?: SignedCheckpoint }> {
  const log = pino({ level: 'silent' });
  const deps = { database, log, clock: systemClock, config } as unknown as Deps;
  const report = await verifyAuditChain(systemCtx(deps));
  if (!report.ok || !opts.checkpoint) return report;
  const written = await writeAuditCheckpoint(deps);
  return {
    ...report,
    checkpoints: report.checkpoints + 1,
    lastCheckpoint: { seq: written.seq, at: written.at },
    written,
  };
}

async function main(): Promise<number> {
  const config = loadConfigOrExit();
  const database = await openMigratedDatabase(config.database, 2);
  try {
    const report = await verifyDatabaseAuditChain(database, config, { checkpoint: true });
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
      // A database that cannot be opened: the boot refusal (one sentence naming the variable, exit 78).
      if (err instanceof BootError) exitOnBootFailure(err, 'The audit verification');
      console.error(err);
      process.exitCode = 2;
    },
  );
}
