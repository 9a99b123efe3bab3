CREATE INDEX "people_live_name_idx" ON "people" USING btree (("last_name" || ' ' || "first_name"),"id") WHERE "people"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "people_live_created_idx" ON "people" USING btree ("created_at","id") WHERE "people"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "people_live_country_idx" ON "people" USING btree ("country_code") WHERE "people"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "people_live_language_idx" ON "people" USING btree ("language") WHERE "people"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "people_live_source_idx" ON "people" USING btree ("source") WHERE "people"."deleted_at" is null;