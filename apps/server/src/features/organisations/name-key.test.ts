import { describe, expect, it } from 'vitest';
import { organisationNameKey } from './name-key.ts';

describe('organisationNameKey', () => {
  it('lower-cases and removes accents and punctuation', () => {
    expect(organisationNameKey('Société Générale')).toBe('societe generale');
    expect(organisationNameKey("  L'Épargne   Française, ")).toBe('l epargne francaise');
    expect(organisationNameKey('Œuvre & Cœur')).toBe('oeuvre et coeur');
  });

  it('removes legal forms, dotted or not, wherever they are', () => {
    expect(organisationNameKey('Rivoli Gestion SAS')).toBe('rivoli gestion');
    expect(organisationNameKey('Rivoli Gestion S.A.S.')).toBe('rivoli gestion');
    expect(organisationNameKey('SA Rivoli Gestion')).toBe('rivoli gestion');
    expect(organisationNameKey('Kléber Capital S.A')).toBe('kleber capital');
    expect(organisationNameKey('Moselle Fund Services GmbH')).toBe('moselle fund services');
    expect(organisationNameKey('Banque Privée Dupont SCA')).toBe('banque privee dupont');
  });

  it('keeps business words and legal-form-like letters inside words', () => {
    expect(organisationNameKey('Haussmann Asset Management')).toBe('haussmann asset management');
    expect(organisationNameKey('Sasha Conseil')).toBe('sasha conseil');
    expect(organisationNameKey('Rivoli.Gestion')).toBe('rivoli gestion');
  });

  it('keeps the name when it is only a legal form', () => {
    expect(organisationNameKey('S.A.')).toBe('sa');
    expect(organisationNameKey('')).toBe('');
  });

  it('gives the same key to spelling variants', () => {
    expect(organisationNameKey('DUPONT & ASSOCIÉS')).toBe(organisationNameKey('Dupont et Associes'));
  });
});
