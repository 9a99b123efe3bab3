import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DecompressBudget, maskSnapshotData } from './replay-mask.ts';

/** A recording of someone typing a client's details into the person form: none of it may be kept. */
const SECRETS = ['Jean', 'Dupont', 'jean@example.com', '06 12 34 56 78', 'Rendez-vous confidentiel', 'Acme'];

const fullSnapshot = {
  type: 2,
  timestamp: 1_700_000_000_000,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        {
          type: 2,
          id: 2,
          tagName: 'html',
          attributes: {},
          childNodes: [
            {
              type: 2,
              id: 3,
              tagName: 'style',
              attributes: {},
              childNodes: [{ type: 3, id: 4, textContent: '.a{color:red}', isStyle: true }],
            },
            {
              type: 2,
              id: 5,
              tagName: 'form',
              attributes: { class: 'person-form', 'data-testid': 'person-form' },
              childNodes: [
                {
                  type: 2,
                  id: 6,
                  tagName: 'input',
                  attributes: { type: 'text', name: 'firstName', value: 'Jean' },
                  childNodes: [],
                },
                {
                  type: 2,
                  id: 7,
                  tagName: 'input',
                  attributes: { type: 'email', value: 'jean@example.com', placeholder: 'Acme' },
                  childNodes: [],
                },
                {
                  type: 2,
                  id: 8,
                  tagName: 'textarea',
                  attributes: { value: 'Rendez-vous confidentiel' },
                  childNodes: [],
                },
                {
                  type: 2,
                  id: 9,
                  tagName: 'h1',
                  attributes: { title: 'Jean Dupont' },
                  childNodes: [{ type: 3, id: 10, textContent: 'Jean Dupont' }],
                },
                {
                  type: 2,
                  id: 11,
                  tagName: 'a',
                  attributes: { href: 'mailto:jean@example.com', 'aria-label': 'Écrire à Jean' },
                  childNodes: [],
                },
                { type: 2, id: 12, tagName: 'a', attributes: { href: '/people/x?q=Dupont' }, childNodes: [] },
                { type: 5, id: 13, textContent: 'Dupont' },
              ],
            },
          ],
        },
      ],
    },
    initialOffset: { top: 0, left: 0 },
  },
};
const typed = [
  { type: 3, timestamp: 1_700_000_000_100, data: { source: 5, id: 6, text: 'Jean', isChecked: false } },
  { type: 3, timestamp: 1_700_000_000_200, data: { source: 5, id: 7, text: 'jean@example.com', isChecked: false } },
  {
    type: 3,
    timestamp: 1_700_000_000_300,
    data: {
      source: 0,
      texts: [{ id: 10, value: 'Dupont' }],
      attributes: [{ id: 6, attributes: { value: '06 12 34 56 78', class: 'dirty' } }],
      removes: [],
      adds: [{ parentId: 5, nextId: null, node: { type: 3, id: 14, textContent: 'Acme' } }],
    },
  },
  { type: 3, timestamp: 1_700_000_000_400, data: { source: 1, positions: [{ x: 1, y: 2, id: 6, timeOffset: 0 }] } },
  {
    type: 3,
    timestamp: 1_700_000_000_500,
    data: { source: 9, id: 20, commands: [{ property: 'fillText', args: ['Jean'] }] },
  },
  { type: 6, timestamp: 1_700_000_000_600, data: { plugin: 'rrweb/console@1', payload: { payload: ['Jean'] } } },
  {
    type: 4,
    timestamp: 1_700_000_000_000,
    data: { href: 'https://crm.example/people/x?q=Jean', width: 1440, height: 900 },
  },
  {
    type: 5,
    timestamp: 1_700_000_000_700,
    data: { tag: '$pageview', payload: { href: 'https://crm.example/people?q=Dupont' } },
  },
];

const masked = (events: unknown[]) => maskSnapshotData(events, new DecompressBudget(10_000_000));

describe('session replay masking (server side)', () => {
  it('keeps no typed value and no text of a snapshot', () => {
    const out = masked([fullSnapshot, ...typed]);
    const text = JSON.stringify(out);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    for (const part of ['Jean', 'Dupont']) expect(text.toLowerCase()).not.toContain(part.toLowerCase());
  });

  it('keeps what replays the page: structure, styles, classes, test ids, lengths, mouse moves', () => {
    const out = masked([fullSnapshot, ...typed]);
    const text = JSON.stringify(out);
    expect(text).toContain('.a{color:red}');
    expect(text).toContain('person-form');
    expect(text).toContain('"value":"****"');
    expect(text).toContain('"textContent":"**** ******"');
    expect(text).toContain('"positions"');
    expect(out.map((e) => e.type)).toEqual([2, 3, 3, 3, 3, 4, 5]);
    expect(out.find((e) => e.type === 4)?.data).toMatchObject({ href: '/people/x', width: 1440 });
    expect(out.find((e) => e.type === 5)?.data).toEqual({ tag: '$pageview', payload: { href: '/people' } });
    expect(text).toContain('"href":"/people/x"');
  });

  it('decompresses posthog-js compressed events (cv 2024-10) and masks them too', () => {
    const gz = (v: unknown) => gzipSync(Buffer.from(JSON.stringify(v))).toString('latin1');
    const compressed = [
      { ...fullSnapshot, data: gz(fullSnapshot.data), cv: '2024-10' },
      {
        type: 3,
        timestamp: 1,
        cv: '2024-10',
        data: {
          source: 0,
          texts: gz([{ id: 10, value: 'Dupont' }]),
          attributes: gz([]),
          removes: gz([]),
          adds: gz([{ parentId: 5, nextId: null, node: { type: 3, id: 14, textContent: 'Acme' } }]),
        },
      },
    ];
    const out = masked(compressed);
    expect(out).toHaveLength(2);
    expect(out[0]).not.toHaveProperty('cv');
    const text = JSON.stringify(out);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).toContain('person-form');
  });

  it('a compressed field past the byte budget is refused (413)', () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ node: { type: 3, textContent: 'x'.repeat(1_000_000) } })));
    const events = [{ type: 2, timestamp: 1, cv: '2024-10', data: bomb.toString('latin1') }];
    expect(() => maskSnapshotData(events, new DecompressBudget(10_000))).toThrow(
      expect.objectContaining({ code: 'analytics.payload_too_large' }),
    );
  });

  it('an event nested deeper than any page is dropped, not a stack overflow', () => {
    let deep: Record<string, unknown> = { x: 1 };
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const hostile = JSON.parse(
      `{"type":3,"timestamp":1,"data":{"source":1,"positions":${JSON.stringify({ a: 1 })},"extra":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`,
    );
    expect(masked([hostile, { type: 2, timestamp: 1, data: { node: deep } }, typed[3]])).toHaveLength(1);
  });
});
