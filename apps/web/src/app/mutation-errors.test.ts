// @vitest-environment jsdom
import { notifications } from '@mantine/notifications';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client.ts';
import { queryClient } from './App.tsx';

const refused = new ApiError(403, {
  code: 'auth.forbidden',
  detail: 'You may not change this record',
  title: 'Forbidden',
});

async function runFailing(options: { meta?: { errorToast?: false }; onError?: () => void } = {}) {
  const mutation = queryClient
    .getMutationCache()
    .build(queryClient, { mutationFn: () => Promise.reject(refused), retry: false, ...options });
  await mutation.execute(undefined).catch(() => {});
}

describe('the default error toast of mutations', () => {
  afterEach(() => vi.restoreAllMocks());

  it('says why in French, from the code, never the server’s English detail', async () => {
    const show = vi.spyOn(notifications, 'show').mockReturnValue('id');
    await runFailing();
    expect(show).toHaveBeenCalledTimes(1);
    const { message, title } = show.mock.calls[0]?.[0] ?? {};
    expect(String(message)).toMatch(/^Vous n.avez pas les droits/);
    expect(String(message)).not.toContain('may not');
    expect(title).toBe('Impossible de terminer cette action');
  });

  it('stays silent when the mutation shows its error itself', async () => {
    const show = vi.spyOn(notifications, 'show').mockReturnValue('id');
    await runFailing({ meta: { errorToast: false } });
    await runFailing({ onError: () => {} });
    expect(show).not.toHaveBeenCalled();
  });
});
