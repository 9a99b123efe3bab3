import { describe, expect, it } from 'vitest';
import type { Tx } from '../db/tx.ts';
import { emit, emitMany } from './emit.ts';

const person = {
  id: '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a20',
  firstName: 'Hélène',
  lastName: 'Martin',
  ownerId: null,
  teamId: null,
};
const mandat = {
  id: '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a30',
  title: 'Distribution fonds Actions Europe',
  organisationId: '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a10',
  stage: 'negociation' as const,
  ownerId: null,
  teamId: null,
};

/**
 * Never called: `npm run typecheck` compiles it, and fails when a line under `@ts-expect-error` compiles (the
 * directive is then unused). So a payload that does not fit its type, as the catalogue (@crm/contracts) has it, stays
 * a compile error.
 */
function payloadsCheckedAtCompileTime(t: Tx) {
  // What compiles: a produced type with its payload; a record with more fields than the catalogue declares.
  void emit(t, 'contact.created', { person: { ...person, jobTitle: 'Analyste' } });
  void emit(t, 'contact.updated', { person, changes: ['lastName'], previous: { lastName: 'Dupont' } });
  void emit(t, 'deal.stage_changed', { mandat, from: 'rdv', to: 'negociation' });
  void emitMany(t, [
    { type: 'contact.created', payload: { person } },
    { type: 'deal.won', payload: { mandat } },
  ]);

  // @ts-expect-error a misspelt type
  void emit(t, 'contact.craeted', { person });
  // @ts-expect-error a planned type: nothing produces it yet
  void emit(t, 'call.completed', {
    call: {
      id: person.id,
      personId: null,
      organisationId: null,
      direction: 'entrant',
      durationSeconds: null,
      ownerId: null,
      teamId: null,
    },
  });
  // @ts-expect-error the payload misses its record
  void emit(t, 'contact.created', {});
  // @ts-expect-error the record of another family
  void emit(t, 'task.created', { person });
  // @ts-expect-error a record without the owner the visibility checks read
  void emit(t, 'contact.created', { person: { id: person.id, firstName: 'Hélène', lastName: 'Martin' } });
  // @ts-expect-error a key the catalogue does not list for the type
  void emit(t, 'contact.created', { person, mergedInto: person.id });
  // @ts-expect-error an update without its changes
  void emit(t, 'contact.updated', { person });
  // @ts-expect-error not a stage
  void emit(t, 'deal.stage_changed', { mandat, from: 'rdv', to: 'signed' });
  // @ts-expect-error a lost deal without its reason
  void emit(t, 'deal.lost', { mandat });
  void emitMany(t, [
    { type: 'contact.created', payload: { person } },
    // @ts-expect-error an item whose payload is another type's
    { type: 'deal.won', payload: { person } },
  ]);
}

describe('emit() payload types', () => {
  it('are checked by tsc (npm run typecheck) against the catalogue', () => {
    expect(payloadsCheckedAtCompileTime).toBeTypeOf('function');
  });
});
