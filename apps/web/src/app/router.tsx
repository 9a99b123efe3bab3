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
    element: <RequireAuth />,
    errorElement: <ErrorPage />,
    children: [
      {
        element: <Layout />,
        errorElement: <ErrorPage />,
        children: [
          { index: true, lazy: page(() => import('../features/home/HomePage.tsx')) },
          { path: 'organisations', lazy: page(() => import('../features/organisations/OrganisationsPage.tsx')) },
          { path: '*', lazy: page(() => import('./NotFoundPage.tsx')) },
        ],
      },
    ],
  },
]);
