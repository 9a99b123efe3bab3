import { LOST_REASON_CODES, MANDAT_STAGES } from '@crm/contracts';
import { describe, expect, it } from 'vitest';
import { isValidIsin } from '../produits/isin.ts';
import { demoSizes, generateDemoData } from './generate.ts';

const now = new Date('2025-06-15T10:00:00Z');

describe('generateDemoData', () => {
  const data = generateDemoData({ size: 500, seed: 42, now });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateDemoData({ size: 500, seed: 42, now });
    expect(again).toEqual(data);
    const other = generateDemoData({ size: 500, seed: 43, now });
    expect(other.people[0]?.email).not.toBe(data.people[0]?.email);
  });

  it('scales the tables from the size', () => {
    expect(demoSizes(100_000)).toEqual({
      people: 100_000,
      organisations: 5_000,
      produits: 400,
      mandats: 20_000,
      interactions: 150_000,
      tasks: 50_000,
    });
    expect(demoSizes(300).organisations).toBe(30);
    expect(data.people).toHaveLength(500);
    expect(data.organisations).toHaveLength(30);
    expect(data.mandats).toHaveLength(100);
    expect(data.produits).toHaveLength(42);
    expect(data.interactions).toHaveLength(750);
    expect(data.tasks).toHaveLength(250);
  });

  it('covers every organisation category used by the business, with French cities and AUM', () => {
    const cats = new Set(data.organisations.map((o) => o.category));
    for (const c of ['SDG', 'CGPI', 'Wholesale', 'Institution']) expect(cats.has(c as never), c).toBe(true);
    for (const o of data.organisations) {
      expect(o.nameKey).toBeTruthy();
      expect(o.website).toMatch(/^https:\/\/www\.[a-z0-9-]+\.example$/);
      expect(o.legalBasis).toBe('interet_legitime');
      expect(o.dataSource).toBeTruthy();
      if (o.category === 'SDG') expect(Number(o.aum)).toBeGreaterThanOrEqual(1e8);
    }
    expect(new Set(data.organisations.map((o) => o.nameKey)).size).toBe(data.organisations.length);
  });

  it('gives unique e-mails, one primary organisation per person and French phone formats', () => {
    const emails = data.people.map((p) => p.email?.toLowerCase());
    expect(new Set(emails).size).toBe(emails.length);
    const primaries = new Map<string, number>();
    for (const l of data.personOrganisations)
      if (l.isPrimary) primaries.set(l.personId, (primaries.get(l.personId) ?? 0) + 1);
    for (const p of data.people) expect(primaries.get(p.id as string)).toBe(1);
    for (const p of data.people)
      if (p.countryCode === 'FR' && p.mobile) expect(p.mobile).toMatch(/^\+33 [67]( \d\d){4}$/);
  });

  it('avoids e-mails and ISINs already taken', () => {
    const first = data.people[0]?.email as string;
    const isin = data.produits[0]?.isin as string;
    const d = generateDemoData({
      size: 500,
      seed: 42,
      now,
      takenEmails: new Set([first]),
      takenIsins: new Set([isin]),
    });
    expect(d.people.map((p) => p.email)).not.toContain(first);
    expect(d.produits.map((p) => p.isin)).not.toContain(isin);
  });

  it('generates valid ISINs and a treemap-ready catalogue', () => {
    for (const p of data.produits) {
      expect(isValidIsin(p.isin), p.isin).toBe(true);
      expect(p.isin.slice(0, 2)).toMatch(/FR|LU/);
      expect(p.sriRisk).toBeGreaterThanOrEqual(1);
      expect(p.sriRisk).toBeLessThanOrEqual(7);
      expect([6, 8, 9]).toContain(p.sfdrArticle);
      expect(p.assetClass && p.category).toBeTruthy();
    }
  });

  it('spreads mandates over all stages with a consistent stage history', () => {
    expect(new Set(data.mandats.map((m) => m.stage))).toEqual(new Set(MANDAT_STAGES));
    const byMandat = new Map<string, typeof data.mandatStageChanges>();
    for (const c of data.mandatStageChanges) byMandat.set(c.mandatId, [...(byMandat.get(c.mandatId) ?? []), c]);
    for (const m of data.mandats) {
      const changes = byMandat.get(m.id as string) ?? [];
      expect(changes[0]?.fromStage ?? null).toBeNull();
      expect(changes.at(-1)?.toStage).toBe(m.stage);
      changes.forEach((c, i) => {
        const prev = changes[i - 1];
        if (!prev) return;
        expect(c.fromStage).toBe(prev.toStage);
        expect((c.changedAt as Date).getTime()).toBeGreaterThanOrEqual((prev.changedAt as Date).getTime());
      });
      expect((m.createdAt as Date).getTime()).toBeGreaterThan(now.getTime() - 541 * 86_400_000);
      expect(((changes.at(-1)?.changedAt as Date) ?? now).getTime()).toBeLessThanOrEqual(now.getTime());
      if (m.stage === 'gagne' || m.stage === 'perdu') expect(m.closedAt).toEqual(changes.at(-1)?.changedAt);
      else expect(m.closedAt).toBeNull();
    }
  });

  it('gives each lost mandate a reason, likelier by the stage it was lost from, and a detail only sometimes', () => {
    const big = generateDemoData({ size: 5000, seed: 42, now });
    const from = new Map<string, string | null>();
    for (const c of big.mandatStageChanges) if (c.toStage === 'perdu') from.set(c.mandatId, c.fromStage ?? null);
    const lost = big.mandats.filter((m) => m.stage === 'perdu');
    expect(lost.length).toBeGreaterThan(100);
    for (const m of big.mandats) {
      if (m.stage !== 'perdu') {
        expect([m.lostReasonCode, m.lostReason]).toEqual([null, null]);
        continue;
      }
      expect(LOST_REASON_CODES).toContain(m.lostReasonCode);
      if (m.lostReasonCode === 'autre') expect(m.lostReason).toBeTruthy();
    }
    const detailed = lost.filter((m) => m.lostReason).length / lost.length;
    expect(detailed).toBeGreaterThan(0.25);
    expect(detailed).toBeLessThan(0.6);
    expect(new Set(lost.map((m) => m.lostReasonCode)).size).toBeGreaterThanOrEqual(8);
    const share = (stage: string, codes: string[]) => {
      const there = lost.filter((m) => from.get(m.id as string) === stage);
      return there.filter((m) => codes.includes(m.lostReasonCode as string)).length / there.length;
    };
    // Late losses are about fees and competitors, due diligences fail on compliance, early ones go silent.
    expect(share('negociation', ['prix', 'concurrent'])).toBeGreaterThan(0.5);
    expect(share('due_diligence', ['conformite', 'performance'])).toBeGreaterThan(0.4);
    expect(share('lead', ['pas_de_reponse', 'besoin'])).toBeGreaterThan(0.4);
    expect(share('lead', ['conformite'])).toBe(0);
  });

  it('sets owner and team on every business row and never gives a record to a viewer', () => {
    const owners = new Set(data.users.filter((u) => u.role !== 'viewer').map((u) => u.id));
    for (const rows of [data.organisations, data.people, data.mandats, data.interactions, data.tasks]) {
      for (const r of rows) {
        expect(owners.has(r.ownerId as string)).toBe(true);
        expect(r.teamId).toBe(data.users.find((u) => u.id === r.ownerId)?.teamId);
      }
    }
  });

  it('ids are UUIDv7 in creation order', () => {
    const sorted = [...data.organisations].sort((a, b) => (a.id as string).localeCompare(b.id as string));
    const times = sorted.map((o) => (o.createdAt as Date).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(data.organisations[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });
});
