import { departmentOfPostalCode, FRENCH_DEPARTMENTS, FRENCH_REGIONS } from '@crm/contracts';
import { describe, expect, it } from 'vitest';

describe('departments from French postal codes', () => {
  it('reads the first two digits, three overseas, and splits Corsica at 20200', () => {
    expect(departmentOfPostalCode('75008')).toBe('75');
    expect(departmentOfPostalCode('01000')).toBe('01');
    expect(departmentOfPostalCode(' 13 008 ')).toBe('13');
    expect(departmentOfPostalCode('20000')).toBe('2A'); // Ajaccio
    expect(departmentOfPostalCode('20167')).toBe('2A');
    expect(departmentOfPostalCode('20200')).toBe('2B'); // Bastia
    expect(departmentOfPostalCode('97400')).toBe('974'); // Saint-Denis de La Réunion
    expect(departmentOfPostalCode('97600')).toBe('976');
  });

  it('names no department for what is not one', () => {
    for (const code of ['98000', '97500', '97133', '00100', '7500', '750080', 'ABCDE', '', null, undefined]) {
      expect(departmentOfPostalCode(code)).toBeNull();
    }
  });

  it('has the 101 departments, each in one of the 18 regions', () => {
    expect(Object.keys(FRENCH_DEPARTMENTS)).toHaveLength(101);
    expect(Object.keys(FRENCH_REGIONS)).toHaveLength(18);
    for (const d of Object.values(FRENCH_DEPARTMENTS)) expect(FRENCH_REGIONS[d.region]).toBeTruthy();
  });
});
