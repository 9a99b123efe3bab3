/**
 * The record kit's queries (docs/ARCHITECTURE.md, "src/app/": query layer), built on the shared keys of
 * app/query-keys.ts, and the invalidations that follow a change: what an activity, a save or a merge touches.
 */
import { infiniteQueryOptions, keepPreviousData, type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, data, type Schemas } from '../api/client.ts';
import {
  homeKeys,
  interactionKeys,
  isTimelineQuery,
  mandatKeys,
  metaKeys,
  organisationKeys,
  peopleKeys,
  produitKeys,
  taskKeys,
} from '../app/query-keys.ts';
import { type ActivityEntity, type ActivityLinks, LINK_KEY, SEGMENT } from './activity-links.ts';

/** The key family of each record an activity hangs on. */
const ACTIVITY_KEYS = { organisation: organisationKeys, person: peopleKeys, mandat: mandatKeys } as const;
const ACTIVITY_ENTITIES = Object.keys(ACTIVITY_KEYS) as ActivityEntity[];

/** What the save helpers need of a key family (any of app/query-keys.ts `RECORD_KEYS`). */
interface RecordKeyFamily {
  all: readonly unknown[];
  lists: () => readonly unknown[];
  record: (id: string) => readonly unknown[];
}

// ---- People -------------------------------------------------------------------------------------------------------

/** One person (the person page, the merge screen). */
export const personQuery = (id: string) =>
  queryOptions({
    queryKey: peopleKeys.record(id),
    queryFn: async ({ signal }) => data(await api.GET('/api/v1/people/{id}', { params: { path: { id } }, signal })),
  });

/** The organisations a person works with (links with role, job title, primary flag). */
export const personLinksQuery = (id: string) =>
  queryOptions({
    queryKey: peopleKeys.part(id, 'links'),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/people/{id}/organisations', { params: { path: { id } }, signal })).items,
  });

// ---- Organisation names -------------------------------------------------------------------------------------------

