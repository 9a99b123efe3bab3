ALTER TABLE "notifications" ADD COLUMN "source_event_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_event_idx" ON "notifications" USING btree ("user_id","source_event_id");