import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth.tsx';
import { useDirectory } from '../directory.ts';
import { useFormat } from '../format.ts';
import { intlLocale } from '../i18n.ts';
import { useTeams } from '../teams.ts';
import { type ApiQuery, apiQuery, type Granularity, previousRange, type SalesView } from './view.ts';

/** What every tab of the hub gets: the view, its API query, the polling interval and the PNG footer. */
export interface Hub {
  view: SalesView;
  query: ApiQuery;
  /** Milliseconds between refreshes while the tab is visible, or false (auto refresh off). */
  refresh: number | false;
  /** The lines under an exported chart: period, comparison, filters, who and when. */
  footer: string[];
}

export function useHub(view: SalesView, refresh: number | false): Hub {
  const footer = useFooter(view);
  return useMemo(() => ({ view, query: apiQuery(view), refresh, footer }), [view, refresh, footer]);
}

/** The footer of the PNG exports, in the page's language. */
function useFooter(view: SalesView): string[] {
  const { t } = useTranslation('sales-analytics');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const user = useCurrentUser();
  const { userName } = useDirectory();
  const { teamName } = useTeams();
  return useMemo(() => {
    const filters = [
      view.teamId ? t('footer.team', { name: teamName(view.teamId) }) : null,
      view.ownerIds.length ? t('footer.owners', { names: view.ownerIds.map(userName).join(', ') }) : null,
      view.kind ? t('footer.kind', { kind: tc(`enums.mandatKind.${view.kind}`).toLowerCase() }) : null,
    ].filter(Boolean);
    const previous = previousRange(view);
    return [
      t('footer.period', {
        from: fmt.date(view.from),
        to: fmt.date(view.to),
        granularity: t(`filters.granularities.${view.granularity}`).toLowerCase(),
      }),
      ...(view.compare ? [t('footer.compare', { from: fmt.date(previous.from), to: fmt.date(previous.to) })] : []),
      t('footer.filters', { filters: filters.length ? filters.join(' · ') : t('footer.none') }),
      t('footer.amounts', { user: user.name, at: fmt.dateTime(new Date()) }),
    ];
  }, [view, t, tc, fmt, user.name, userName, teamName]);
}

/** How a bucket reads on an axis: `déc. 2026` by month, `30 nov.` by week or day. */
export function useBucketLabel() {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const locale = intlLocale(i18n.language);
    const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
    const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    return (bucket: string, granularity: Granularity) =>
      (granularity === 'month' ? month : day).format(new Date(`${bucket}T12:00:00Z`));
  }, [i18n.language]);
}

/** Amounts as the charts show them: whole euros in tables and tooltips, `1,2 M€` on axes. */
export function useMoney() {
  const fmt = useFormat();
  return useMemo(() => ({ full: (v: number) => fmt.money(v), short: (v: number) => fmt.compactMoney(v) }), [fmt]);
}

/** The short names of the days (Sunday first) and of the months, for the calendar heatmap. */
export function useCalendarNames() {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const locale = intlLocale(i18n.language);
    const day = new Intl.DateTimeFormat(locale, { weekday: 'narrow', timeZone: 'UTC' });
    const month = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
    // 2023-01-01 was a Sunday.
    return {
      days: Array.from({ length: 7 }, (_, i) => day.format(new Date(Date.UTC(2023, 0, 1 + i, 12)))),
      months: Array.from({ length: 12 }, (_, i) => month.format(new Date(Date.UTC(2023, i, 1, 12)))),
    };
  }, [i18n.language]);
}
