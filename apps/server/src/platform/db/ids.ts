import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * Random bytes drawn 4 KB at a time from the system's CSPRNG: one call per 256 ids instead of one per id (an import
 * makes about six ids a contact: the contact, its link, two audit rows, an event, a job).
 */
const pool = Buffer.allocUnsafe(4096);
let offset = pool.length;
/** The millisecond and counter of the last id: ids made within one millisecond keep increasing. */
let lastMs = Number.NEGATIVE_INFINITY;
let seq = 0;

/** UUIDv7: time-ordered, so ids sort by creation and index locality stays good; increasing within a millisecond. */
export function newId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const random = pool.subarray(offset, offset + 16);
  offset += 16;
  const now = Date.now();
  if (now > lastMs) {
    // A new millisecond: the counter starts at a random 31-bit value (RFC 9562, method 1), as the uuid package does.
    lastMs = now;
    seq =
      (((random[6] as number) & 0x7f) << 24) |
      ((random[7] as number) << 16) |
      ((random[8] as number) << 8) |
      (random[9] as number);
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMs++;
  }
  return v7({ random, msecs: lastMs, seq });
}
