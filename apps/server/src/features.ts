import type { FastifyPluginAsync } from 'fastify';
import { evaluateAnalyticsAlertsJob } from './features/analytics/alerts/alerts.job.ts';
import { alertRoutes } from './features/analytics/alerts/alerts.routes.ts';
import { flagRoutes } from './features/analytics/flags/flags.routes.ts';
import { flagIngestRoutes } from './features/analytics/flags/flags-ingest.routes.ts';
import { analyticsFromDomainEvents } from './features/analytics/ingest/domain-events.ts';
import { ingestRoutes } from './features/analytics/ingest/ingest.routes.ts';
import { consentRoutes } from './features/analytics/privacy/consent.routes.ts';
import { ANALYTICS_NAMESPACE } from './features/analytics/product/analytics-cache.ts';
import { productAnalyticsRoutes } from './features/analytics/product/product.routes.ts';
import { SALES_NAMESPACE, salesAnalyticsRoutes } from './features/analytics/sales/sales.routes.ts';
import { apiKeyRoutes } from './features/api-keys/api-keys.routes.ts';
import { auditRoutes } from './features/audit/audit-log.routes.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { cacheAdminRoutes } from './features/cache-admin/cache-admin.routes.ts';
import { inboundRoutes } from './features/campaigns/bounces.routes.ts';
import { campaignMailOutcome } from './features/campaigns/bounces.service.ts';
import { sendCampaignsJob } from './features/campaigns/campaigns.engine.ts';
import { campaignRoutes } from './features/campaigns/campaigns.routes.ts';
import { compliancePages, complianceRoutes } from './features/campaigns/compliance.routes.ts';
import { emailEventRoutes } from './features/campaigns/email-events.routes.ts';
import { confirmEmailClickJob } from './features/campaigns/email-events.ts';
import { templateRoutes } from './features/campaigns/templates.routes.ts';
import { trackingPages } from './features/campaigns/tracking.routes.ts';
import { entityMetaRoutes } from './features/entity-meta/entity-meta.routes.ts';
import { eventLogRoutes } from './features/event-log/event-log.routes.ts';
import { exportRoutes } from './features/exports/exports.routes.ts';
import { homeRoutes } from './features/home/home.routes.ts';
import { runImportJob } from './features/imports/imports.job.ts';
import { importRoutes } from './features/imports/imports.routes.ts';
import { importWatchdog } from './features/imports/imports.watchdog.ts';
import { validateImportJob } from './features/imports/validate-import.job.ts';
import { interactionRoutes } from './features/interactions/interactions.routes.ts';
import { jobsAdminRoutes } from './features/jobs-admin/jobs-admin.routes.ts';
import { sendMailJob } from './features/mail/mail.job.ts';
import { mailRoutes } from './features/mail/mail.routes.ts';
import type { MailCategory, MailOutcomeHandler } from './features/mail/mail.service.ts';
import { mandatRoutes } from './features/mandats/mandats.routes.ts';
import { attachmentRoutes } from './features/notes/attachments.routes.ts';
import { noteRoutes } from './features/notes/notes.routes.ts';
import { notificationRoutes } from './features/notifications/notifications.routes.ts';
import { notifyOnEvents } from './features/notifications/notify-on-events.ts';
import { organisationRoutes } from './features/organisations/organisations.routes.ts';
import { peopleRoutes } from './features/people/people.routes.ts';
import { produitRoutes } from './features/produits/produits.routes.ts';
import { evictFromOutbox, evictOnCommit } from './features/read-cache/invalidation.ts';
import { recycleBinRoutes } from './features/recycle-bin/recycle-bin.routes.ts';
import { searchRoutes } from './features/search/search.routes.ts';
import { segmentRoutes } from './features/segments/segments.routes.ts';
import { emitDueTasksJob } from './features/tasks/emit-due-tasks.job.ts';
import { taskRoutes } from './features/tasks/tasks.routes.ts';
import { teamRoutes } from './features/teams/teams.routes.ts';
import { timelineRoutes } from './features/timeline/timeline.routes.ts';
import { userRoutes } from './features/users/users.routes.ts';
import { webhookDispatcher } from './features/webhooks/dispatcher.ts';
import { fanOutToWebhooks } from './features/webhooks/fanout.ts';
import { webhookRoutes } from './features/webhooks/webhooks.routes.ts';
import { runMaintenanceJob } from './maintenance.ts';
import { writeAuditCheckpointJob } from './platform/audit/checkpoint.job.ts';
import type { Deps } from './platform/context.ts';
import {
  type CommitListener,
  dispatchEventJob,
  type EventHandler,
  handleEventJob,
} from './platform/events/dispatch.ts';
import type { AnyJobDef, BackgroundLoop } from './platform/jobs/define-job.ts';

