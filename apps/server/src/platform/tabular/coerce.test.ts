import { describe, expect, it } from 'vitest';
import { coerceBoolean, coerceEmail, coerceUrl, matchEnum, parseDecimal, splitList } from './coerce.ts';
import { parseDate } from './coerce-date.ts';
import { countryCodeOf, isCountryCode } from './countries.ts';
import { LINK_ROLE_OPTIONS, ORGANISATION_CATEGORY_OPTIONS, SOURCE_OPTIONS } from './enum-options.ts';

describe('parseDecimal', () => {
  it.each([
    ['1 250 000,50', 1250000.5],
    ['1\u00a0250\u202f000,50', 1250000.5],
    ['1.250.000,50', 1250000.5],
    ['1,250,000.50', 1250000.5],
    ['1250000.5', 1250000.5],
    ['12,5', 12.5],
    ['-3,25', -3.25],
    ['12,5 M€', 12_500_000],
    ['3 Md€', 3_000_000_000],
    ['250 k€', 250_000],
    ['1 500 €', 1500],
    ["1'250'000", 1250000],
    ['1.250.000', 1250000],
    ['42', 42],
  ])('reads %s as %d', (input, expected) => {
    expect(parseDecimal(input)).toBe(expected);
  });

  it.each(['abc', '12,5,3.2.1', '1-2', '', '€'])('rejects %s', (input) => {
    expect(parseDecimal(input)).toBeNull();
  });
});

describe('parseDate', () => {
  it.each([
    ['24/11/2026', '2026-11-24'],
    ['1/2/2026', '2026-02-01'],
    ['24.11.2026', '2026-11-24'],
    ['24-11-26', '2026-11-24'],
    ['2026-11-24', '2026-11-24'],
    ['2026-11-24T10:30:00Z', '2026-11-24'],
    ['24 Nov 2026', '2026-11-24'],
    ['24 nov. 2026', '2026-11-24'],
    ['3 févr. 2025', '2025-02-03'],
    ['1er août 2024', '2024-08-01'],
    ['24 novembre 2026', '2026-11-24'],
    ['Nov 24, 2026', '2026-11-24'],
    ['11/24/2026', '2026-11-24'],
    ['05/04/2026', '2026-04-05'],
  ])('reads %s as %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each(['31/02/2026', '2026-13-01', 'demain', '24 Foo 2026', '11/24'])('rejects %s', (input) => {
    expect(parseDate(input)).toBeNull();
  });
});

describe('countryCodeOf', () => {
  it.each([
    ['France', 'FR'],
    ['Luxembourg', 'LU'],
    ['Belgique', 'BE'],
    ['Belgium', 'BE'],
    ['Suisse', 'CH'],
    ['Switzerland', 'CH'],
    ['Espagne', 'ES'],
    ['Spain', 'ES'],
    ['Allemagne', 'DE'],
    ['Italie', 'IT'],
    ['Royaume-Uni', 'GB'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['Monaco', 'MC'],
    ['Pays-Bas', 'NL'],
    ['pays bas', 'NL'],
    ['ÉTATS-UNIS', 'US'],
    ['fr', 'FR'],
    ['lu', 'LU'],
    ['Portugal', 'PT'],
  ])('maps %s to %s', (input, expected) => {
    expect(countryCodeOf(input)).toBe(expected);
  });

  it('returns null for what is not a country', () => {
    expect(countryCodeOf('Atlantide')).toBeNull();
    expect(countryCodeOf('QQ')).toBeNull();
  });

  it('knows ISO 3166-1 alpha-2 codes only: no unknown or reserved region of ICU (ZZ, EU, AC, EA)', () => {
    for (const code of ['ZZ', 'zz', 'EU', 'AC', 'EA', 'QO']) expect(countryCodeOf(code), code).toBeNull();
    expect(countryCodeOf('DEU')).toBe('DE');
    expect(countryCodeOf('Côte d’Ivoire')).toBe('CI');
  });
});

describe('isCountryCode', () => {
  it('accepts ISO 3166-1 alpha-2 codes in any case and nothing else', () => {
    for (const code of ['FR', 'fr', 'Lu', 'GB', 'US']) expect(isCountryCode(code), code).toBe(true);
    for (const code of ['ZZ', 'UK', 'EU', 'AC', 'FRA', 'F', '']) expect(isCountryCode(code), code).toBe(false);
  });
});

describe('coerceBoolean', () => {
  it.each(['oui', 'Oui', 'yes', 'TRUE', 'vrai', '1', 'x', 'X'])('reads %s as true', (v) => {
    expect(coerceBoolean(v)).toEqual({ ok: true, value: true });
  });
  it.each(['non', 'No', 'false', 'faux', '0'])('reads %s as false', (v) => {
    expect(coerceBoolean(v)).toEqual({ ok: true, value: false });
  });
  it('rejects anything else with a code', () => {
    expect(coerceBoolean('peut-être')).toMatchObject({ ok: false, code: 'import.invalid_boolean' });
  });
});

describe('splitList', () => {
  it('splits on ; and , and drops blanks and repeats', () => {
    expect(splitList(' ESG ; Actions, ; Obligations,esg ')).toEqual(['ESG', 'Actions', 'Obligations']);
  });
});

describe('matchEnum', () => {
  it('matches stored values and French or English labels regardless of case and accents', () => {
    expect(matchEnum('Décideur', LINK_ROLE_OPTIONS)).toEqual({ ok: true, value: 'decideur' });
    expect(matchEnum('DECIDEUR', LINK_ROLE_OPTIONS)).toEqual({ ok: true, value: 'decideur' });
    expect(matchEnum('decision maker', LINK_ROLE_OPTIONS)).toEqual({ ok: true, value: 'decideur' });
    expect(matchEnum('contact_principal', LINK_ROLE_OPTIONS)).toEqual({ ok: true, value: 'contact_principal' });
    expect(matchEnum('CGP', ORGANISATION_CATEGORY_OPTIONS)).toEqual({ ok: true, value: 'CGPI' });
    expect(matchEnum('cgpi', ORGANISATION_CATEGORY_OPTIONS)).toEqual({ ok: true, value: 'CGPI' });
    expect(matchEnum('Société de gestion', ORGANISATION_CATEGORY_OPTIONS)).toEqual({ ok: true, value: 'SDG' });
    expect(matchEnum('Site Web', SOURCE_OPTIONS)).toEqual({ ok: true, value: 'site_web' });
  });

  it('names the allowed values when nothing matches', () => {
    const r = matchEnum('Astronaute', LINK_ROLE_OPTIONS);
    expect(r).toMatchObject({ ok: false, code: 'import.unknown_value' });
    expect(!r.ok && r.message).toContain('Décideur (decideur)');
  });
});

describe('coerceEmail and coerceUrl', () => {
  it('accepts and cleans addresses', () => {
    expect(coerceEmail('mailto:jean@acme.fr')).toEqual({ ok: true, value: 'jean@acme.fr' });
    expect(coerceEmail('jean@')).toMatchObject({ ok: false, code: 'import.invalid_email' });
    expect(coerceUrl('www.acme.fr')).toEqual({ ok: true, value: 'https://www.acme.fr' });
    expect(coerceUrl('https://www.linkedin.com/in/x')).toEqual({ ok: true, value: 'https://www.linkedin.com/in/x' });
    expect(coerceUrl('javascript:alert(1)')).toMatchObject({ ok: false, code: 'import.invalid_url' });
    expect(coerceUrl('pas une url')).toMatchObject({ ok: false, code: 'import.invalid_url' });
  });
});
