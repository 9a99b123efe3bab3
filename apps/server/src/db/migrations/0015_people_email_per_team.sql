DROP INDEX "people_email_live_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "people_email_team_live_uq" ON "people" USING btree (coalesce("team_id", "owner_id"),"email") WHERE "people"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "people_live_email_idx" ON "people" USING btree ("email") WHERE "people"."deleted_at" is null;