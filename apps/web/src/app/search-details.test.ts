import { CODE_LISTS, ENUM_LABELS_FR } from '@crm/contracts';
import { describe, expect, it } from 'vitest';
import { en } from './locales/en.ts';
import { fr } from './locales/fr.ts';
import { searchHitLine } from './search-details.ts';

// What Search.tsx hands over: the locale's `enums` and its medium date in Paris time (format.ts's `date`).
const line = (messages: typeof fr, locale: string) => (details: Parameters<typeof searchHitLine>[0]) =>
  searchHitLine(
    details,
    (list, code) => (messages.enums[list] as Record<string, string>)[code] ?? code,
    (iso) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Paris' }).format(new Date(iso)),
  );

describe('the second line of a search hit', () => {
  const mandat = [
    { kind: 'enum', list: 'mandatKind', value: 'distribution' },
    { kind: 'enum', list: 'stage', value: 'gagne' },
  ] as const;
  const task = [
    { kind: 'enum', list: 'taskStatus', value: 'doing' },
    { kind: 'date', value: '2026-12-10T09:00:00Z' },
  ] as const;

  it('names codes and formats dates in French', () => {
    expect(line(fr, 'fr-FR')([...mandat])).toBe('Distribution · Gagné');
    expect(line(fr, 'fr-FR')([...task])).toBe('En cours · 10 déc. 2026');
  });

  it('and in English', () => {
    expect(line(en, 'en-GB')([...mandat])).toBe('Distribution · Won');
    expect(line(en, 'en-GB')([...task])).toBe('In progress · 10 Dec 2026');
  });

  it('shows texts as they are', () => {
    expect(
      line(
        fr,
        'fr-FR',
      )([
        { kind: 'text', value: 'CGPI' },
        { kind: 'text', value: 'Lyon' },
      ]),
    ).toBe('CGPI · Lyon');
    expect(line(fr, 'fr-FR')([])).toBe('');
  });

  it('has a name in both languages for every code of every list the API may send', () => {
    for (const list of CODE_LISTS)
      for (const code of Object.keys(ENUM_LABELS_FR[list]))
        for (const messages of [fr, en]) expect((messages.enums[list] as Record<string, string>)[code]).toBeTruthy();
  });
});
