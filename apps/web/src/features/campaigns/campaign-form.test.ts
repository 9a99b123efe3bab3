import { describe, expect, it } from 'vitest';
import {
  actionsFor,
  type Campaign,
  type CampaignValues,
  campaignBody,
  emptyCampaign,
  formPath,
  isBlankHtml,
  missingIn,
  newStep,
  scheduleBody,
  valuesOf,
  wizardStepOf,
} from './campaign-form.ts';

const SEG = '11111111-1111-4111-8111-111111111111';
const EXCL = '22222222-2222-4222-8222-222222222222';

function filled(): CampaignValues {
  const v = emptyCampaign();
  v.name = '  Newsletter décembre ';
  v.segmentId = SEG;
  v.excludeSegmentIds = [EXCL, SEG];
  v.steps[0] = {
    ...v.steps[0]!,
    variants: [{ templateId: null, subject: 'Bonjour', preheader: '', bodyHtml: '<p>x</p>', locale: 'fr' }],
  };
  return v;
}

describe('campaignBody', () => {
  it('trims, drops the audience from its own exclusions, and sends blank sender fields as null', () => {
    const body = campaignBody(filled());
    expect(body.name).toBe('Newsletter décembre');
    expect(body.excludeSegmentIds).toEqual([EXCL]);
    expect(body.fromName).toBeNull();
    expect(body.replyTo).toBeNull();
    expect(body.sendWindow).toBeNull();
    expect(body.abTest).toBeNull();
  });

  it('forces the first step to go at once to everyone and keys the variants A then B only with the test on', () => {
    const v = filled();
    v.steps[0] = { ...v.steps[0]!, delayHours: 12, condition: 'not_opened' };
    v.steps[0].variants.push({ ...v.steps[0].variants[0]!, subject: 'Autre' });
    v.steps.push({
      ...newStep(false),
      variants: [{ templateId: 't', subject: 'Relance', preheader: '', bodyHtml: '<p>y</p>', locale: 'en' }],
    });
    expect(campaignBody(v).steps[0]).toMatchObject({ delayHours: 0, condition: 'all' });
    expect(campaignBody(v).steps[0]?.variants.map((x) => x.key)).toEqual(['A']);
    v.abOn = true;
    const body = campaignBody(v);
    expect(body.steps[0]?.variants.map((x) => [x.key, x.subject])).toEqual([
      ['A', 'Bonjour'],
      ['B', 'Autre'],
    ]);
    expect(body.abTest).toEqual({ testShare: 20, metric: 'opens', waitHours: 4 });
    expect(body.steps[1]).toMatchObject({ delayHours: 72, condition: 'not_opened' });
    expect(body.steps[1]?.variants[0]).toMatchObject({ key: 'A', templateId: 't', locale: 'en' });
  });

  it('sends the window’s days in order when it is on', () => {
    const v = filled();
    v.windowOn = true;
    v.sendWindow = { days: [5, 1, 3], start: '08:30', end: '12:00' };
    expect(campaignBody(v).sendWindow).toEqual({ days: [1, 3, 5], start: '08:30', end: '12:00' });
  });
});

describe('scheduleBody', () => {
  it('reads a Paris wall-clock time as its instant, and a local time without zone', () => {
    expect(scheduleBody({ scheduleKind: 'now', scheduleAt: null })).toEqual({ kind: 'now' });
    // 10 December 2026 09:00 in Paris is 08:00 UTC (winter time).
    expect(scheduleBody({ scheduleKind: 'at', scheduleAt: '2026-12-10 09:00:00' })).toEqual({
      kind: 'at',
      at: '2026-12-10T08:00:00.000Z',
    });
    expect(scheduleBody({ scheduleKind: 'recipient_local', scheduleAt: '2026-12-10 09:30:00' })).toEqual({
      kind: 'recipient_local',
      localTime: '2026-12-10T09:30',
    });
    expect(scheduleBody({ scheduleKind: 'at', scheduleAt: null })).toBeNull();
    expect(scheduleBody({ scheduleKind: 'recipient_local', scheduleAt: '' })).toBeNull();
  });
});

