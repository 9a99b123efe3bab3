import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { AuditConfig } from '../../config.ts';
import type { Clock } from '../context.ts';
import type { Queryable } from '../db/client.ts';
import { readChainHead } from './audit.repo.ts';
import { type AuditKey, type AuditKeyring, auditKeyring } from './audit-keys.ts';
import { canonicalJson } from './canonical-json.ts';

/**
 * Signed checkpoints of the audit chain, kept outside the database (docs/adr/0007-keyed-audit-chain.md): each
 * says "at `at`, the chain's row `seq` (id `id`) had hash `hash`, and the chain had `rows` rows up to it". The
 * verifier then refuses a chain that lost that row, changed its hash, or ends before it.
 */
export const CheckpointSchema = z.object({
  v: z.literal(1),
  seq: z.number().int().min(0),
  id: z.string().nullable(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  rows: z.number().int().min(0),
  /** Rows up to this seq may be unkeyed (written before the keyed chain); none after it. */
  legacyThroughSeq: z.number().int().min(0),
  at: z.string(),
  keyId: z.string(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;
export type SignedCheckpoint = Checkpoint & { sig: string };

const SIGNATURE_CONTEXT = 'crm-audit-checkpoint\n';

function signatureOf(fields: Record<string, unknown>, key: AuditKey): string {
  return createHmac('sha256', key.secret).update(SIGNATURE_CONTEXT).update(canonicalJson(fields)).digest('hex');
}

/** Signs a checkpoint with `key`: HMAC-SHA256 over the canonical JSON of every field but `sig`. */
export function signCheckpoint(cp: Omit<Checkpoint, 'keyId'>, key: AuditKey): SignedCheckpoint {
  const fields: Checkpoint = { ...cp, keyId: key.id };
  return { ...fields, sig: signatureOf(fields, key) };
}

export type CheckpointLineResult =
  | { ok: true; checkpoint: Checkpoint }
  | { ok: false; reason: 'checkpoint_signature' | 'unknown_key'; seq: number; id: string | null };

/** Reads one line of a checkpoint file: its signature must hold with a key of the ring, then its shape. */
export function readCheckpointLine(line: string, keyring: AuditKeyring): CheckpointLineResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'checkpoint_signature', seq: 0, id: null };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, reason: 'checkpoint_signature', seq: 0, id: null };
  }
  const { sig, ...fields } = parsed as Record<string, unknown>;
  const claimed = {
    seq: typeof fields.seq === 'number' ? fields.seq : 0,
    id: typeof fields.id === 'string' ? fields.id : null,
  };
  const key = typeof fields.keyId === 'string' ? keyring.byId.get(fields.keyId) : undefined;
  if (!key) return { ok: false, reason: 'unknown_key', ...claimed };
  const expected = Buffer.from(signatureOf(fields, key), 'hex');
  const given = Buffer.from(typeof sig === 'string' && /^[0-9a-f]{64}$/.test(sig) ? sig : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'checkpoint_signature', ...claimed };
  }
  const shape = CheckpointSchema.safeParse(fields);
  if (!shape.success) return { ok: false, reason: 'checkpoint_signature', ...claimed };
  return { ok: true, checkpoint: shape.data };
}

/**
 * Where checkpoints are kept. The file sink is built; an object store with retention (S3 Object Lock) would be a
 * second implementation, added to `checkpointSinks`: `append` puts one object per checkpoint, `lines` lists them.
 */
export interface CheckpointSink {
  readonly name: string;
  /** Adds one checkpoint; never rewrites or removes earlier ones. */
  append(cp: SignedCheckpoint): Promise<void>;
  /** Every stored checkpoint, oldest first, as written (one JSON text each), with its line number. */
  lines(): AsyncIterable<{ line: number; text: string }>;
}

/**
 * An append-only JSON-lines file. Each checkpoint is one self-contained line written by a single write() on a
 * descriptor opened with O_APPEND, so processes appending at the same time cannot interleave or overwrite lines.
 */
export class FileCheckpointSink implements CheckpointSink {
  readonly name: string;
  constructor(readonly path: string) {
    this.name = `file:${path}`;
  }

  async append(cp: SignedCheckpoint): Promise<void> {
    const data = Buffer.from(`${JSON.stringify(cp)}\n`);
    await mkdir(dirname(this.path), { recursive: true });
    const handle = await open(this.path, 'a', 0o600);
    try {
      const { bytesWritten } = await handle.write(data);
      if (bytesWritten !== data.length)
        throw new Error(`short write to ${this.path}: ${bytesWritten} of ${data.length}`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async *lines(): AsyncIterable<{ line: number; text: string }> {
    const stream = createReadStream(this.path, { encoding: 'utf8' });
    const opened = new Promise<boolean>((resolve, reject) => {
      stream.once('ready', () => resolve(true));
      stream.once('error', (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? resolve(false) : reject(err)));
    });
    if (!(await opened)) return;
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      if (text.trim()) yield { line, text };
    }
  }
}

/** The configured sinks: the file, first, is the one the verifier reads. */
export function checkpointSinks(config: Pick<AuditConfig, 'checkpointFile'>): CheckpointSink[] {
  return [new FileCheckpointSink(config.checkpointFile)];
}

export interface CheckpointTarget {
  database: { db: Queryable };
  clock: Clock;
  config: { audit: AuditConfig };
}

/**
 * Anchors the chain's current head: signs it with the current key and appends it to every sink. A checkpoint
 * asserts only what the database holds now; it never makes a broken chain pass (verification still walks every
 * row), it makes later truncation or rewriting of what it covers visible.
 */
export async function writeAuditCheckpoint(target: CheckpointTarget): Promise<SignedCheckpoint> {
  const head = await readChainHead(target.database.db);
  const cp = signCheckpoint(
    {
      v: 1,
      seq: head.seq,
      id: head.id,
      hash: head.hash,
      rows: head.rows,
      legacyThroughSeq: head.legacyThroughSeq,
      at: target.clock.now().toISOString(),
    },
    auditKeyring(target.config.audit).current,
  );
  for (const sink of checkpointSinks(target.config.audit)) await sink.append(cp);
  return cp;
}
