import { z } from 'zod';
import { API_SCOPES } from '../../platform/context.ts';
import type { ApiKeyRow } from './api-keys.repo.ts';

export const CreateApiKeyBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(API_SCOPES))
    .min(1)
    .max(3)
    .transform((s) => [...new Set(s)]),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('ISO 8601; no expiry when absent'),
});

export const ApiKeyItem = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('First characters of the key, to tell keys apart'),
  scopes: z.array(z.enum(API_SCOPES)),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyItem = z.infer<typeof ApiKeyItem>;

export const CreatedApiKey = ApiKeyItem.extend({
  key: z.string().describe('The secret key (crm_...): shown this once only, store it now'),
});

export const ListApiKeysQuery = z.object({
  userId: z.uuid().optional().describe('Admins only: list the keys of another user'),
});
export const ApiKeyList = z.object({ items: z.array(ApiKeyItem) });
export const ApiKeyIdParams = z.object({ id: z.uuid() });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toApiKeyItem = (k: ApiKeyRow): ApiKeyItem => ({
  id: k.id,
  userId: k.userId,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes as ApiKeyItem['scopes'],
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: iso(k.lastUsedAt),
  expiresAt: iso(k.expiresAt),
  revokedAt: iso(k.revokedAt),
});
