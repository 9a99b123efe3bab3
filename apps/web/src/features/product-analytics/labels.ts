import { ANALYTICS_EVENT_NAMES } from '@crm/contracts';
import type { TFunction } from 'i18next';
import { formatters } from '../../app/format.ts';
import { dynamicKey } from '../../app/i18n-types.ts';

type T = TFunction<'product-analytics'>;

/** The events a funnel step, a goal or a retention can name: `$pageview` and the catalogue's. */
export const STEP_EVENTS = ['$pageview', ...ANALYTICS_EVENT_NAMES] as const;

/** An event in words (`Contact créé`), or its name when the catalogue does not know it. */
export function eventLabel(t: T, event: string): string {
  return t(dynamicKey(`events.${event}`), { defaultValue: event });
}

/** A funnel step: the event, and the page when it is narrowed to one. */
export function stepLabel(t: T, step: { event: string; route?: string | null }): string {
  const event = eventLabel(t, step.event);
  return step.route ? t('funnels.onRoute', { event, route: step.route }) : event;
}

/** Seconds in words: `42 s`, `3 min 5 s`; a dash when unknown. */
export function durationText(t: T, locale: string, seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const fmt = formatters(locale);
  if (seconds < 60) return t('pages.seconds', { value: fmt.number(seconds, seconds < 10 ? 1 : 0) });
  const m = Math.floor(seconds / 60);
  return t('pages.minutes', { m: fmt.number(m), s: fmt.number(Math.round(seconds - m * 60)) });
}
