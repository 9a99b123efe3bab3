import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { defaultEntities } from '../../entities.ts';
import { recordTag } from '../../platform/cache/cache-tags.ts';
import { MemoryCache } from '../../platform/cache/memory-cache.ts';
import type { Deps } from '../../platform/context.ts';
import type { JobContext } from '../../platform/jobs/define-job.ts';
import { evictFromOutbox, evictOnCommit, tagsForEvent } from './invalidation.ts';

const person = { id: '0190a000-0000-7000-8000-000000000001', ownerId: 'u1', teamId: 't1' };
const event = (id: string, type = 'contact.updated', payload: unknown = { person, changes: ['jobTitle'] }) => ({
  id,
  type,
  occurredAt: new Date(),
  actorType: 'user',
  actorId: 'u1',
  payload,
  schemaVersion: 1,
});

function deps() {
  const cache = new MemoryCache();
  const d = {
    cache,
    config: { cache: { enabled: true } },
    log: pino({ level: 'silent' }),
    entities: defaultEntities,
  } as unknown as Deps;
  return { cache, d, job: { deps: d } as unknown as JobContext };
}

describe('read cache invalidation', () => {
  it('evicts an event once: the outbox handler bumps nothing after the commit-time eviction went through', async () => {
    const { cache, d, job } = deps();
    const tag = recordTag('people', person.id);
    await evictOnCommit([event('e1')], d, 'e1');
    await evictFromOutbox.handle(event('e1'), job);
    expect(await cache.tagVersions([tag])).toEqual([1]);
    // A process that stopped between its commit and its eviction: the outbox alone evicts.
    await evictFromOutbox.handle(event('e2'), job);
    expect(await cache.tagVersions([tag])).toEqual([2]);
  });

  it('evicts a batch once, under its key, with the tags of all its events', async () => {
    const { cache, d, job } = deps();
    const other = { ...person, id: '0190a000-0000-7000-8000-000000000002' };
    const batch = [event('b1'), event('b2', 'contact.created', { person: other })];
    await evictOnCommit(batch, d, 'b1');
    await evictFromOutbox.handleMany?.(batch, job, 'b1');
    expect(await cache.tagVersions([recordTag('people', person.id), recordTag('people', other.id)])).toEqual([1, 1]);
    // The outbox alone, for a batch whose commit-time eviction never ran.
    await evictFromOutbox.handleMany?.(batch, job, 'b9');
    expect(await cache.tagVersions([recordTag('people', person.id), recordTag('people', other.id)])).toEqual([2, 2]);
  });

  it('maps an event to its record, the lists that could show it, and every list when visibility changes', () => {
    const tags = tagsForEvent(defaultEntities, event('e3'));
    expect(tags).toContain(recordTag('people', person.id));
    expect(tags).not.toContain('people:list');
    expect(tagsForEvent(defaultEntities, event('e4', 'contact.updated', { person, changes: ['teamId'] }))).toContain(
      'people:list',
    );
    expect(tagsForEvent(defaultEntities, event('e5', 'task.completed', {}))).toEqual(['tasks:list']);
    // Interactions are cache-tracked (the sales analytics count them): their writes bump their own tags.
    expect(tagsForEvent(defaultEntities, event('e6', 'interaction.created', {}))).toEqual(['interactions:list']);
    // Logging a call moves the last activity of its people and organisation.
    const call = {
      interaction: { personId: person.id, organisationId: 'org-1', participants: [{ personId: 'p-2' }] },
    };
    expect(tagsForEvent(defaultEntities, event('e7', 'interaction.created', call)).sort()).toEqual(
      [
        recordTag('people', person.id),
        recordTag('people', 'p-2'),
        'people:list',
        recordTag('organisations', 'org-1'),
        'organisations:list',
        'interactions:list',
      ].sort(),
    );
    const logged = { interaction: { id: 'i-1', ownerId: person.ownerId, teamId: person.teamId } };
    const own = tagsForEvent(defaultEntities, event('e9', 'interaction.created', logged));
    expect(own).toContain(recordTag('interactions', 'i-1'));
    expect(own).not.toContain('interactions:list');
    expect(own.some((tag) => tag.startsWith('interactions:list:'))).toBe(true);
    // Events of an entity neither cached nor searched evict nothing of their own.
    expect(
      tagsForEvent(defaultEntities, event('e8', 'deal.updated', { mandat: { id: 'm-1' }, changes: ['ownerId'] })),
    ).toEqual(expect.arrayContaining([recordTag('mandats', 'm-1'), 'mandats:list']));
  });
});
