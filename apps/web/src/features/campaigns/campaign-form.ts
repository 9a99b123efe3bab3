import type { Schemas } from '../../api/client.ts';
import { fromParisWall, toParisWall } from '../../app/paris-time.ts';

/**
 * The campaign wizard's values and how they become the API's bodies (docs/CAMPAIGNS.md, "Campaigns"): one form for
 * the four steps, a draft saved as a whole (create, or PATCH of every field), then scheduled.
 */

export type Campaign = Schemas['Campaign'];
export type CampaignBody = Schemas['CampaignCreate'];
export type ScheduleBody = Schemas['CampaignSchedule'];
export type CampaignStatus = Campaign['status'];
export type Topic = Campaign['topic'];
export type StepCondition = Campaign['steps'][number]['condition'];
export type AbMetric = Schemas['AbTest']['metric'];
export type ScheduleKind = Campaign['scheduleKind'];
export type Locale = 'fr' | 'en';

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'] as const;
export const TOPICS = ['newsletter', 'fund_launch', 'event', 'market_insight'] as const satisfies readonly Topic[];
export const CONDITIONS = ['all', 'not_opened', 'not_clicked'] as const satisfies readonly StepCondition[];
export const SCHEDULE_KINDS = ['now', 'at', 'recipient_local'] as const satisfies readonly ScheduleKind[];
/** ISO days, Monday first. */
export const ISO_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const MAX_STEPS = 10;
export const MAX_EXCLUDED = 10;

/** A variant's content: copied from a template (`templateId` remembers which) or written in place. */
export interface VariantValues {
  templateId: string | null;
  subject: string;
  preheader: string;
  bodyHtml: string;
  locale: Locale;
}

export interface StepValues {
  /** React's key for the step's card (steps are added and removed). */
  uid: string;
  delayHours: number;
  condition: StepCondition;
  /** A, then B when the first step carries an A/B test. */
  variants: VariantValues[];
}

export interface CampaignValues {
  name: string;
  topic: Topic;
  segmentId: string | null;
  excludeSegmentIds: string[];
  steps: StepValues[];
  abOn: boolean;
  abTest: { testShare: number; metric: AbMetric; waitHours: number };
  fromName: string;
  replyTo: string;
  windowOn: boolean;
  sendWindow: { days: number[]; start: string; end: string };
  ratePerMinute: number;
  scheduleKind: ScheduleKind;
  /** A Paris wall-clock string (`YYYY-MM-DD HH:mm:ss`, the pickers' value): `at` in Paris, or the recipients' time. */
  scheduleAt: string | null;
}

let uidCounter = 0;
const nextUid = () => `step-${++uidCounter}`;

export const emptyVariant = (locale: Locale = 'fr'): VariantValues => ({
  templateId: null,
  subject: '',
  preheader: '',
  bodyHtml: '',
  locale,
});

export const newStep = (first: boolean, locale: Locale = 'fr'): StepValues => ({
  uid: nextUid(),
  delayHours: first ? 0 : 72,
  condition: first ? 'all' : 'not_opened',
  variants: [emptyVariant(locale)],
});

export function emptyCampaign(locale: Locale = 'fr'): CampaignValues {
  return {
    name: '',
    topic: 'newsletter',
    segmentId: null,
    excludeSegmentIds: [],
    steps: [newStep(true, locale)],
    abOn: false,
    abTest: { testShare: 20, metric: 'opens', waitHours: 4 },
    fromName: '',
    replyTo: '',
    windowOn: false,
    sendWindow: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
    ratePerMinute: 300,
    scheduleKind: 'now',
    scheduleAt: null,
  };
}

/** The wizard's values of a stored draft (to edit it). */
export function valuesOf(c: Campaign): CampaignValues {
  const empty = emptyCampaign();
  const steps = [...c.steps]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({
      uid: nextUid(),
      delayHours: s.delayHours,
      condition: s.condition,
      variants: [...s.variants]
        .sort((a, b) => a.key.localeCompare(b.key))
        .map((v) => ({
          templateId: v.templateId,
          subject: v.subject,
          preheader: v.preheader,
          bodyHtml: v.bodyHtml,
          locale: v.locale,
        })),
    }));
  return {
    name: c.name,
    topic: c.topic,
    segmentId: c.segmentId,
    excludeSegmentIds: c.excludeSegmentIds,
    steps: steps.length ? steps : empty.steps,
    abOn: c.abTest !== null && (steps[0]?.variants.length ?? 0) > 1,
    abTest: c.abTest ?? empty.abTest,
    fromName: c.fromName ?? '',
    replyTo: c.replyTo ?? '',
    windowOn: c.sendWindow !== null,
    sendWindow: c.sendWindow ?? empty.sendWindow,
    ratePerMinute: c.ratePerMinute,
    scheduleKind: c.scheduleKind,
    scheduleAt:
      c.scheduleKind === 'recipient_local' && c.localTime
        ? `${c.localTime.replace('T', ' ')}:00`
        : c.scheduleKind === 'at'
          ? toParisWall(c.scheduledAt)
          : null,
  };
}

