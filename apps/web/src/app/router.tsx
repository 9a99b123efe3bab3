import { createBrowserRouter } from 'react-router';
import { ErrorPage } from '../ui/ErrorPage.tsx';
import { RequireAuth } from './auth.tsx';
import { Layout } from './Layout.tsx';

/**
 * Every page is its own chunk (`lazy`), so the first load only carries the shell and the page asked for.
 * Feature routes are listed in `routes.ts` files next to their pages.
 */
const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const router = createBrowserRouter([
  { path: '/sign-in', lazy: page(() => import('../features/auth/SignInPage.tsx')), errorElement: <ErrorPage /> },
  {
    path: '/forgot-password',
    lazy: page(() => import('../features/auth/ForgotPasswordPage.tsx')),
    errorElement: <ErrorPage />,
  },
  {
    path: '/reset-password',
    lazy: page(() => import('../features/auth/ResetPasswordPage.tsx')),
    errorElement: <ErrorPage />,
  },
  {
    path: '/accept-invitation',
    lazy: page(() => import('../features/auth/AcceptInvitationPage.tsx')),
    errorElement: <ErrorPage />,
  },
  {
    element: <RequireAuth />,
    errorElement: <ErrorPage />,
    children: [
      {
        element: <Layout />,
        errorElement: <ErrorPage />,
        children: [
          { index: true, lazy: page(() => import('../features/home/HomePage.tsx')) },
          { path: 'organisations', lazy: page(() => import('../features/organisations/OrganisationsPage.tsx')) },
          { path: 'organisations/:id', lazy: page(() => import('../features/organisations/OrganisationPage.tsx')) },
          {
            path: 'organisations/:id/merge',
            lazy: page(() => import('../features/organisations/MergeOrganisationPage.tsx')),
          },
          { path: 'tasks', lazy: page(() => import('../features/tasks/TasksPage.tsx')) },
          {
            // The campaigns area: its title and sub-navigation (features/campaigns/CampaignsLayout.tsx), a tab a route.
            path: 'campaigns',
            lazy: page(() => import('../features/campaigns/CampaignsLayout.tsx')),
            children: [
              { index: true, lazy: page(() => import('../features/campaigns/CampaignsPage.tsx')) },
              { path: 'templates', lazy: page(() => import('../features/campaigns/TemplatesPage.tsx')) },
              { path: 'suppressions', lazy: page(() => import('../features/campaigns/SuppressionsPage.tsx')) },
            ],
          },
          // The wizard (a new campaign, or a draft) and a campaign's page with its report, outside the tabs.
          { path: 'campaigns/new', lazy: page(() => import('../features/campaigns/CampaignWizardPage.tsx')) },
          { path: 'campaigns/:id/edit', lazy: page(() => import('../features/campaigns/CampaignWizardPage.tsx')) },
          { path: 'campaigns/:id', lazy: page(() => import('../features/campaigns/CampaignPage.tsx')) },
          // `new` or a template's id; the rich editor is in this page's chunk only.
          {
            path: 'campaigns/templates/:id',
            lazy: page(() => import('../features/campaigns/TemplateEditorPage.tsx')),
          },
          { path: 'imports', lazy: page(() => import('../features/imports/ImportsPage.tsx')) },
          { path: 'recycle-bin', lazy: page(() => import('../features/recycle-bin/RecycleBinPage.tsx')) },
          { path: 'mandats', lazy: page(() => import('../features/mandats/MandatsPage.tsx')) },
          { path: 'mandats/:id', lazy: page(() => import('../features/mandats/MandatDetailPage.tsx')) },
          { path: 'produits', lazy: page(() => import('../features/produits/ProduitsPage.tsx')) },
          { path: 'produits/:id', lazy: page(() => import('../features/produits/ProduitDetailPage.tsx')) },
          { path: 'people', lazy: page(() => import('../features/people/PeoplePage.tsx')) },
          { path: 'people/:id', lazy: page(() => import('../features/people/PersonPage.tsx')) },
          { path: 'people/:id/merge', lazy: page(() => import('../features/people/PersonMergePage.tsx')) },
          { path: 'admin/users', lazy: page(() => import('../features/admin/UsersPage.tsx')) },
          { path: 'admin/teams', lazy: page(() => import('../features/admin/TeamsPage.tsx')) },
          { path: 'admin/audit', lazy: page(() => import('../features/admin/AuditPage.tsx')) },
          { path: 'admin/system', lazy: page(() => import('../features/admin/SystemPage.tsx')) },
          { path: 'admin/mail', lazy: page(() => import('../features/admin/MailPage.tsx')) },
          { path: 'analytics', lazy: page(() => import('../features/sales-analytics/SalesAnalyticsPage.tsx')) },
          {
            path: 'analytics/product',
            lazy: page(() => import('../features/product-analytics/ProductAnalyticsPage.tsx')),
          },
          { path: 'profile', lazy: page(() => import('../features/profile/ProfilePage.tsx')) },
          { path: 'profile/api-keys', lazy: page(() => import('../features/profile/ApiKeysPage.tsx')) },
          {
            path: 'settings/integrations',
            lazy: page(() => import('../features/integrations/IntegrationsPage.tsx')),
          },
          { path: '*', lazy: page(() => import('./NotFoundPage.tsx')) },
        ],
      },
    ],
  },
]);
