import {
  Center,
  Drawer,
  Loader,
  MantineProvider,
  Modal,
  MultiSelect,
  mergeThemeOverrides,
  Notification,
  Select,
} from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { ModalsProvider } from '@mantine/modals';
import { Notifications, notifications } from '@mantine/notifications';
import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ApiError } from '../api/client.ts';
import { problemMessage } from '../ui/ProblemAlert.tsx';
import i18n from './i18n.ts';
import { router } from './router.tsx';
import { theme } from './theme.ts';

declare module '@tanstack/react-query' {
  interface Register {
    /** `errorToast: false`: the mutation shows its failure itself (inline field, form errors), no toast. */
    mutationMeta: { errorToast?: false };
  }
}

export const queryClient = new QueryClient({
  // The app's one error toast: a failed mutation that does not handle its error itself says why, in the user's
  // language (problemMessage: the problem's code, never the server's English detail).
  mutationCache: new MutationCache({
    onError: (error, _variables, _context, mutation) => {
      if (mutation.options.onError || mutation.meta?.errorToast === false) return;
      notifications.show({ color: 'red', title: i18n.t('errors.title'), message: problemMessage(error) });
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) will not fix themselves: no retry. Network and 5xx: twice.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

export function App() {
  const { t, i18n } = useTranslation();
  // Icon-only buttons Mantine draws itself (close, clear) get a name in the current language.
  const localisedTheme = useMemo(() => {
    const close = { closeButtonProps: { 'aria-label': t('actions.close') } };
    const clear = { clearButtonProps: { 'aria-label': t('actions.clear') } };
    return mergeThemeOverrides(theme, {
      components: {
        Notification: Notification.extend({ defaultProps: close }),
        Modal: Modal.extend({ defaultProps: close }),
        Drawer: Drawer.extend({ defaultProps: close }),
        Select: Select.extend({ defaultProps: clear }),
        MultiSelect: MultiSelect.extend({ defaultProps: clear }),
      },
    });
  }, [t]);
  return (
    <MantineProvider theme={localisedTheme} defaultColorScheme="auto">
      <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
        <QueryClientProvider client={queryClient}>
          <ModalsProvider>
            <Notifications position="top-right" />
            {/* A page's strings load with its code: wait for them here, outside the shell. */}
            <Suspense
              fallback={
                <Center h="100dvh">
                  <Loader aria-label="…" />
                </Center>
              }
            >
              <RouterProvider router={router} />
            </Suspense>
          </ModalsProvider>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
