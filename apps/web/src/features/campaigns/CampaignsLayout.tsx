import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { hasRole, type Role, useCurrentUser } from '../../app/auth.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { SectionNav } from '../../ui/SectionNav.tsx';

/**
 * The campaigns area's pages, in the order of the sub-navigation: a tab is one line here (its label in
 * `campaigns:tabs`) and its route under `campaigns` in app/router.tsx. `end`: the tab is current on its own address
 * only (the campaigns' list is the section's root). `role`: the least role that may read the tab (the API's rule:
 * the suppression list is for managers and administrators, docs/CAMPAIGNS.md).
 */
export const CAMPAIGN_TABS: readonly {
  key: 'campaigns' | 'templates' | 'suppressions';
  to: string;
  end?: boolean;
  role?: Role;
}[] = [
  { key: 'campaigns', to: '/campaigns', end: true },
  { key: 'templates', to: '/campaigns/templates' },
  { key: 'suppressions', to: '/campaigns/suppressions', role: 'manager' },
];

/** The tabs a user of this role may open. */
export const tabsFor = (user: { role: Role }) => CAMPAIGN_TABS.filter((tab) => !tab.role || hasRole(user, tab.role));

/** `/campaigns/*`: the section's title and its sub-navigation above the page of the tab. */
export default function CampaignsLayout() {
  const { t } = useTranslation('campaigns');
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title={t('section.title')} subtitle={t('section.subtitle')} />
      <SectionNav
        label={t('section.nav')}
        items={tabsFor(user).map((tab) => ({
          to: tab.to,
          end: tab.end,
          label: t(`tabs.${tab.key}`),
        }))}
      />
      <Outlet />
    </>
  );
}
