import { describe, expect, it } from 'vitest';
import { defaultFieldSide, defaultFieldSides, defaultKeptSide, isEmptyValue } from './merge-choice.ts';

type Contact = { createdAt: string; email: string | null; phone: string | null; city: string; tags: string[] };

const older: Contact = {
  createdAt: '2024-03-01T09:00:00.000Z',
  email: 'elodie@exemple.fr',
  phone: null,
  city: 'Lyon',
  tags: ['CGP'],
};
const newer: Contact = {
  createdAt: '2026-12-01T10:00:00.000Z',
  email: null,
  phone: '+33 6 12 34 56 78',
  city: '',
  tags: [],
};

describe('merge defaults', () => {
  it('keep the older record, whichever page the merge started from', () => {
    expect(defaultKeptSide({ current: newer, other: older })).toBe('other');
    expect(defaultKeptSide({ current: older, other: newer })).toBe('current');
  });

  it('keep the record of the page when both were created at the same instant', () => {
    expect(defaultKeptSide({ current: newer, other: { ...older, createdAt: newer.createdAt } })).toBe('current');
  });

  it('compare instants, not texts (offsets differ)', () => {
    const current = { createdAt: '2026-01-01T10:00:00+02:00' }; // 08:00 UTC
    const other = { createdAt: '2026-01-01T09:00:00Z' };
    expect(defaultKeptSide({ current, other })).toBe('current');
  });

  it('take each field from the kept record when it has a value there', () => {
    const records = { current: newer, other: older };
    expect(defaultFieldSide(records, 'other', 'email')).toBe('other');
    expect(defaultFieldSide(records, 'other', 'city')).toBe('other');
    // Both have a value: the kept record's, even when it is the page's record.
    expect(
      defaultFieldSide({ current: older, other: { ...newer, email: 'autre@exemple.fr' } }, 'current', 'email'),
    ).toBe('current');
  });

  it('take the other record’s value where the kept one has none', () => {
    const records = { current: newer, other: older };
    expect(defaultFieldSide(records, 'other', 'phone')).toBe('current');
    // The newer record kept by hand: its empty fields take the older one's values.
    expect(defaultFieldSides(records, 'current', ['email', 'phone', 'city', 'tags'])).toEqual({
      email: 'other',
      phone: 'current',
      city: 'other',
      tags: 'other',
    });
  });

  it('stay on the kept record when neither has a value', () => {
    const records = { current: { ...newer, phone: null }, other: older };
    expect(defaultFieldSide(records, 'other', 'phone')).toBe('other');
    expect(defaultFieldSide(records, 'current', 'phone')).toBe('current');
  });

  it('count blank texts and empty lists as no value, and zero or false as values', () => {
    expect([null, undefined, '', '   ', []].map(isEmptyValue)).toEqual([true, true, true, true, true]);
    expect([0, false, 'x', ['a']].map(isEmptyValue)).toEqual([false, false, false, false]);
  });
});
