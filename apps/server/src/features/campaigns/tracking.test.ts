import { describe, expect, it } from 'vitest';
import { clickToken, machineReason, openToken, readClick, readOpen, withTracking } from './tracking.ts';

const secret = 'a-session-secret-long-enough-for-the-tests-0000000';
const sendId = '0195f4a0-0000-7000-8000-000000000001';
const appUrl = 'https://crm.example';

describe('tracking tokens', () => {
  it('reads back what it signed, and nothing altered', () => {
    expect(readClick(secret, clickToken(secret, sendId, 3))).toEqual({ sendId, index: 3 });
    expect(readOpen(secret, `${openToken(secret, sendId)}.gif`)).toBe(sendId);
    const token = clickToken(secret, sendId, 3);
    expect(readClick(secret, token.replace('.3.', '.4.'))).toBeNull();
    expect(readClick('another-secret-long-enough-for-the-tests-00000000', token)).toBeNull();
    expect(readOpen(secret, `${sendId.replace('1', '2')}.${openToken(secret, sendId).split('.')[1]}`)).toBeNull();
    expect(readClick(secret, 'https://evil.example')).toBeNull();
  });
});

describe('withTracking', () => {
  it('routes web links through the redirect in order, leaves our own pages and mailto, adds the pixel', () => {
    const html =
      '<html><body><a href="https://fonds.example/a?x=1&amp;y=2" style="c">Fonds</a> <a href="mailto:a@b.fr">m</a>' +
      ` <a href="${appUrl}/email/unsubscribe/tok">désinscription</a> <a class="b" href="http://second.example/">2</a></body></html>`;
    const out = withTracking(html, { appUrl, secret, sendId });
    expect(out.links).toEqual(['https://fonds.example/a?x=1&y=2', 'http://second.example/']);
    expect(out.html).toContain(`<a href="${appUrl}/email/c/${clickToken(secret, sendId, 0)}" style="c">Fonds</a>`);
    expect(out.html).toContain(`<a class="b" href="${appUrl}/email/c/${clickToken(secret, sendId, 1)}">2</a>`);
    expect(out.html).toContain('<a href="mailto:a@b.fr">');
    expect(out.html).toContain(`href="${appUrl}/email/unsubscribe/tok"`);
    expect(out.html).toMatch(new RegExp(`<img src="${appUrl}/email/o/${sendId}\\.[\\w-]{22}\\.gif"[^>]*/></body>`));
  });
});

describe('machineReason', () => {
  const base = {
    method: 'GET',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
    ip: '82.64.1.2',
    sentAt: new Date('2026-12-01T10:00:00Z'),
    now: new Date('2026-12-01T10:05:00Z'),
    recentOtherClicks: 0,
  };
  it('tells people from privacy proxies and scanners', () => {
    expect(machineReason({ ...base, kind: 'open' })).toBeNull();
    expect(machineReason({ ...base, kind: 'open', userAgent: 'Mozilla/5.0' })).toBe('apple_mpp');
    expect(machineReason({ ...base, kind: 'open', ip: '17.58.1.1' })).toBe('apple_mpp');
    expect(machineReason({ ...base, kind: 'click' })).toBeNull();
    expect(machineReason({ ...base, kind: 'click', method: 'HEAD' })).toBe('head_request');
    expect(machineReason({ ...base, kind: 'click', userAgent: 'python-requests/2.31' })).toBe('scanner');
    expect(machineReason({ ...base, kind: 'click', userAgent: undefined })).toBe('scanner');
    expect(machineReason({ ...base, kind: 'click', now: new Date('2026-12-01T10:00:04Z') })).toBe('too_fast');
    expect(machineReason({ ...base, kind: 'click', recentOtherClicks: 2 })).toBe('burst');
  });
});