/** A feature: its routes (mounted under /api/v1), its jobs, and its reactions to domain events. */
export interface Feature {
  name: string;
  routes?: FastifyPluginAsync<{ deps: Deps }>;
  jobs?: AnyJobDef[];
  eventHandlers?: EventHandler[];
  /** Loops that run in the worker beside the jobs (see platform/jobs/define-job.ts). */
  loops?: BackgroundLoop[];
  /** Reactions run right after a commit in the committing process (see platform/events/dispatch.ts). */
  commitListeners?: CommitListener[];
  /** Routes mounted at the root, outside /api/v1 (the analytics ingestion's `/ingest`, PostHog's protocol). */
  rootRoutes?: FastifyPluginAsync<{ deps: Deps }>;
  /** How the feature's mails ended, by mail category: sent or refused (docs/MAIL.md, "Outcome hook"). */
  mailOutcomes?: Partial<Record<MailCategory, MailOutcomeHandler>>;
}

/** Platform jobs that are not owned by a feature. */
export const platformJobs: AnyJobDef[] = [
  dispatchEventJob as AnyJobDef,
  handleEventJob as AnyJobDef,
  writeAuditCheckpointJob as AnyJobDef,
];

/** The list of features, in mount order. */
export const features: Feature[] = [
  { name: 'users', routes: userRoutes },
  { name: 'teams', routes: teamRoutes },
  { name: 'audit', routes: auditRoutes },
  { name: 'auth', routes: authRoutes },
  { name: 'mail', routes: mailRoutes, jobs: [sendMailJob as AnyJobDef] },
  { name: 'email-templates', routes: templateRoutes },
  { name: 'email-compliance', routes: complianceRoutes, rootRoutes: compliancePages },
  {
    name: 'campaigns',
    routes: campaignRoutes,
    jobs: [sendCampaignsJob as AnyJobDef],
    rootRoutes: trackingPages,
    mailOutcomes: { campaign: campaignMailOutcome },
  },
  { name: 'email-events', routes: emailEventRoutes, jobs: [confirmEmailClickJob as AnyJobDef] },
  { name: 'email-inbound', routes: inboundRoutes },
  { name: 'api-keys', routes: apiKeyRoutes },
  { name: 'notifications', routes: notificationRoutes, eventHandlers: [notifyOnEvents] },
  { name: 'maintenance', jobs: [runMaintenanceJob as AnyJobDef] },
  { name: 'organisations', routes: organisationRoutes },
  { name: 'people', routes: peopleRoutes },
  { name: 'produits', routes: produitRoutes },
  { name: 'mandats', routes: mandatRoutes },
  { name: 'search', routes: searchRoutes },
  { name: 'timeline', routes: timelineRoutes },
  { name: 'event-log', routes: eventLogRoutes },
  { name: 'recycle-bin', routes: recycleBinRoutes },
  { name: 'entity-meta', routes: entityMetaRoutes },
  { name: 'exports', routes: exportRoutes },
  { name: 'segments', routes: segmentRoutes },
  { name: 'interactions', routes: interactionRoutes },
  {
    name: 'imports',
    routes: importRoutes,
    jobs: [validateImportJob as AnyJobDef, runImportJob as AnyJobDef],
    loops: [importWatchdog],
  },
  { name: 'tasks', routes: taskRoutes, jobs: [emitDueTasksJob as AnyJobDef] },
  { name: 'notes', routes: noteRoutes },
  { name: 'attachments', routes: attachmentRoutes },
  { name: 'home', routes: homeRoutes },
  { name: 'read-cache', eventHandlers: [evictFromOutbox], commitListeners: [evictOnCommit] },
  { name: 'cache-admin', routes: cacheAdminRoutes([ANALYTICS_NAMESPACE, SALES_NAMESPACE]) },
  { name: 'jobs-admin', routes: jobsAdminRoutes },
  { name: 'webhooks', routes: webhookRoutes, eventHandlers: [fanOutToWebhooks], loops: [webhookDispatcher] },
  { name: 'product-analytics', routes: productAnalyticsRoutes },
  { name: 'sales-analytics', routes: salesAnalyticsRoutes },
  { name: 'feature-flags', routes: flagRoutes, rootRoutes: flagIngestRoutes },
  { name: 'analytics-alerts', routes: alertRoutes, jobs: [evaluateAnalyticsAlertsJob as AnyJobDef] },
  {
    name: 'analytics-ingest',
    routes: consentRoutes,
    rootRoutes: ingestRoutes,
    eventHandlers: [analyticsFromDomainEvents],
  },
];
