// drizzle-kit entry: re-exports every table of the platform and of each feature.

export * from '../features/analytics/analytics.schema.ts';
export * from '../features/analytics/sales/sales.schema.ts';
export * from '../features/campaigns/campaigns.schema.ts';
export * from '../features/imports/imports.schema.ts';
export * from '../features/interactions/interactions.schema.ts';
export * from '../features/mail/mail.schema.ts';
export * from '../features/mandats/mandats.schema.ts';
export * from '../features/notes/notes.schema.ts';
export * from '../features/notifications/notifications.schema.ts';
export * from '../features/organisations/organisations.schema.ts';
export * from '../features/people/people.schema.ts';
export * from '../features/produits/produits.schema.ts';
export * from '../features/segments/segments.schema.ts';
export * from '../features/tasks/tasks.schema.ts';
export * from '../features/webhooks/webhooks.schema.ts';
export * from '../platform/audit/audit.schema.ts';
export * from '../platform/audit/data-access.schema.ts';
export * from '../platform/auth/auth.schema.ts';
export * from '../platform/db/shared-enums.ts';
export * from '../platform/events/events.schema.ts';
export * from '../platform/http/idempotency.schema.ts';
export * from '../platform/storage/storage.schema.ts';
