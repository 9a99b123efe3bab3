import { partialMatchKey, type Query, type QueryKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import {
  emailTemplateKeys,
  homeKeys,
  isTimelineQuery,
  RECORD_KEYS,
  type RecordSegment,
  recycleBinKeys,
  userKeys,
} from './query-keys.ts';

/** Whether invalidating `prefix` refreshes the query keyed `key` (TanStack Query's own rule: a prefix match). */
const refreshes = (prefix: QueryKey, key: QueryKey) => partialMatchKey(key, prefix);
const timelineQuery = (queryKey: QueryKey) => isTimelineQuery({ queryKey } as Query);

const ID = '01900000-0000-7000-8000-000000000001';
const OTHER = '01900000-0000-7000-8000-000000000002';
const segments = Object.keys(RECORD_KEYS) as RecordSegment[];

describe('record keys: one prefix refreshes what it should', () => {
  it.each(segments)('%s: record(id) covers its timeline and parts, not another record', (segment) => {
    const keys = RECORD_KEYS[segment];
    expect(refreshes(keys.record(ID), keys.record(ID))).toBe(true);
    expect(refreshes(keys.record(ID), keys.timeline(ID))).toBe(true);
    expect(refreshes(keys.record(ID), keys.part(ID, 'timeline', 'all'))).toBe(true);
    expect(refreshes(keys.record(ID), keys.part(ID, 'links'))).toBe(true);
    expect(refreshes(keys.record(ID), keys.part(ID, 'people', 'count'))).toBe(true);
    expect(refreshes(keys.timeline(ID), keys.part(ID, 'timeline', 'note'))).toBe(true);
    expect(refreshes(keys.record(ID), keys.record(OTHER))).toBe(false);
    expect(refreshes(keys.record(ID), keys.part(OTHER, 'timeline'))).toBe(false);
    expect(refreshes(keys.record(ID), keys.lists())).toBe(false);
  });

  it.each(segments)('%s: lists() covers every list, and no record', (segment) => {
    const keys = RECORD_KEYS[segment];
    expect(refreshes(keys.lists(), keys.list({}))).toBe(true);
    expect(refreshes(keys.lists(), keys.list({ q: 'dupont', sort: 'name' }))).toBe(true);
    expect(refreshes(keys.lists(), keys.list({ pick: '' }))).toBe(true);
    expect(refreshes(keys.lists(), keys.record(ID))).toBe(false);
    expect(refreshes(keys.lists(), keys.timeline(ID))).toBe(false);
  });

  it.each(segments)('%s: all covers everything of its kind, nothing of another kind', (segment) => {
    const keys = RECORD_KEYS[segment];
    for (const key of [keys.lists(), keys.list({ a: 1 }), keys.record(ID), keys.part(ID, 'x', 1), keys.timeline(ID)])
      expect(refreshes(keys.all, key)).toBe(true);
    for (const other of segments.filter((s) => s !== segment)) {
      const theirs = RECORD_KEYS[other];
      for (const key of [theirs.lists(), theirs.list({}), theirs.record(ID), theirs.timeline(ID)])
        expect(refreshes(keys.all, key)).toBe(false);
    }
  });

  it.each(segments)('%s: a timeline is known as one, whatever its filter', (segment) => {
    const keys = RECORD_KEYS[segment];
    expect(timelineQuery(keys.timeline(ID))).toBe(true);
    expect(timelineQuery(keys.part(ID, 'timeline', 'interaction'))).toBe(true);
    expect(timelineQuery(keys.record(ID))).toBe(false);
    expect(timelineQuery(keys.part(ID, 'links'))).toBe(false);
    expect(timelineQuery(keys.list({ timeline: true }))).toBe(false);
  });
});

describe('other families: all covers every key of the family', () => {
  it('home, users, recycle bin', () => {
    expect(refreshes(homeKeys.all, homeKeys.part('summary'))).toBe(true);
    expect(refreshes(homeKeys.all, homeKeys.part('tasks', 'overdue'))).toBe(true);
    expect(refreshes(userKeys.all, userKeys.list({ q: 'x' }))).toBe(true);
    expect(refreshes(userKeys.all, userKeys.everyone())).toBe(true);
    expect(refreshes(recycleBinKeys.all, recycleBinKeys.list('people'))).toBe(true);
  });
  it('e-mail templates: all covers the list, each template and each preview; a template not its neighbour', () => {
    expect(refreshes(emailTemplateKeys.all, emailTemplateKeys.list())).toBe(true);
    expect(refreshes(emailTemplateKeys.all, emailTemplateKeys.record('a'))).toBe(true);
    expect(refreshes(emailTemplateKeys.all, emailTemplateKeys.preview({ personId: 'p' }))).toBe(true);
    expect(refreshes(emailTemplateKeys.all, emailTemplateKeys.variables)).toBe(true);
    expect(refreshes(emailTemplateKeys.record('a'), emailTemplateKeys.record('b'))).toBe(false);
    expect(refreshes(emailTemplateKeys.list(), emailTemplateKeys.record('a'))).toBe(false);
  });
});

// ---- Guard: no literal query key outside the key modules ----------------------------------------------------------

/** The ways a key is written in place rather than taken from a key factory. */
const LITERAL_KEY: [string, RegExp][] = [
  ['queryKey: [...]', /queryKey:\s*\[/],
  ['setQueryData([...]) / getQueryData([...])', /\.(?:set|get)QueryData\s*(?:<[^>]*>)?\(\s*\[/],
  [
    'a key constant or factory built in place (`const fooKey = [...]`)',
    /\b\w*(?:key|Key|KEY)\s*=\s*(?:\([^)]*\)\s*=>\s*)?\[/,
  ],
];

/** Every source file of the web app, but tests, the key module and the queries.ts files (where keys are built). */
const sources = Object.entries(
  import.meta.glob<string>(['/src/**/*.ts', '/src/**/*.tsx', '!/src/api/schema.gen.ts'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
)
  .map(([path, text]) => [path.replace(/^\//, ''), text] as const)
  .filter(([path]) => !/\.test\.tsx?$/.test(path) && !/(^|\/)(query-keys|queries)\.ts$/.test(path));

/** What literal keys a file holds: one line per kind found, with the first line that shows it. */
function literalKeys(text: string): string[] {
  const lines = text.split('\n');
  const found: string[] = [];
  for (const [name, pattern] of LITERAL_KEY) {
    const at = lines.findIndex((line) => pattern.test(line));
    if (at >= 0) found.push(`${name} at line ${at + 1}: ${lines[at]?.trim()}`);
  }
  return found;
}

describe('query keys come from app/query-keys.ts or a queries.ts, never a literal in place', () => {
  it('reads the sources', () => {
    expect(sources.length).toBeGreaterThan(150);
    expect(sources.some(([path]) => path === 'src/app/auth.tsx')).toBe(true);
  });

  it('the patterns catch what they name', () => {
    expect(literalKeys("useQuery({ queryKey: ['people', id], queryFn })")).toHaveLength(1);
    expect(literalKeys('invalidateQueries({ queryKey: [entity] })')).toHaveLength(1);
    expect(literalKeys("queryClient.setQueryData(['organisations', id], org)")).toHaveLength(1);
    expect(literalKeys("queryClient.setQueryData<Item[]>(['webhooks'], [])")).toHaveLength(1);
    expect(literalKeys("const key = ['segments', entity];")).toHaveLength(1);
    expect(literalKeys("export const boardKey = (s: Stage) => ['mandats', 'board', s] as const;")).toHaveLength(1);
    // Keys from factories and the key of a built query are fine.
    expect(literalKeys('useQuery({ ...mandatQuery(id), enabled })')).toEqual([]);
    expect(literalKeys('invalidateQueries({ queryKey: peopleKeys.lists() })')).toEqual([]);
    expect(literalKeys('queryClient.setQueryData(recordLabelKey(entity, id), label)')).toEqual([]);
    expect(literalKeys("const keys = filterKeys(filters); const monkey = 'x';")).toEqual([]);
  });

  it('no file holds a literal query key', () => {
    const offenders = sources.flatMap(([path, text]) => literalKeys(text).map((found) => `${path}: ${found}`));
    expect(offenders, 'build the key with app/query-keys.ts, in the feature’s queries.ts').toEqual([]);
  });
});
