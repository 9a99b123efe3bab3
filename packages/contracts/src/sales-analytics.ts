/**
 * The endpoints of the sales analytics (`GET /api/v1/analytics/<endpoint>`, docs/SALES_ANALYTICS.md): the server's
 * route table, the web app's queries and the bench all name them from this list.
 */
export const SALES_ANALYTICS_ENDPOINTS = [
  'revenue',
  'forecast',
  'funnel',
  'deal-status',
  'top-organisations',
  'performance',
  'activity',
  'activity-trends',
  'email-volume',
  'organisation-types',
  'sources',
  'geography',
  'revenue-by-category',
  'lost-reasons',
] as const;
export type SalesAnalyticsEndpoint = (typeof SALES_ANALYTICS_ENDPOINTS)[number];
