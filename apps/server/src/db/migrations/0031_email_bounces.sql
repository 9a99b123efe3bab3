ALTER TABLE "email_events" ADD COLUMN "bounce_type" text;--> statement-breakpoint
ALTER TABLE "email_events" ADD COLUMN "detail" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "email_events_bounce_uq" ON "email_events" USING btree ("send_id","bounce_type") WHERE "email_events"."type" = 'bounced';--> statement-breakpoint
CREATE UNIQUE INDEX "email_events_complaint_uq" ON "email_events" USING btree ("send_id") WHERE "email_events"."type" = 'complained';