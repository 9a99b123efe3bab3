/** The names of the records tasks and interactions link to, fetched in batches (the task lists and the home page). */
import { queryOptions } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { RECORD_KEYS } from '../../app/query-keys.ts';
import { RECORDS } from '../../app/records.ts';

// ---- Names of the records tasks and interactions link to ----------------------------------------------------------

/** Records a task or an interaction can be linked to. */
export type LinkedType = 'organisation' | 'person' | 'mandat';

const CHUNK = 100;

/** Fetches the names of up to CHUNK records of one type with the list's `?ids=` selection. */
async function fetchLabels(type: LinkedType, ids: string[]): Promise<Map<string, string>> {
  const query = { params: { query: { ids, limit: CHUNK } } };
  const labels = new Map<string, string>();
  if (type === 'organisation') {
    for (const o of data(await api.GET('/api/v1/organisations', query)).items) labels.set(o.id, o.name);
  } else if (type === 'person') {
    for (const p of data(await api.GET('/api/v1/people', query)).items)
      labels.set(p.id, `${p.firstName} ${p.lastName}`.trim());
  } else {
    for (const m of data(await api.GET('/api/v1/mandats', query)).items) labels.set(m.id, m.title);
  }
  return labels;
}

type Waiter = { resolve: (label: string | null) => void; reject: (e: unknown) => void };
const queues = new Map<LinkedType, Map<string, Waiter[]>>();

/** Batches the label look-ups asked for in the same tick into one request per type (a list's rows). */
function loadLabel(type: LinkedType, id: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let queue = queues.get(type);
    if (!queue) {
      const fresh = new Map<string, Waiter[]>();
      queue = fresh;
      queues.set(type, fresh);
      setTimeout(() => {
        queues.delete(type);
        const ids = [...fresh.keys()];
        for (let i = 0; i < ids.length; i += CHUNK) {
          const chunk = ids.slice(i, i + CHUNK);
          fetchLabels(type, chunk).then(
            (labels) => {
              for (const one of chunk) for (const w of fresh.get(one) ?? []) w.resolve(labels.get(one) ?? null);
            },
            (e) => {
              for (const one of chunk) for (const w of fresh.get(one) ?? []) w.reject(e);
            },
          );
        }
      }, 0);
    }
    queue.set(id, [...(queue.get(id) ?? []), { resolve, reject }]);
  });
}

/**
 * The name of a linked organisation, contact or mandate (null when it is gone or out of reach), batched with the
 * other names asked for at once; under the record's key, so a save of it refreshes the name.
 */
export const linkedLabelQuery = (type: LinkedType, id: string | null | undefined) =>
  queryOptions({
    queryKey: RECORD_KEYS[RECORDS[type].segment].part(id ?? '', 'linked-label'),
    queryFn: () => loadLabel(type, id as string),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
  });
