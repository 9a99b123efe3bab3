import { SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client.ts';
import { useFormat } from '../../app/format.ts';
import { StatCard as Figure } from '../../ui/StatCard.tsx';
import { useOrganisationMandats } from './MandatsTab.tsx';
import { organisationContactCountQuery } from './queries.ts';

type Organisation = Schemas['Organisation'];

/** The organisation's key figures: assets, open and won mandates, contacts (the last three open their tab). */
export function KeyFigures({
  organisation: o,
  onOpenTab,
}: {
  organisation: Organisation;
  onOpenTab: (tab: 'mandats' | 'contacts') => void;
}) {
  const { t } = useTranslation('organisations');
  const fmt = useFormat();
  const mandats = useOrganisationMandats(o.id);
  const contacts = useQuery(organisationContactCountQuery(o.id));
  const totals = (list: [string, number][]) =>
    list.length === 0 ? fmt.money(0) : list.map(([cur, n]) => fmt.compactMoney(n, cur)).join(' · ');
  const loading = '…';

  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" aria-label={t('detail.figures')} component="section">
      <Figure
        label={t('detail.aum')}
        value={o.aum ? fmt.compactMoney(o.aum) : '—'}
        hint={o.aumDate ? t('detail.aumAt', { date: fmt.date(o.aumDate) }) : undefined}
      />
      <Figure
        label={t('detail.openMandats')}
        value={mandats.query.isPending ? loading : totals(mandats.openTotals)}
        hint={mandats.query.isPending ? undefined : t('detail.openMandatsCount', { count: mandats.open.length })}
        onClick={() => onOpenTab('mandats')}
      />
      <Figure
        label={t('detail.wonMandats')}
        value={mandats.query.isPending ? loading : totals(mandats.wonTotals)}
        onClick={() => onOpenTab('mandats')}
      />
      <Figure
        label={t('detail.contacts')}
        value={contacts.data === undefined ? loading : fmt.number(contacts.data)}
        onClick={() => onOpenTab('contacts')}
      />
    </SimpleGrid>
  );
}
