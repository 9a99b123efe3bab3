ALTER TABLE "import_jobs" ADD COLUMN "dry_run" jsonb;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "attempt" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "import_jobs_active_idx" ON "import_jobs" USING btree ("heartbeat_at") WHERE "import_jobs"."status" in ('validating', 'running');--> statement-breakpoint
CREATE INDEX "people_live_name_key_idx" ON "people" USING btree (crm_unaccent(lower("last_name")),crm_unaccent(lower("first_name"))) WHERE "people"."deleted_at" is null;