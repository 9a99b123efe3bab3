import { erasureSql } from '../db/scrub.ts';
import type { Tx } from '../db/tx.ts';
import type { Erasure } from '../entities/reassign.ts';
import {
  type AuditRow,
  auditRowsMentioning,
  ERASED,
  isErasedValue,
  KEYED_DIGEST_HASH_ALG,
  LEGACY_HASH_ALG,
  redactionSeal,
  updateAuditValues,
  valueDigest,
} from './audit.repo.ts';
import { rowHolds } from './audit.ts';
import { type AuditKeyring, auditKeyring } from './audit-keys.ts';

export interface AuditErasure {
  erasure: Erasure;
  /** The subject's audit entity type (`person`): its own rows lose every value of `personalFields`. */
  entityType: string;
  /** Fields of the subject's own rows whose values go whatever they hold (job title, notes…). */
  personalFields: readonly string[];
  /** Only find the rows holding a value (the RGPD export lists them), change nothing. */
  dryRun?: boolean;
}

type Path = (string | number)[];

/**
 * RGPD erasure in the audit trail (docs/adr/0011-erasable-audit-values.md): in the rows about the subject and the rows
 * whose values mention them, each text value that holds one of the erasure's phrases, equals their first or last name
 * (rows that hold their id), or sits under one of `personalFields` (the subject's own rows) is replaced by
 * `{ "$erased": digest }`. A row hashed over digests (`hmac-sha256-v2`) keeps its hash; an older row is re-sealed
 * with the current key after its hash was checked. Returns the ids of the rows changed. The chain verifies as before.
 */
export async function eraseAuditValues(t: Tx, r: AuditErasure): Promise<string[]> {
  const keyring = auditKeyring(t.ctx.deps.config.audit);
  const rows = await auditRowsMentioning(t.db, r.entityType, r.erasure.id, erasureSql(r.erasure));
  const phrases = r.erasure.phrases.map((p) => p.trim().toLocaleLowerCase()).filter(Boolean);
  const names = new Set(r.erasure.names.map((n) => n.trim().toLocaleLowerCase()));
  const changed: string[] = [];
  for (const row of rows) {
    const own = row.entityType === r.entityType && row.entityId === r.erasure.id;
    const aboutSubject = own || JSON.stringify([row.changes, row.metadata]).includes(r.erasure.id);
    const erase = (value: string, path: Path, inChanges: boolean) => {
      const v = value.toLocaleLowerCase();
      if (phrases.some((p) => v.includes(p))) return true;
      if (aboutSubject && names.has(v.trim())) return true;
      return own && inChanges && typeof path[0] === 'string' && r.personalFields.includes(path[0]);
    };
    const key = keyring.byId.get(row.keyId ?? '') ?? keyring.current;
    let touched = false;
    const walk = (value: unknown, path: Path, inChanges: boolean): unknown => {
      if (typeof value === 'string') {
        if (!erase(value, path, inChanges)) return value;
        touched = true;
        return { [ERASED]: valueDigest(key, value) };
      }
      if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i], inChanges));
      if (isErasedValue(value)) return value;
      if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k], inChanges)]));
      }
      return value;
    };
    const next = { changes: walk(row.changes, [], true), metadata: walk(row.metadata, [], false) };
    if (!touched) continue;
    changed.push(row.id);
    if (!r.dryRun) await updateAuditValues(t.db, row.seq, { ...next, ...resealed(row, next, keyring) });
  }
  return changed;
}

/** An older row (hashed over its values) keeps its place through a seal, made only when its hash held. */
function resealed(
  row: AuditRow,
  next: Pick<AuditRow, 'changes' | 'metadata'>,
  keyring: AuditKeyring,
): Partial<Pick<AuditRow, 'redactionSeal' | 'redactionKeyId'>> {
  if (row.hashAlg === KEYED_DIGEST_HASH_ALG) return {};
  const key = row.hashAlg === LEGACY_HASH_ALG ? null : (keyring.byId.get(row.keyId ?? '') ?? null);
  if (rowHolds(row, key, keyring) !== true) return {}; // a broken row stays reported as broken
  return { redactionSeal: redactionSeal({ ...row, ...next }, keyring.current), redactionKeyId: keyring.current.id };
}