describe('formPath and wizardStepOf', () => {
  it('maps the server’s paths, variants by key or index, to the form’s fields and their wizard step', () => {
    expect(formPath('body.steps.0.variants.A.subject')).toBe('steps.0.variants.0.subject');
    expect(formPath('body.steps.2.variants.B.bodyHtml')).toBe('steps.2.variants.1.bodyHtml');
    expect(formPath('body.steps[1].variants[0].subject')).toBe('steps.1.variants.0.subject');
    expect(formPath('body.sendWindow.end')).toBe('sendWindow.end');
    expect(formPath('body.localTime')).toBe('scheduleAt');
    expect(wizardStepOf(formPath('body.at'))).toBe(2);
    expect(wizardStepOf('name')).toBe(0);
    expect(wizardStepOf('segmentId')).toBe(0);
    expect(wizardStepOf('steps.0.variants.1.subject')).toBe(1);
    expect(wizardStepOf('abTest.testShare')).toBe(1);
    expect(wizardStepOf('replyTo')).toBe(2);
    expect(wizardStepOf('sendWindow.end')).toBe(2);
  });
});

describe('missingIn', () => {
  it('asks for a name and a view, then each sent variant’s subject and body, then a time when not now', () => {
    const v = emptyCampaign();
    expect(Object.keys(missingIn(0, v, 'x'))).toEqual(['name', 'segmentId']);
    expect(Object.keys(missingIn(1, v, 'x'))).toEqual(['steps.0.variants.0.subject', 'steps.0.variants.0.bodyHtml']);
    const f = filled();
    expect(missingIn(0, f, 'x')).toEqual({});
    expect(missingIn(1, f, 'x')).toEqual({});
    f.abOn = true;
    f.steps[0]!.variants.push({ ...f.steps[0]!.variants[0]!, subject: ' ' });
    expect(Object.keys(missingIn(1, f, 'x'))).toEqual(['steps.0.variants.1.subject']);
    f.scheduleKind = 'at';
    expect(Object.keys(missingIn(2, f, 'x'))).toEqual(['scheduleAt']);
  });

  it('takes an editor’s empty paragraph for no content, an image alone for content', () => {
    expect(isBlankHtml('<p></p>')).toBe(true);
    expect(isBlankHtml('<p>&nbsp; </p>')).toBe(true);
    expect(isBlankHtml('<p><img src="https://x.fr/a.png"></p>')).toBe(false);
  });
});

describe('valuesOf', () => {
  it('reads a stored draft back, steps in order and variants A then B, a local time as a picker value', () => {
    const variant = (key: 'A' | 'B', subject: string) => ({
      id: key,
      key,
      templateId: null,
      subject,
      preheader: '',
      bodyHtml: '<p>b</p>',
      locale: 'fr' as const,
      isWinner: false,
    });
    const campaign = {
      name: 'C',
      topic: 'event',
      segmentId: SEG,
      excludeSegmentIds: [],
      fromName: null,
      replyTo: 'r@x.fr',
      scheduleKind: 'recipient_local',
      scheduledAt: null,
      localTime: '2026-12-10T09:00',
      sendWindow: null,
      ratePerMinute: 50,
      abTest: { testShare: 10, metric: 'clicks', waitHours: 2 },
      steps: [
        { id: 's2', position: 1, delayHours: 48, condition: 'not_clicked', variants: [variant('A', 'Relance')] },
        { id: 's1', position: 0, delayHours: 0, condition: 'all', variants: [variant('B', 'Bis'), variant('A', 'Un')] },
      ],
    } as unknown as Campaign;
    const v = valuesOf(campaign);
    expect(v.steps.map((s) => s.variants.map((x) => x.subject))).toEqual([['Un', 'Bis'], ['Relance']]);
    expect(v.abOn).toBe(true);
    expect(v.fromName).toBe('');
    expect(v.scheduleAt).toBe('2026-12-10 09:00:00');
    expect(scheduleBody(v)).toEqual({ kind: 'recipient_local', localTime: '2026-12-10T09:00' });
  });
});

describe('actionsFor', () => {
  it('offers only the moves the server allows from each status', () => {
    expect(actionsFor('draft')).toEqual(['edit', 'delete']);
    expect(actionsFor('scheduled')).toEqual(['unschedule', 'pause', 'cancel']);
    expect(actionsFor('running')).toEqual(['pause', 'cancel']);
    expect(actionsFor('paused')).toEqual(['resume', 'cancel']);
    expect(actionsFor('completed')).toEqual(['delete']);
  });
});
