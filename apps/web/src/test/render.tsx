// What a component or hook test renders inside: the app's providers (Mantine with our theme, TanStack Query, the
// router, French i18n), in jsdom. Use from files that start with `// @vitest-environment jsdom`.
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, type RenderOptions, render, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach } from 'vitest';
import '../app/i18n.ts';
import { theme } from '../app/theme.ts';

// Each test starts from an empty page (Vitest runs without globals, so Testing Library cannot register this itself).
afterEach(cleanup);

// jsdom has no matchMedia nor ResizeObserver; Mantine asks for both.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
// Nor `document.fonts`, which an autosized Textarea listens to.
if (!document.fonts) {
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}

export interface Setup {
  /** The URL the router starts at. */
  url?: string;
  /** Query data already known (key, value), so nothing is fetched. */
  queries?: [readonly unknown[], unknown][];
}

function AppProviders({ client, url, children }: { client: QueryClient; url: string; children: ReactNode }) {
  return (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[url]}>{children}</MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}

/** A wrapper for render/renderHook: one fresh query client per render (nothing leaks between tests). */
function providers({ url = '/', queries = [] }: Setup) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } },
  });
  for (const [key, value] of queries) client.setQueryData(key, value);
  return ({ children }: { children: ReactNode }) => (
    <AppProviders client={client} url={url}>
      {children}
    </AppProviders>
  );
}

export const renderWithApp = (ui: ReactNode, setup: Setup = {}, options: RenderOptions = {}) =>
  render(ui, { wrapper: providers(setup), ...options });

export const renderHookWithApp = <T,>(hook: () => T, setup: Setup = {}) =>
  renderHook(hook, { wrapper: providers(setup) });
