ALTER TABLE "people" ADD COLUMN "time_zone" text;--> statement-breakpoint
CREATE INDEX "email_events_at_idx" ON "email_events" USING btree ("at");