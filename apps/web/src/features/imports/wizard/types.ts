import type { Schemas } from '../../../api/client.ts';

export type Upload = Schemas['ImportUpload'];
export type DryRun = Schemas['ImportDryRun'];
export type Job = Schemas['ImportJob'];
export type ImportEntity = Upload['entity'];
/** File column -> field (null: ignored). */
export type Mapping = Record<string, string | null>;
export type FieldLabel = (name: string) => string;

export const ENTITIES: ImportEntity[] = ['organisations', 'people', 'links'];