/** The body of POST /campaigns (and of the PATCH that saves a draft: every field, so nothing stale stays). */
export function campaignBody(v: CampaignValues): CampaignBody {
  const blankToNull = (s: string) => (s.trim() ? s.trim() : null);
  return {
    name: v.name.trim(),
    topic: v.topic,
    segmentId: v.segmentId,
    excludeSegmentIds: v.excludeSegmentIds.filter((id) => id !== v.segmentId),
    fromName: blankToNull(v.fromName),
    replyTo: blankToNull(v.replyTo),
    sendWindow: v.windowOn ? { ...v.sendWindow, days: [...v.sendWindow.days].sort((a, b) => a - b) } : null,
    ratePerMinute: v.ratePerMinute,
    abTest: v.abOn ? { ...v.abTest } : null,
    steps: v.steps.map((s, i) => ({
      delayHours: i === 0 ? 0 : s.delayHours,
      condition: i === 0 ? 'all' : s.condition,
      // Only the first step carries a B, and only with the test on.
      variants: s.variants.slice(0, i === 0 && v.abOn ? 2 : 1).map((x, k) => ({
        key: k === 0 ? ('A' as const) : ('B' as const),
        templateId: x.templateId,
        subject: x.subject,
        preheader: x.preheader,
        bodyHtml: x.bodyHtml,
        locale: x.locale,
      })),
    })),
  };
}

/** The body of POST /campaigns/{id}/schedule; null when the chosen time is missing or unreadable. */
export function scheduleBody(v: Pick<CampaignValues, 'scheduleKind' | 'scheduleAt'>): ScheduleBody | null {
  if (v.scheduleKind === 'now') return { kind: 'now' };
  if (v.scheduleKind === 'at') {
    const at = fromParisWall(v.scheduleAt);
    return at ? { kind: 'at', at } : null;
  }
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(v.scheduleAt ?? '');
  return m ? { kind: 'recipient_local', localTime: `${m[1]}T${m[2]}` } : null;
}

/**
 * A server error's path (`body.steps.0.variants.A.subject`) as the form's field (`steps.0.variants.0.subject`):
 * variants are named by key in the content checks and by index in the schema's.
 */
export function formPath(apiPath: string): string {
  // The schedule's body names its time `at` or `localTime`: the wizard has one field for both.
  if (/^body\.(at|localTime)$/.test(apiPath)) return 'scheduleAt';
  return apiPath
    .replace(/^body\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\.variants\.A(?=\.|$)/, '.variants.0')
    .replace(/\.variants\.B(?=\.|$)/, '.variants.1');
}

/** The wizard's steps: audience, content, sending, review. */
export const WIZARD_STEPS = ['audience', 'content', 'sending', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** Which wizard step shows a form field (to open it on a server refusal). */
export function wizardStepOf(path: string): number {
  const head = path.split('.')[0] ?? '';
  if (['name', 'topic', 'segmentId', 'excludeSegmentIds'].includes(head)) return 0;
  if (['steps', 'abTest'].includes(head)) return 1;
  if (['fromName', 'replyTo', 'sendWindow', 'ratePerMinute', 'scheduleAt'].includes(head)) return 2;
  return 3;
}

/** A body the editor left empty (`<p></p>`) is no content. */
export const isBlankHtml = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .trim() === '' && !/<img\b/i.test(html);

/** What is missing in a wizard step, as form errors keyed by field (the messages are the caller's). */
export function missingIn(step: number, v: CampaignValues, required: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (step === 0) {
    if (!v.name.trim()) out.name = required;
    if (!v.segmentId) out.segmentId = required;
  }
  if (step === 1) {
    v.steps.forEach((s, i) => {
      s.variants.slice(0, i === 0 && v.abOn ? 2 : 1).forEach((x, k) => {
        if (!x.subject.trim()) out[`steps.${i}.variants.${k}.subject`] = required;
        if (isBlankHtml(x.bodyHtml)) out[`steps.${i}.variants.${k}.bodyHtml`] = required;
      });
    });
  }
  if (step === 2) {
    if (v.windowOn && v.sendWindow.days.length === 0) out['sendWindow.days'] = required;
    if (v.scheduleKind !== 'now' && !scheduleBody(v)) out.scheduleAt = required;
  }
  return out;
}

/** What can be done to a campaign in each status (the server's transitions, docs/CAMPAIGNS.md). */
export type CampaignAction = 'edit' | 'pause' | 'resume' | 'unschedule' | 'cancel' | 'delete';
export function actionsFor(status: CampaignStatus): CampaignAction[] {
  switch (status) {
    case 'draft':
      return ['edit', 'delete'];
    case 'scheduled':
      return ['unschedule', 'pause', 'cancel'];
    case 'running':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    default:
      return status === 'completed' || status === 'cancelled' ? ['delete'] : [];
  }
}

/** The badge colour of each status. */
export const STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: 'gray',
  scheduled: 'blue',
  running: 'teal',
  paused: 'orange',
  completed: 'green',
  cancelled: 'red',
};

/** A campaign whose figures still move: the page refreshes itself. */
export const isLive = (status: CampaignStatus) => status === 'running' || status === 'scheduled';
