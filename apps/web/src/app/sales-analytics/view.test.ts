import { describe, expect, it } from 'vitest';
import '../paris-time.ts';
import {
  apiQuery,
  bucketDays,
  drill,
  hubFilters,
  presetOf,
  presetRange,
  previousRange,
  readView,
  withinFilters,
  writeView,
} from './view.ts';

const TEAM = '11111111-1111-4111-8111-111111111111';
const ALICE = '22222222-2222-4222-8222-222222222222';
const BOB = '33333333-3333-4333-8333-333333333333';
const today = '2026-12-07';

describe('the hub view in the URL', () => {
  it('defaults to the last 12 months by month, without filters', () => {
    expect(readView(new URLSearchParams(), today)).toEqual({
      from: '2025-12-08',
      to: today,
      granularity: 'month',
      compare: false,
      teamId: null,
      ownerIds: [],
      kind: null,
    });
  });

  it('reads what a shared link says, and drops what it cannot read', () => {
    const view = readView(
      new URLSearchParams(
        `from=2026-11-01&to=2026-11-30&compare=1&teamId=${TEAM}&ownerIds=${ALICE},nope,${BOB}&kind=placement`,
      ),
      today,
    );
    expect(view).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      granularity: 'day',
      compare: true,
      teamId: TEAM,
      ownerIds: [ALICE, BOB],
      kind: 'placement',
    });
    // From after to, a period over 1,100 days, an unknown kind: the defaults.
    expect(readView(new URLSearchParams('from=2026-12-01&to=2026-11-01&kind=x'), today)).toMatchObject({
      from: '2025-12-08',
      kind: null,
    });
    expect(readView(new URLSearchParams('from=2020-01-01&to=2026-11-01'), today).from).toBe('2025-12-08');
  });

  it('writes a change back and reads the same view', () => {
    const params = writeView(new URLSearchParams('tab=marketing'), {
      from: '2026-01-01',
      to: today,
      granularity: 'week',
      ownerIds: [ALICE],
      compare: true,
    });
    expect(params.get('tab')).toBe('marketing');
    expect(readView(params, today)).toMatchObject({ granularity: 'week', ownerIds: [ALICE], compare: true });
    const cleared = writeView(params, { ownerIds: [], compare: false, teamId: null });
    expect(cleared.has('ownerIds')).toBe(false);
    expect(cleared.has('compare')).toBe(false);
  });

  it('knows its presets: 7 and 30 days, 12 months, the year to date', () => {
    expect(presetRange('7d', today)).toEqual({ from: '2026-12-01', to: today });
    expect(presetRange('30d', today)).toEqual({ from: '2026-11-08', to: today });
    expect(presetRange('ytd', today)).toEqual({ from: '2026-01-01', to: today });
    expect(presetOf({ from: '2026-01-01', to: today }, today)).toBe('ytd');
    expect(presetOf({ from: '2026-01-02', to: today }, today)).toBeNull();
  });

  it('compares with the period of the same length just before', () => {
    expect(previousRange({ from: '2026-11-01', to: '2026-11-30' })).toEqual({ from: '2026-10-02', to: '2026-10-31' });
  });

  it('sends the API only the filters set', () => {
    const view = readView(new URLSearchParams(`from=2026-11-01&to=2026-11-30&ownerIds=${ALICE}`), today);
    expect(apiQuery(view)).toEqual({ from: '2026-11-01', to: '2026-11-30', granularity: 'day', ownerIds: [ALICE] });
  });
});

describe('the filters each caller may choose', () => {
  const shared = readView(new URLSearchParams(`teamId=${TEAM}&ownerIds=${ALICE},${BOB}&kind=placement`), today);

  it('offers an administrator the team and the sales people, and keeps them', () => {
    const filters = hubFilters({ role: 'admin', teamId: null });
    expect(filters).toEqual({ team: true, owners: true });
    expect(withinFilters(shared, filters)).toEqual(shared);
  });

  it('offers a member of a team their teammates, not the team (they see one team at most)', () => {
    for (const role of ['manager', 'user', 'viewer'] as const) {
      const filters = hubFilters({ role, teamId: TEAM });
      expect(filters).toEqual({ team: false, owners: true });
      expect(withinFilters(shared, filters)).toMatchObject({ teamId: null, ownerIds: [ALICE, BOB], kind: 'placement' });
    }
  });

  it('offers someone in no team neither: they see their own records only, and a shared link narrows nothing', () => {
    for (const role of ['user', 'viewer'] as const) {
      const filters = hubFilters({ role, teamId: null });
      expect(filters).toEqual({ team: false, owners: false });
      expect(withinFilters(shared, filters)).toEqual({ ...shared, teamId: null, ownerIds: [] });
    }
  });
});

describe('drill-through', () => {
  const view = readView(new URLSearchParams(`from=2026-01-15&to=2026-03-10&teamId=${TEAM}&kind=distribution`), today);

  it('clips a bucket to the period', () => {
    expect(bucketDays('2026-01-01', 'month', view)).toEqual({ from: '2026-01-15', to: '2026-01-31' });
    expect(bucketDays('2026-03-01', 'month', view)).toEqual({ from: '2026-03-01', to: '2026-03-10' });
    expect(bucketDays('2026-02-02', 'week', view)).toEqual({ from: '2026-02-02', to: '2026-02-08' });
  });

  it('lists the mandates won in a bucket, Paris days as instants, with the view’s filters', () => {
    const url = new URL(drill.closed(view, { from: '2026-02-01', to: '2026-02-28' }), 'http://x');
    expect(url.pathname).toBe('/mandats');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      mode: 'list',
      teamId: TEAM,
      kind: 'distribution',
      currency: 'EUR',
      stage: 'gagne',
      // Midnight in Paris (UTC+1 in winter) and the last millisecond of the 28th.
      closedFrom: '2026-01-31T23:00:00.000Z',
      closedTo: '2026-02-28T22:59:59.999Z',
    });
  });

  it('leaves out a filter taken off, and lists open mandates by expected closing day', () => {
    const closings = new URL(drill.closed(view, view, { currency: '' }), 'http://x');
    expect(closings.searchParams.has('currency')).toBe(false);
    const expected = new URL(drill.expected(view, { from: '2026-02-01', to: '2026-02-28' }), 'http://x');
    expect(expected.searchParams.get('stage')).toBe('lead,rdv,pitch,due_diligence,negociation');
    expect(expected.searchParams.get('expectedCloseFrom')).toBe('2026-02-01');
    expect(expected.searchParams.get('expectedCloseTo')).toBe('2026-02-28');
  });
});
