// drizzle-kit entry: re-exports every table of the platform and of each feature.

export * from '../features/notifications/notifications.schema.ts';
export * from '../platform/audit/audit.schema.ts';
export * from '../platform/auth/auth.schema.ts';
export * from '../platform/events/events.schema.ts';
