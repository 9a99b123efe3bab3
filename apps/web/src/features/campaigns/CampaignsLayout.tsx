import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { SectionNav } from '../../ui/SectionNav.tsx';

/**
 * The campaigns area's pages, in the order of the sub-navigation: a tab is one line here (its label in
 * `campaigns:tabs`) and its route under `campaigns` in app/router.tsx.
 */
export const CAMPAIGN_TABS = [{ key: 'templates', to: '/campaigns/templates' }] as const;

/** `/campaigns/*`: the section's title and its sub-navigation above the page of the tab. */
export default function CampaignsLayout() {
  const { t } = useTranslation('campaigns');
  return (
    <>
      <PageHeader title={t('section.title')} subtitle={t('section.subtitle')} />
      <SectionNav
        label={t('section.nav')}
        items={CAMPAIGN_TABS.map((tab) => ({ to: tab.to, label: t(`tabs.${tab.key}`) }))}
      />
      <Outlet />
    </>
  );
}
