import { describe, expect, it } from 'vitest';
import { defaultEntities } from '../../entities.ts';
import { ownerMaySee } from './event-visibility.ts';

const owner = (role: 'admin' | 'manager' | 'user' | 'viewer', teamId: string | null = 't1') => ({
  id: 'u1',
  role,
  teamId,
});
const may = (o: ReturnType<typeof owner>, type: string, payload: Record<string, unknown>) =>
  ownerMaySee(defaultEntities, o, { type, payload });

describe('who may receive an event (webhook fan-out)', () => {
  it('lets admins receive everything, even a family no entity claims', () => {
    expect(may(owner('admin'), 'contact.created', { person: { ownerId: 'x', teamId: 'other' } })).toBe(true);
    expect(may(owner('admin'), 'call.completed', {})).toBe(true);
  });

  it('sends the others what they own or their team owns, by the record the family keeps in the payload', () => {
    expect(may(owner('user'), 'contact.updated', { person: { ownerId: 'u1', teamId: 'other' } })).toBe(true);
    expect(may(owner('user'), 'deal.won', { mandat: { ownerId: 'x', teamId: 't1' } })).toBe(true);
    expect(may(owner('manager'), 'organisation.deleted', { organisation: { ownerId: 'x', teamId: 'other' } })).toBe(
      false,
    );
    expect(may(owner('user', null), 'interaction.created', { interaction: { ownerId: 'x', teamId: null } })).toBe(
      false,
    );
    // The record under another key than its family's is not read.
    expect(may(owner('user'), 'deal.updated', { person: { ownerId: 'u1', teamId: 't1' } })).toBe(false);
  });

  it('sends a task to its assignee, funds to everyone, and nothing unknown to non-admins', () => {
    expect(may(owner('viewer'), 'task.assigned', { task: { ownerId: 'x', teamId: 'other', assigneeId: 'u1' } })).toBe(
      true,
    );
    expect(may(owner('user'), 'contact.created', { person: { ownerId: 'x', teamId: 'other', assigneeId: 'u1' } })).toBe(
      false,
    );
    expect(may(owner('viewer'), 'product.created', { product: { id: 'p' } })).toBe(true);
    expect(may(owner('manager'), 'call.completed', { call: { ownerId: 'u1' } })).toBe(false);
    // A campaign e-mail goes with its contact: the payload's e-mail carries the contact's owner and team.
    expect(may(owner('user'), 'email.opened', { email: { ownerId: 'u1', teamId: 'other' } })).toBe(true);
    expect(may(owner('manager'), 'email.clicked', { email: { ownerId: 'x', teamId: 't1' } })).toBe(true);
    expect(may(owner('viewer'), 'email.bounced', { email: { ownerId: 'x', teamId: 'other' } })).toBe(false);
    expect(may(owner('user'), 'task.due', {})).toBe(false);
  });
});
