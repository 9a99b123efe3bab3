-- Extended statistics for the sales analytics' activity (docs/SALES_ANALYTICS.md, "Speed"). The activity heatmap
-- counts interactions per Paris day and type; planned with per-column statistics, PostgreSQL cannot tell how many
-- (day, type) groups the expression makes, guesses one per row (115,000 on the bench dataset), sorts them all on
-- disk and aggregates in order (230 ms for a year). With the number of distinct values of the expression known
-- (a few thousand), it hashes instead (50 ms). The expression must be written exactly as the queries write it.
CREATE STATISTICS IF NOT EXISTS "interactions_paris_day_type_stats" (ndistinct) ON ((occurred_at AT TIME ZONE 'Europe/Paris')::date), "type" FROM "interactions";--> statement-breakpoint
-- Existing databases get the statistics now rather than at the next autovacuum.
ANALYZE "interactions";
