import type { CONTRACT_STATUSES, MandatKind, MandatStage } from '@crm/contracts';

export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Days before the end date from which a running mandate is `expire_bientot`. */
export const EXPIRING_WITHIN_DAYS = 30;

/** `YYYY-MM-DD` of an instant (UTC). */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}

/**
 * The contract status of a won distribution mandate, from its dates and today (DOMAIN.md): `a_venir` before
 * the start, `termine` after the end, `expire_bientot` when the end is within 30 days, `actif` otherwise.
 * A missing start counts as started, a missing end as open-ended. Null for every other mandate.
 */
export function contractStatusOf(
  m: { kind: MandatKind; stage: MandatStage; startDate: string | null; endDate: string | null },
  today: string,
): ContractStatus | null {
  if (m.kind !== 'distribution' || m.stage !== 'gagne') return null;
  if (m.startDate && m.startDate > today) return 'a_venir';
  if (m.endDate && m.endDate < today) return 'termine';
  if (m.endDate && m.endDate <= addDays(today, EXPIRING_WITHIN_DAYS)) return 'expire_bientot';
  return 'actif';
}
