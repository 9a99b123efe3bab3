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
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ApiError } from '../api/client.ts';
import { router } from './router.tsx';
import { theme } from './theme.ts';

export const queryClient = new QueryClient({
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
