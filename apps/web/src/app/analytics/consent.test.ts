import { describe, expect, it } from 'vitest';
import { bannerChoice, capturePlan, nextChoice } from './consent.ts';

describe('capturePlan', () => {
  it('captures nothing and asks nothing without a config (loading, signed out, failed)', () => {
    expect(capturePlan(undefined)).toEqual({ capture: false, record: false, ask: false });
    expect(capturePlan(null)).toEqual({ capture: false, record: false, ask: false });
  });

  it('asks a user never asked, and captures nothing meanwhile', () => {
    expect(capturePlan({ capture: false, record: false, askConsent: true })).toEqual({
      capture: false,
      record: false,
      ask: true,
    });
    // Even if a config said capture while asking, the question comes first.
    expect(capturePlan({ capture: true, record: true, askConsent: true }).capture).toBe(false);
  });

  it('follows the server: capture, and record only with capture', () => {
    expect(capturePlan({ capture: true, record: false, askConsent: false })).toEqual({
      capture: true,
      record: false,
      ask: false,
    });
    expect(capturePlan({ capture: true, record: true, askConsent: false })).toEqual({
      capture: true,
      record: true,
      ask: false,
    });
    expect(capturePlan({ capture: false, record: true, askConsent: false })).toEqual({
      capture: false,
      record: false,
      ask: false,
    });
  });
});

describe('nextChoice (the profile switches)', () => {
  it('turning analytics off turns replay off', () => {
    expect(nextChoice({ analytics: true, replay: true }, { analytics: false })).toEqual({
      analytics: false,
      replay: false,
    });
  });

  it('replay never goes on without analytics', () => {
    expect(nextChoice({ analytics: false, replay: false }, { replay: true })).toEqual({
      analytics: false,
      replay: false,
    });
  });

  it('keeps the other switch as it was', () => {
    expect(nextChoice({ analytics: true, replay: true }, { replay: false })).toEqual({
      analytics: true,
      replay: false,
    });
    expect(nextChoice({ analytics: false, replay: false }, { analytics: true })).toEqual({
      analytics: true,
      replay: false,
    });
    expect(nextChoice({ analytics: true, replay: false }, { replay: true })).toEqual({ analytics: true, replay: true });
  });
});

describe('bannerChoice', () => {
  it('refusing refuses the replay too, whatever the box says', () => {
    expect(bannerChoice(false, true)).toEqual({ analytics: false, replay: false });
    expect(bannerChoice(false, false)).toEqual({ analytics: false, replay: false });
  });

  it('accepting takes the replay box as it is (unticked by default)', () => {
    expect(bannerChoice(true, false)).toEqual({ analytics: true, replay: false });
    expect(bannerChoice(true, true)).toEqual({ analytics: true, replay: true });
  });
});
