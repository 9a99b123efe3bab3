import type { Query } from '@tanstack/react-query';

/**
 * The query keys every feature shares (docs/ARCHITECTURE.md, "Web app: query layer"). A key is built here or in a
 * feature's `queries.ts`, never written as a literal in a component, so an invalidation cannot miss the query it
 * means to refresh.
 *
 * Record keys are nested so that one prefix refreshes what it should:
 *   [segment]                              everything of that kind (`keys.all`)
 *   [segment, 'list']                      every list and count (`keys.lists()`)
 *   [segment, 'list', params]              one list (`keys.list(params)`)
 *   [segment, 'record', id]                one record, and the prefix of what hangs off it (`keys.record(id)`)
 *   [segment, 'record', id, part, ...]     its timeline, tabs, counts (`keys.part(id, 'timeline')`)
 */
function recordKeys<S extends string>(segment: S) {
  const all = [segment] as const;
  return {
    all,
    lists: () => [...all, 'list'] as const,
    list: (params: unknown) => [...all, 'list', params] as const,
    record: (id: string) => [...all, 'record', id] as const,
    part: (id: string, part: string, ...rest: unknown[]) => [...all, 'record', id, part, ...rest] as const,
    timeline: (id: string) => [...all, 'record', id, 'timeline'] as const,
  };
}

export const organisationKeys = recordKeys('organisations');
export const peopleKeys = recordKeys('people');
export const mandatKeys = recordKeys('mandats');
export const produitKeys = recordKeys('produits');
export const taskKeys = recordKeys('tasks');
export const interactionKeys = recordKeys('interactions');

/** The key family of a record kind named by its API segment (lists, the recycle bin, bulk edits). */
export const RECORD_KEYS = {
  organisations: organisationKeys,
  people: peopleKeys,
  mandats: mandatKeys,
  produits: produitKeys,
  tasks: taskKeys,
  interactions: interactionKeys,
} as const;
export type RecordSegment = keyof typeof RECORD_KEYS;

/** Whether a query is a record's timeline (an activity item may show on timelines it is not linked to). */
export const isTimelineQuery = (query: Query) => query.queryKey[1] === 'record' && query.queryKey[3] === 'timeline';

/** The home page's cards (counts, my day, recent activity): refreshed by anything that changes them. */
export const homeKeys = {
  all: ['home'] as const,
  part: (part: string, ...rest: unknown[]) => ['home', part, ...rest] as const,
};

/** Users: the admin list, every user (names in the audit log) and the directory of active names. */
export const userKeys = {
  all: ['users'] as const,
  list: (params: unknown) => ['users', 'list', params] as const,
  everyone: () => ['users', 'all'] as const,
};
export const directoryKeys = { all: ['directory'] as const };

/** The signed-in user's sessions and API keys (the profile; a password change ends them). */
export const accountKeys = {
  sessions: ['auth', 'sessions'] as const,
  apiKeys: ['api-keys'] as const,
};

export const notificationKeys = { all: ['notifications'] as const };
export const recycleBinKeys = {
  all: ['recycle-bin'] as const,
  list: (type: string) => ['recycle-bin', type] as const,
};
export const searchKeys = { query: (q: string) => ['search', q] as const };
/** What the server says of an entity's fields (type, values, whether the caller may write it). */
export const metaKeys = { fields: (entity: string) => ['meta', 'fields', entity] as const };

/**
 * E-mail templates (campaigns): `all` refreshes the list, every template and every preview; `record(id)` one template;
 * `preview(request)` a rendering of a draft (for a contact or sample values); `variables` what a template may use.
 */
export const emailTemplateKeys = {
  all: ['email-templates'] as const,
  list: () => ['email-templates', 'list'] as const,
  record: (id: string) => ['email-templates', 'record', id] as const,
  preview: (request: unknown) => ['email-templates', 'preview', request] as const,
  variables: ['email-templates', 'variables'] as const,
};
/**
 * Campaigns: `all` refreshes every list, campaign, report and recipients page; `record(id)` one campaign and what
 * hangs off it (`part(id, 'report')`, `part(id, 'recipients', filter)`); `audience(request)` a live audience count.
 */
export const campaignKeys = {
  ...recordKeys('campaigns'),
  audience: (request: unknown) => ['campaigns', 'audience', request] as const,
};
/** The suppression list (managers and administrators): `list(params)` one page with its counts by reason. */
export const suppressionKeys = {
  all: ['email-suppressions'] as const,
  list: (params: unknown) => ['email-suppressions', 'list', params] as const,
};
/** Who marketing mail is from (the footer's company name and address): the campaigns and the admin mail page. */
export const marketingKeys = { settings: ['marketing', 'settings'] as const };

/** The signed-in user (`GET /auth/session`): set on sign-in and on profile changes, cleared on sign-out. */
export const authKeys = { me: ['auth', 'me'] as const };

/**
 * A user's analytics choices and posthog-js settings (`GET /analytics/config`: the banner, the profile), keyed by user
 * so that the next person signing in on this browser never starts from the previous one's choice.
 */
export const analyticsConsentKeys = {
  all: ['analytics', 'config'] as const,
  config: (userId: string) => ['analytics', 'config', userId] as const,
};
