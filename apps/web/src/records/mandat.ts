import type { Schemas } from '../api/client.ts';

/** What the mandate form shares with the mandates feature (features/mandats/model.ts re-exports it). */
export type Mandat = Schemas['Mandat'];
