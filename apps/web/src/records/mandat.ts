import type { Schemas } from '../api/client.ts';

/** What the mandate form shares with the mandates feature (features/mandats/model.ts re-exports it). */
export type Mandat = Schemas['Mandat'];

/** Currencies offered in pickers (the API takes any ISO 4217 code). */
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY'] as const;

/** The query key of one mandate (every key of the feature starts with `mandats`). */
export const mandatKey = (id: string) => ['mandats', 'detail', id] as const;