/** Organisation names by id, 200 a request (cards and lists that only carry `organisationId`); a list query. */
export const organisationNamesQuery = (ids: (string | null | undefined)[]) => {
  const unique = [...new Set(ids.filter((id): id is string => !!id))].sort();
  return queryOptions({
    queryKey: organisationKeys.list({ names: unique }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    queryFn: async ({ signal }) => {
      const names = new Map<string, string>();
      for (let i = 0; i < unique.length; i += 200) {
        const chunk = unique.slice(i, i + 200);
        const page = data(
          await api.GET('/api/v1/organisations', { params: { query: { ids: chunk, limit: 200 } }, signal }),
        );
        for (const o of page.items) names.set(o.id, o.name);
      }
      return names;
    },
  });
};

// ---- Record pickers -----------------------------------------------------------------------------------------------

/** What a picker can pick: a record of the activity features, or a fund. */
export type PickableEntity = ActivityEntity | 'produit';

/** One option of a picker. */
interface Labelled {
  id: string;
  label: string;
  description?: string | null;
}

const PICK_LIMIT = 20;
const joined = (parts: (string | null | undefined)[], separator: string) => parts.filter(Boolean).join(separator);

/**
 * Per entity: its key family, the name of one record (by id) and the server search (best matches for `q`, or the
 * first ones in name order when nothing is typed).
 */
const PICK_SOURCES: Record<
  PickableEntity,
  {
    keys: RecordKeyFamily & { part: (id: string, part: string) => readonly unknown[] } & {
      list: (params: unknown) => readonly unknown[];
    };
    label: (id: string) => Promise<string>;
    search: (q: string, signal: AbortSignal) => Promise<Labelled[]>;
  }
> = {
  organisation: {
    keys: organisationKeys,
    label: async (id) => data(await api.GET('/api/v1/organisations/{id}', { params: { path: { id } } })).name,
    search: async (q, signal) => {
      const query = q ? { q, limit: PICK_LIMIT } : { sort: 'name', limit: PICK_LIMIT };
      const r = data(await api.GET('/api/v1/organisations', { params: { query }, signal }));
      return r.items.map((o) => ({ id: o.id, label: o.name, description: joined([o.city, o.category], ' · ') }));
    },
  },
  person: {
    keys: peopleKeys,
    label: async (id) => {
      const p = data(await api.GET('/api/v1/people/{id}', { params: { path: { id } } }));
      return `${p.firstName} ${p.lastName}`.trim();
    },
    search: async (q, signal) => {
      const query = q ? { q, limit: PICK_LIMIT } : { sort: 'lastName', limit: PICK_LIMIT };
      const r = data(await api.GET('/api/v1/people', { params: { query }, signal }));
      return r.items.map((p) => ({
        id: p.id,
        label: `${p.firstName} ${p.lastName}`.trim(),
        description: joined([p.email, p.jobTitle], ' · '),
      }));
    },
  },
  mandat: {
    keys: mandatKeys,
    label: async (id) => data(await api.GET('/api/v1/mandats/{id}', { params: { path: { id } } })).title,
    search: async (q, signal) => {
      const r = data(
        await api.GET('/api/v1/mandats', { params: { query: { limit: PICK_LIMIT, ...(q ? { q } : {}) } }, signal }),
      );
      return r.items.map((m) => ({ id: m.id, label: m.title }));
    },
  },
  produit: {
    keys: produitKeys,
    label: async (id) => data(await api.GET('/api/v1/produits/{id}', { params: { path: { id } } })).name,
    search: async (q, signal) => {
      const query = q ? { q, limit: PICK_LIMIT } : { sort: 'name', limit: PICK_LIMIT };
      const r = data(await api.GET('/api/v1/produits', { params: { query }, signal }));
      return r.items.map((p) => ({ id: p.id, label: p.name, description: `${p.isin} · ${p.type} · ${p.currency}` }));
    },
  },
};

/** The key of a record's display name: under the record, so a save of it refreshes the name. */
export const recordLabelKey = (entity: PickableEntity, id: string | null | undefined) =>
  PICK_SOURCES[entity].keys.part(id ?? '', 'label');

/** The display name of a record (organisation name, person's full name, mandate title, fund name). */
export const recordLabelQuery = (entity: PickableEntity, id: string | null | undefined) =>
  queryOptions({
    queryKey: recordLabelKey(entity, id),
    queryFn: () => PICK_SOURCES[entity].label(id as string),
    enabled: !!id,
    staleTime: 60_000,
  });

/** A picker's options for what is typed: a list query of the entity, so a save or a create refreshes it. */
export const recordPickQuery = (entity: PickableEntity, q: string) =>
  queryOptions({
    queryKey: PICK_SOURCES[entity].keys.list({ pick: q }),
    queryFn: ({ signal }) => PICK_SOURCES[entity].search(q, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

// ---- Activity: timeline and tasks of a record ---------------------------------------------------------------------

type TimelineKind = Schemas['TimelineItem']['kind'];
const TIMELINE_PAGE = 20;
const timelinePath = (entity: ActivityEntity) =>
  `/api/v1/${SEGMENT[entity]}/{id}/timeline` as '/api/v1/organisations/{id}/timeline';

/** A record's history, newest first, one kind or all, paged on the API's cursor. */
export const timelineQuery = (entity: ActivityEntity, id: string, kind: 'all' | TimelineKind) =>
  infiniteQueryOptions({
    queryKey: ACTIVITY_KEYS[entity].part(id, 'timeline', kind),
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET(timelinePath(entity), {
          params: {
            path: { id },
            query: {
              limit: TIMELINE_PAGE,
              ...(pageParam ? { cursor: pageParam } : {}),
              ...(kind === 'all' ? {} : { types: [kind] }),
            },
          },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** How many tasks a record's task panel shows (a link to the tasks page for the rest). */
const ENTITY_TASKS_LIMIT = 50;

/** The tasks linked to a record, by due date; open ones only unless `showDone`. A task list query. */
export const entityTasksQuery = (entity: ActivityEntity, id: string, showDone: boolean) => {
  const filter = { [LINK_KEY[entity]]: [id] };
  return queryOptions({
    queryKey: taskKeys.list({ ...filter, showDone }),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/tasks', {
          params: {
            query: {
              ...filter,
              sort: 'dueAt',
              limit: ENTITY_TASKS_LIMIT,
              ...(showDone ? {} : { status: ['todo', 'doing'] }),
            },
          },
          signal,
        }),
      ),
  });
};

// ---- Invalidations ------------------------------------------------------------------------------------------------

/**
 * Refreshes what an interaction, a note or a task touches: the interaction and task queries, the home page's cards,
 * each linked record (its page, tabs and timeline) and every timeline (an item also shows on the timelines of records
 * it is not directly linked to: participants, the mandate's organisation).
 */
export function invalidateActivity(queryClient: QueryClient, links: ActivityLinks) {
  for (const queryKey of [interactionKeys.all, taskKeys.all, homeKeys.all])
    void queryClient.invalidateQueries({ queryKey });
  for (const entity of ACTIVITY_ENTITIES) {
    const id = links[LINK_KEY[entity]];
    if (id) invalidateRecord(queryClient, ACTIVITY_KEYS[entity], id);
  }
  void queryClient.invalidateQueries({ predicate: isTimelineQuery });
}

/** Refreshes one record and what hangs off it (`keys.record(id)`: its page, tabs, timeline, name). */
export function invalidateRecord(queryClient: QueryClient, keys: RecordKeyFamily, id: string) {
  void queryClient.invalidateQueries({ queryKey: keys.record(id) });
}

/**
 * After a record was saved (PATCH) or created (POST) with the server's answer: that answer is its cached record at
 * once, then the record and what hangs off it (its timeline shows the change), every list of its kind and the home
 * page's cards refresh.
 */
export function recordSaved(queryClient: QueryClient, keys: RecordKeyFamily, record: { id: string }) {
  queryClient.setQueryData(keys.record(record.id), record);
  invalidateRecord(queryClient, keys, record.id);
  void queryClient.invalidateQueries({ queryKey: keys.lists() });
  void queryClient.invalidateQueries({ queryKey: homeKeys.all });
}

/**
 * Refreshes every query under these keys except those naming `goneId` (a record deleted or merged away): the page
 * showing it may still be mounted while the next one loads, and refetching it would only answer 404.
 */
export function invalidateExcept(queryClient: QueryClient, keys: readonly (readonly unknown[])[], goneId: string) {
  for (const queryKey of keys)
    void queryClient.invalidateQueries({ queryKey, predicate: (q) => !q.queryKey.includes(goneId) });
}

/** The entities whose record page edits its fields in place (their list path). */
export type FieldEntity = 'organisations' | 'people' | 'mandats' | 'produits';

/**
 * `GET /meta/entities/{entity}/fields`: each field's type, allowed values, nullability and whether the caller's role
 * may write it. The same for every record of the entity, so kept five minutes (the bulk edit reads the same query).
 */
export const entityFieldsQuery = (entity: FieldEntity) =>
  queryOptions({
    queryKey: metaKeys.fields(entity),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/meta/entities/{entity}/fields', { params: { path: { entity } }, signal })),
    staleTime: 5 * 60_000,
  });

/** An organisation's contacts as select options (a mandate's primary contact). */
export const organisationContactOptionsQuery = (id: string) =>
  queryOptions({
    queryKey: organisationKeys.part(id, 'people', 'options'),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/organisations/{id}/people', {
          params: { path: { id }, query: { limit: 200, sort: 'lastName' } },
          signal,
        }),
      ).items.map((p) => ({ value: p.id, label: `${p.firstName} ${p.lastName}`.trim() })),
  });
