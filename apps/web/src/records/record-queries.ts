/**
 * The queries of the record pages' kit (RecordPage.tsx, fields/): what the server says of an entity's fields, and the
 * record queries the kit's pages read. Keys come from app/query-keys.ts, so a feature's invalidation reaches them.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, data } from '../api/client.ts';
import { metaKeys, organisationKeys } from '../app/query-keys.ts';

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

/** One organisation (its page, its merge screen). */
export const organisationQuery = (id: string) =>
  queryOptions({
    queryKey: organisationKeys.record(id),
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/organisations/{id}', { params: { path: { id } }, signal })),
  });

/** How many contacts an organisation has (its key figure); under its contacts' prefix, so a change there refreshes it. */
export const organisationContactCountQuery = (id: string) =>
  queryOptions({
    queryKey: organisationKeys.part(id, 'people', 'count'),
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/organisations/{id}/people', { params: { path: { id }, query: { limit: 1 } }, signal }),
      ).total,
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
