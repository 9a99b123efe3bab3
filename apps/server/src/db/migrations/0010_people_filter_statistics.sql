-- Extended statistics for the people list's filters. A user's list is "own rows or the team's rows" AND a filter,
-- and the filters are tied to the team (a Luxembourg team's contacts are not French). Planned with per-column
-- statistics, "team T and country FR" looks like thousands of rows when it may be none, so PostgreSQL walks the
-- ordered index looking for 50 matches that do not exist (bench trace: 150-430 ms for an empty page). With a
-- multi-column MCV list the estimate is right and the planner goes through the filter's index (migration 0011) or
-- the scope's bitmap instead. Built by ANALYZE (autovacuum keeps them fresh); a larger target because
-- owner x team x value combine.
CREATE STATISTICS IF NOT EXISTS "people_scope_country_stats" (mcv) ON "owner_id", "team_id", "country_code" FROM "people";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "people_scope_language_stats" (mcv) ON "owner_id", "team_id", "language" FROM "people";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "people_scope_source_stats" (mcv) ON "owner_id", "team_id", "source" FROM "people";--> statement-breakpoint
ALTER STATISTICS "people_scope_country_stats" SET STATISTICS 1000;--> statement-breakpoint
ALTER STATISTICS "people_scope_language_stats" SET STATISTICS 1000;--> statement-breakpoint
ALTER STATISTICS "people_scope_source_stats" SET STATISTICS 1000;--> statement-breakpoint
-- Existing databases get the statistics now rather than at the next autovacuum.
ANALYZE "people";
