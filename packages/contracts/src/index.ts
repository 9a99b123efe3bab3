/**
 * Values shared by the server and the web app. Plain constants so the web bundle can import them freely (the event
 * payload schemas use Zod: the package has no side effects, so a bundle that uses none of them leaves them and Zod
 * out); the server's platform/context.ts keeps its own copy of the same lists.
 */

/** Roles, from the most to the least privileged (DOMAIN.md). */
export const ROLES = ['admin', 'manager', 'user', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Scopes a personal API key can carry. */
export const API_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** States of one readiness check (`GET /api/v1/health/ready`). */
export const HEALTH_CHECK_STATES = ['ok', 'down', 'disabled'] as const;
export type HealthCheckState = (typeof HEALTH_CHECK_STATES)[number];

/** Languages of the user interface; the first is the default. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export * from './analytics-events.ts';
export * from './domain.ts';
export * from './emails.ts';
export * from './event-payloads.ts';
export * from './events.ts';
export * from './french-geography.ts';
export * from './labels.ts';
export * from './rights.ts';
export * from './sales-analytics.ts';
