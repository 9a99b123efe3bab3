import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../ingest/envelope.ts';
import { elementsChainOf, parseElementsChain, sanitiseEvent, sanitiseSelector } from './sanitise.ts';
import { pageOf, truncateIp } from './url.ts';

const ID = '0199b0a4-1111-7000-8000-000000000001';
const raw = (event: string, properties: Record<string, unknown> = {}): RawEvent => ({
  event,
  distinctId: 'anon-1',
  properties,
});
const web = (e: RawEvent) => sanitiseEvent(e, { source: 'web', ip: '203.0.113.0' });
const props = (e: RawEvent) => {
  const r = web(e);
  if (!r.ok) throw new Error(`dropped: ${r.reason}`);
  return r.event.properties;
};

describe('URLs: path and route pattern, no query, no fragment, no free text', () => {
  it.each([
    [`https://crm.example/people/${ID}?q=Jean#notes`, `/people/${ID}`, '/people/:id'],
    ['/organisations/42/merge', '/organisations/42/merge', '/organisations/:id/merge'],
    ['https://crm.example/', '/', '/'],
    ['/people/Jean%20Dupont', '/people/:value', '/people/:value'],
    ['/search/jean@example.com', '/search/:value', '/search/:value'],
  ])('%s', (url, path, route) => {
    expect(pageOf(url)).toEqual({ path, route });
  });
  it('not a URL: nothing', () => {
    expect(pageOf(42)).toBeNull();
    expect(pageOf('')).toBeNull();
  });
  it('IP addresses lose their host part: /24 and /48', () => {
    expect(truncateIp('203.0.113.77')).toBe('203.0.113.0');
    expect(truncateIp('::ffff:198.51.100.9')).toBe('198.51.100.0');
    expect(truncateIp('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3::');
    expect(truncateIp('nonsense')).toBeNull();
  });
});

describe('the sanitiser', () => {
  it('keeps the allow-listed $ properties, reduced, and nothing else', () => {
    const p = props(
      raw('$pageview', {
        $current_url: `https://crm.example/people/${ID}?q=Dupont`,
        $referrer: 'https://mail.example.com/inbox?from=jean@example.com',
        $prev_pageview_pathname: '/people?q=x',
        $screen_width: 1440,
        $viewport_height: 900,
        $browser: 'Chrome',
        $os: 'Mac OS X',
        $device_type: 'Desktop',
        $session_id: 's-1',
        $window_id: 'w-1',
        $lib: 'web',
        $lib_version: '1.449.2',
        $pageview_id: 'pv-1',
        $prev_pageview_duration: 12.5,
        $set: { email: 'jean@example.com' },
        $set_once: { $initial_referrer: 'x' },
        $ip: '203.0.113.77',
        $raw_user_agent: 'Mozilla',
        $el_text: 'Jean Dupont',
        utm_source: 'newsletter',
        token: 'phc_x',
        $timezone: 'Europe/Paris',
      }),
    );
    expect(p).toEqual({
      $current_url: `/people/${ID}`,
      $pathname: `/people/${ID}`,
      $route: '/people/:id',
      $referrer: '/inbox',
      $prev_pageview_pathname: '/people',
      $screen_width: 1440,
      $viewport_height: 900,
      $browser: 'Chrome',
      $os: 'Mac OS X',
      $device_type: 'Desktop',
      $session_id: 's-1',
      $window_id: 'w-1',
      $lib: 'web',
      $lib_version: '1.449.2',
      $pageview_id: 'pv-1',
      $prev_pageview_duration: 12.5,
      $ip: '203.0.113.0',
    });
    const r = web(raw('$pageview', { $current_url: `/people/${ID}` }));
    expect(r.ok && r.event).toMatchObject({ path: `/people/${ID}`, route: '/people/:id' });
  });

  it('autocapture keeps tags, classes, test ids and positions; never texts, hrefs or other attribute values', () => {
    const p = props(
      raw('$autocapture', {
        $event_type: 'click',
        $el_text: 'Jean Dupont',
        $elements: [
          {
            tag_name: 'a',
            $el_text: 'Jean Dupont',
            classes: ['record-link', 'bad"class'],
            attr__href: `/people/${ID}?name=Jean`,
            'attr__data-record-link': '',
            'attr__aria-label': 'Ouvrir Jean Dupont',
            attr__title: 'Jean Dupont',
            nth_child: 2,
            nth_of_type: 1,
          },
          { tag_name: 'td', 'attr__data-testid': 'people-row', attr__class: 'row', text: 'Jean' },
        ],
      }),
    );
    expect(p.$elements).toEqual([
      { tag_name: 'a', classes: ['record-link'], 'attr__data-record-link': '', nth_child: 2, nth_of_type: 1 },
      { tag_name: 'td', 'attr__data-testid': 'people-row' },
    ]);
    expect(p.$elements_chain).toBe(
      'a.record-link:attr__data-record-link=""nth-child="2"nth-of-type="1";td:attr__data-testid="people-row"nth-child="0"nth-of-type="0"',
    );
    expect(JSON.stringify(p)).not.toMatch(/Jean|Dupont|href|title|aria/);
  });

  it('an $elements_chain alone is parsed, then reduced the same way', () => {
    const chain =
      'button.btn.primary:attr__data-testid="save"attr__href="/x?y=Jean"nth-child="3"nth-of-type="1"text="Enregistrer Jean";div:nth-child="1"nth-of-type="1"';
    expect(parseElementsChain(chain)[0]).toMatchObject({ tag_name: 'button', classes: ['btn', 'primary'] });
    const p = props(raw('$autocapture', { $elements_chain: chain }));
    expect(p.$elements).toEqual([
      { tag_name: 'button', classes: ['btn', 'primary'], 'attr__data-testid': 'save', nth_child: 3, nth_of_type: 1 },
      { tag_name: 'div', nth_child: 1, nth_of_type: 1 },
    ]);
    expect(elementsChainOf(p.$elements as never)).toBe(p.$elements_chain);
    expect(String(p.$elements_chain)).not.toContain('Jean');
  });

  it('heatmaps keep coordinates and a selector without attribute values, keyed by path', () => {
    const p = props(
      raw('$$heatmap', {
        $heatmap_data: {
          [`https://crm.example/people/${ID}?q=Jean`]: [
            { x: 10.4, y: 20, target_fixed: false, type: 'click', target: 'a[data-record-link="Jean Dupont"]' },
            { x: 'a', y: 1 },
          ],
        },
      }),
    );
    expect(p.$heatmap_data).toEqual({
      [`/people/${ID}`]: [{ x: 10, y: 20, target_fixed: false, type: 'click', target: 'a[data-record-link]' }],
    });
    expect(sanitiseSelector('div > span.name')).toBe('div > span.name');
    expect(sanitiseSelector("input[value='Jean']")).toBe('input[value]');
  });

  it('exceptions keep their type, and their message only when it is a code', () => {
    const p = props(
      raw('$exception', {
        $exception_list: [
          { type: 'TypeError', value: "Cannot read 'Jean Dupont'", stacktrace: { frames: [{ filename: 'x' }] } },
          { type: 'ApiError', value: 'person.not_found', mechanism: { handled: true, type: 'onunhandledrejection' } },
        ],
        $exception_level: 'error',
        $exception_message: 'Jean Dupont is undefined',
      }),
    );
    expect(p.$exception_list).toEqual([
      { type: 'TypeError' },
      { type: 'ApiError', value: 'person.not_found', mechanism: { handled: true, type: 'onunhandledrejection' } },
    ]);
    expect(p.$exception_level).toBe('error');
    expect(p).not.toHaveProperty('$exception_message');
  });

  it('custom events: in the catalogue, from their side, with their schema (unknown properties stripped)', () => {
    expect(props(raw('search_performed', { length: 4, results: 2, query: 'Jean' }))).toMatchObject({
      length: 4,
      results: 2,
    });
    expect(props(raw('search_performed', { length: 4, results: 2, query: 'Jean' }))).not.toHaveProperty('query');
    expect(web(raw('search_performed', { length: 'Jean', results: 2 }))).toEqual({
      ok: false,
      reason: 'invalid_properties',
    });
    expect(web(raw('saved_view_applied', { entity: 'Jean Dupont' }))).toEqual({
      ok: false,
      reason: 'invalid_properties',
    });
    expect(web(raw('person_renamed', {}))).toEqual({ ok: false, reason: 'unknown_event' });
    expect(web(raw('$identify', {}))).toEqual({ ok: false, reason: 'unknown_event' });
    expect(web(raw('deal_won', { mandatId: ID }))).toEqual({ ok: false, reason: 'wrong_source' });
    const server = sanitiseEvent(raw('deal_won', { mandatId: ID, $lib: 'posthog-node' }), { source: 'server' });
    expect(server.ok && server.event.properties).toEqual({ mandatId: ID, $lib: 'posthog-node' });
  });

  it('a distinct id that is not a printable token drops the event', () => {
    expect(web({ event: '$pageview', distinctId: '', properties: {} })).toEqual({
      ok: false,
      reason: 'no_distinct_id',
    });
    expect(web({ event: '$pageview', distinctId: 'a\u0000', properties: {} }).ok).toBe(false);
  });
});
