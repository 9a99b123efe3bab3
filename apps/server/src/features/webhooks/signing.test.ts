import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader } from './signing.ts';

describe('Standard Webhooks signatures', () => {
  it('signs so that the reference library verifies, with each secret of a rotation', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const id = '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a99';
    const ts = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'deal.won', timestamp: new Date().toISOString(), data: { x: 'é' } });
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(ts),
      'webhook-signature': signatureHeader([a, b], id, ts, body),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(a).verify(body, headers)).toMatchObject({ type: 'deal.won' });
    expect(new Webhook(b).verify(body, headers)).toMatchObject({ type: 'deal.won' });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(a).verify(`${body} `, headers)).toThrow();
    // The library matches our own signature for the same input.
    const [, ours] = signatureHeader([a], id, ts, body).split(',');
    expect(new Webhook(a).sign(id, new Date(ts * 1000), body)).toBe(`v1,${ours}`);
  });
});
