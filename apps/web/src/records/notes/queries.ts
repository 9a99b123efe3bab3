import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { RECORD_KEYS } from '../../app/query-keys.ts';
import { type ActivityEntity, linksOf, SEGMENT } from '../activity-links.ts';
import { invalidateActivity } from '../queries.ts';

// The three parents share one contract: the typed client is given one of the identical paths.
export const notesPath = (entity: ActivityEntity) =>
  `/api/v1/${SEGMENT[entity]}/{id}/notes` as '/api/v1/organisations/{id}/notes';
export const filesPath = (entity: ActivityEntity) =>
  `/api/v1/${SEGMENT[entity]}/{id}/attachments` as '/api/v1/organisations/{id}/attachments';

/** A record's notes and files hang off the record: `[segment, 'record', id, 'notes' | 'attachments']`. */
export const notesKey = (entity: ActivityEntity, id: string) => RECORD_KEYS[SEGMENT[entity]].part(id, 'notes');
export const filesKey = (entity: ActivityEntity, id: string) => RECORD_KEYS[SEGMENT[entity]].part(id, 'attachments');

/** A record's notes, newest first. */
export const notesQuery = (entity: ActivityEntity, id: string) =>
  queryOptions({
    queryKey: notesKey(entity, id),
    queryFn: async ({ signal }) => data(await api.GET(notesPath(entity), { params: { path: { id } }, signal })).items,
  });

/** A record's attached files, newest first. */
export const filesQuery = (entity: ActivityEntity, id: string) =>
  queryOptions({
    queryKey: filesKey(entity, id),
    queryFn: async ({ signal }) => data(await api.GET(filesPath(entity), { params: { path: { id } }, signal })).items,
  });

/** A note added, changed or deleted: the record's notes, and what an activity touches (timelines, the record). */
export function refreshNotes(queryClient: QueryClient, entity: ActivityEntity, id: string) {
  void queryClient.invalidateQueries({ queryKey: notesKey(entity, id) });
  invalidateActivity(queryClient, linksOf(entity, id));
}
