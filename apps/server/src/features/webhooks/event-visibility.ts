import type { EntityRegistry, Reader } from '../../platform/entities/entity.ts';
import type { DomainEvent } from '../../platform/events/emit.ts';

/**
 * Whether the owner of an endpoint may see what an event is about (DOMAIN.md: admins everything; the others what
 * they own and what their team owns; a task also its assignee; the fund catalogue everyone): the scope of the
 * entity the event's family belongs to (the registry), applied to the record in the payload. Events of a family
 * no entity claims reach admins' endpoints only: nothing is sent that was not checked.
 */
export function ownerMaySee(
  entities: EntityRegistry,
  owner: Reader,
  event: Pick<DomainEvent, 'type' | 'payload'>,
): boolean {
  if (owner.role === 'admin') return true;
  const e = entities.byFamily(event.type.split('.')[0] ?? '');
  if (!e?.events) return false;
  const row = (event.payload as Record<string, Record<string, unknown> | undefined>)[e.events.key];
  return e.scope.maySee(owner, row);
}
