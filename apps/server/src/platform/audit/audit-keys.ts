import { createHmac } from 'node:crypto';
import type { AuditConfig } from '../../config.ts';

/** A key of the audit chain: its secret (from configuration) and its public id (stored on every row it keyed). */
export interface AuditKey {
  id: string;
  secret: string;
}

/** The key that keys new rows and signs new checkpoints, and every key still accepted when verifying. */
export interface AuditKeyring {
  current: AuditKey;
  byId: ReadonlyMap<string, AuditKey>;
}

/**
 * A key's public id: the first 16 hex digits of HMAC-SHA256(key, "crm-audit-key-id"). Derived, so an operator
 * never names keys and an id cannot point at the wrong key; it reveals nothing usable about the key.
 */
export function auditKeyId(secret: string): string {
  return createHmac('sha256', secret).update('crm-audit-key-id').digest('hex').slice(0, 16);
}

const keyrings = new WeakMap<Pick<AuditConfig, 'hmacKey' | 'previousKeys'>, AuditKeyring>();

/** The keyring of a configuration (computed once per configuration object). */
export function auditKeyring(config: Pick<AuditConfig, 'hmacKey' | 'previousKeys'>): AuditKeyring {
  let ring = keyrings.get(config);
  if (!ring) {
    const current = { id: auditKeyId(config.hmacKey), secret: config.hmacKey };
    const byId = new Map<string, AuditKey>();
    for (const secret of config.previousKeys) byId.set(auditKeyId(secret), { id: auditKeyId(secret), secret });
    byId.set(current.id, current);
    ring = { current, byId };
    keyrings.set(config, ring);
  }
  return ring;
}
