import { describe, expect, it } from 'vitest';
import { lostReasonBody, lostReasonMissing } from './lost-reason.ts';

describe('the lost reason of a move to « perdu »', () => {
  it('needs a reason, and a detail for « Autre » only', () => {
    expect(lostReasonMissing(null, 'Frais')).toBe('code');
    expect(lostReasonMissing('autre', '  ')).toBe('detail');
    expect(lostReasonMissing('autre', 'Fonds fermé')).toBeNull();
    expect(lostReasonMissing('prix', '')).toBeNull();
  });

  it('sends the detail trimmed, and none when empty', () => {
    expect(lostReasonBody('prix', '  Frais d’entrée ')).toEqual({
      lostReasonCode: 'prix',
      lostReason: 'Frais d’entrée',
    });
    expect(lostReasonBody('concurrent', '   ')).toEqual({ lostReasonCode: 'concurrent' });
  });
});
