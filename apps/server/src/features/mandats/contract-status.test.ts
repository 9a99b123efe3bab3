import { describe, expect, it } from 'vitest';
import { contractStatusOf } from './contract-status.ts';

describe('contractStatusOf', () => {
  const won = { kind: 'distribution' as const, stage: 'gagne' as const };
  const today = '2026-03-15';

  it('is null for placements and for distribution mandates not won', () => {
    expect(contractStatusOf({ ...won, kind: 'placement', startDate: null, endDate: null }, today)).toBeNull();
    expect(contractStatusOf({ ...won, stage: 'negociation', startDate: null, endDate: null }, today)).toBeNull();
  });

  it('derives a_venir, actif, expire_bientot and termine from the dates', () => {
    const s = (startDate: string | null, endDate: string | null) =>
      contractStatusOf({ ...won, startDate, endDate }, today);
    expect(s('2026-04-01', '2027-04-01')).toBe('a_venir');
    expect(s('2026-01-01', '2027-01-01')).toBe('actif');
    expect(s(null, null)).toBe('actif');
    expect(s('2025-01-01', '2026-04-14')).toBe('expire_bientot');
    expect(s('2025-01-01', '2026-03-15')).toBe('expire_bientot');
    expect(s('2025-01-01', '2026-04-15')).toBe('actif');
    expect(s('2025-01-01', '2026-03-14')).toBe('termine');
  });
});
