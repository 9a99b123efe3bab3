import { ApiError } from '../api/problem.ts';
import { fieldProblem } from './ProblemAlert.tsx';

/**
 * Validation errors of the API (`body.title: …`) as form errors keyed by field, so each message shows under its
 * input. Fields not in `known` are left out (ProblemAlert lists them all anyway).
 */
export function fieldErrors(error: unknown, known: readonly string[]): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of error.fields) {
    const key = f.path.replace(/^(body|query|params)\.?/, '').split(/[.[]/)[0] ?? '';
    if (known.includes(key) && !out[key]) out[key] = fieldProblem(f);
  }
  return out;
}
