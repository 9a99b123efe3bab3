import { useCallback, useRef } from 'react';
import { createSearchParams, type SetURLSearchParams, useSearchParams } from 'react-router';

/**
 * `useSearchParams` whose updates chain. React Router hands a functional update the parameters of the last
 * render, so two updates before the next render (two filters picked in quick succession while the first
 * navigation is still in a transition) would lose the first. Here each update starts from the result of the
 * previous one until the URL catches up; back and forward navigation reset it.
 */
export function useUrlParams(): [URLSearchParams, SetURLSearchParams] {
  const [params, setParams] = useSearchParams();
  const rendered = params.toString();
  const latest = useRef({ rendered, pending: params });
  if (latest.current.rendered !== rendered) latest.current = { rendered, pending: params };

  const update = useCallback<SetURLSearchParams>(
    (next, options) => {
      const value = typeof next === 'function' ? next(new URLSearchParams(latest.current.pending)) : next;
      const resolved = createSearchParams(value);
      latest.current.pending = resolved;
      setParams(resolved, options);
    },
    [setParams],
  );
  return [params, update];
}
