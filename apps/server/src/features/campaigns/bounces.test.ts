import { describe, expect, it } from 'vitest';
import {
  arfComplaint,
  autoReply,
  delayedBounce,
  eximBounce,
  postfixHardBounce,
} from '../../../test/fixtures/bounces.ts';
import { refusalIsHardBounce } from './bounces.service.ts';
import { parseInboundReport } from './bounces.ts';

const original = {
  messageId: '<0b6f1c1e-1234-4abc-9def-000000000001@crm.example>',
  recipient: 'jean.dupont@client.example',
};

describe('parseInboundReport', () => {
  it('reads a DSN for a mailbox that does not exist as a hard bounce of our message', async () => {
    expect(await parseInboundReport(Buffer.from(postfixHardBounce(original)))).toEqual({
      kind: 'bounce',
      messageId: original.messageId,
      standard: true,
      failures: [
        {
          recipient: 'jean.dupont@client.example',
          bounceType: 'hard',
          status: '5.1.1',
          diagnostic:
            'smtp; 550 5.1.1 <jean.dupont@client.example>: Recipient address rejected: User unknown in virtual mailbox table',
        },
      ],
    });
  });

  it('reads a delay warning (4.x.x) as a soft bounce, the Message-ID taken from the returned message/rfc822', async () => {
    const r = await parseInboundReport(delayedBounce(original));
    expect(r).toMatchObject({ kind: 'bounce', messageId: original.messageId, standard: true });
    expect(r.kind === 'bounce' && r.failures).toEqual([
      {
        recipient: 'jean.dupont@client.example',
        bounceType: 'soft',
        status: '4.2.2',
        diagnostic: 'smtp; 452 4.2.2 The email account that you tried to reach is over quota.',
      },
    ]);
  });

  it('reads an ARF abuse report as a complaint about our message, with the recipient who complained', async () => {
    expect(await parseInboundReport(arfComplaint(original))).toEqual({
      kind: 'complaint',
      messageId: original.messageId,
      recipient: 'jean.dupont@client.example',
      feedbackType: 'abuse',
    });
  });

  it('accepts an old-style bounce only for its single quoted Message-ID and its 5.x.x line', async () => {
    expect(await parseInboundReport(eximBounce(original))).toEqual({
      kind: 'bounce',
      messageId: original.messageId,
      standard: false,
      failures: [
        {
          recipient: 'jean.dupont@client.example',
          bounceType: 'hard',
          status: '5.1.1',
          diagnostic: '550 5.1.1 No such user here',
        },
      ],
    });
  });

  it('ignores the delivered recipients of a DSN and reports one that failed none as unrecognised', async () => {
    const delivered = postfixHardBounce(original)
      .replace('Action: failed', 'Action: delivered')
      .replace('Status: 5.1.1', 'Status: 2.0.0');
    expect(await parseInboundReport(delivered)).toEqual({ kind: 'unrecognised', reason: 'no_failure' });
  });

  it('reports a DSN whose original message is missing as unrecognised (no Message-ID to match)', async () => {
    const headless = postfixHardBounce(original).replace(/Message-ID: <0b6f[^\r\n]*/, 'X-Nothing: here');
    expect(await parseInboundReport(headless)).toEqual({ kind: 'unrecognised', reason: 'no_message_id' });
  });

  it.each([
    ['an out-of-office reply', autoReply(original)],
    ['an empty body', ''],
    ['binary garbage', Buffer.from([0, 255, 13, 10, 0x80, 0x81, 58, 58])],
    ['JSON', '{"type":"bounce"}'],
    [
      'a truncated multipart report',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="x"\r\n\r\n--x\r\nContent-Type: message/delivery-status\r\n\r\nAction: fai',
    ],
  ])('reports %s as unrecognised, never throwing', async (_name, raw) => {
    expect((await parseInboundReport(raw)).kind).toBe('unrecognised');
  });
});

describe('refusalIsHardBounce', () => {
  it.each([
    ['550 5.1.1 <a@b.example>: no such mailbox', 550, 'RCPT TO', true],
    ['550 5.2.1 mailbox disabled', 550, 'DATA', true],
    ['550 no such user', 550, 'RCPT TO', true],
    ['554 5.7.1 relaying denied by policy', 554, 'RCPT TO', false],
    ['552 5.3.4 message too big', 552, 'DATA', false],
    ['550 sender rejected', 550, 'MAIL FROM', false],
    ['452 4.2.2 mailbox full', 452, 'RCPT TO', false],
  ])('%s (%i to %s): %s', (reply, code, command, hard) => {
    expect(refusalIsHardBounce(reply, code, command)).toBe(hard);
  });
});
