import { useEffect, useState } from 'react';

export type ApiHealth = 'checking' | 'ok' | 'down';

/** Polls GET /api/v1/health (public) and says whether the API answers. */
export function useApiHealth(intervalMs = 30_000): ApiHealth {
  const [health, setHealth] = useState<ApiHealth>('checking');
  useEffect(() => {
    let cancelled = false;
    const check = async () => {
      try {
        const res = await fetch('/api/v1/health', { headers: { accept: 'application/json' } });
        const body = res.ok ? ((await res.json()) as { status?: string }) : null;
        if (!cancelled) setHealth(body?.status === 'ok' ? 'ok' : 'down');
      } catch {
        if (!cancelled) setHealth('down');
      }
    };
    void check();
    const timer = setInterval(() => void check(), intervalMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [intervalMs]);
  return health;
}
