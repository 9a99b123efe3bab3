import type { NotableEntity } from '@crm/contracts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { visibleRecordIds } from './linked-records.repo.ts';

export interface Links {
  organisationId?: string | null;
  personId?: string | null;
  mandatId?: string | null;
}

const kinds: [keyof Links, NotableEntity][] = [
  ['organisationId', 'organisation'],
  ['personId', 'person'],
  ['mandatId', 'mandat'],
];

/**
 * Every linked organisation, person and mandate must exist (live) and be visible to the caller, so that a
 * record cannot point at, or reveal the existence of, something the caller may not see.
 * Throws 400 `<feature>.link_not_found` naming the failing field.
 */
export async function assertLinksVisible(db: Queryable, actor: Actor, links: Links, feature: string): Promise<void> {
  for (const [field, kind] of kinds) {
    const id = links[field];
    if (!id) continue;
    const found = await visibleRecordIds(db, actor, kind, [id]);
    if (!found.has(id)) throw linkNotFound(feature, `body.${field}`, `No ${kind} ${id}`);
  }
}

/** The people (participants) must all exist and be visible. */
export async function assertPeopleVisible(db: Queryable, actor: Actor, ids: string[], feature: string): Promise<void> {
  const unique = [...new Set(ids)];
  const found = await visibleRecordIds(db, actor, 'person', unique);
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw linkNotFound(feature, 'body.participants', `No person ${missing.join(', ')}`);
}

function linkNotFound(feature: string, path: string, message: string): AppError {
  return new AppError(`${feature}.link_not_found`, message, {
    status: 400,
    fields: [{ path, message: 'not found or not visible', code: 'link_not_found' }],
  });
}
