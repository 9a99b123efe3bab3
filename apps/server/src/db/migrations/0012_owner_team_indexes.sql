DROP INDEX "organisations_owner_idx";--> statement-breakpoint
DROP INDEX "people_owner_idx";--> statement-breakpoint
CREATE INDEX "mandats_owner_team_idx" ON "mandats" USING btree ("owner_id","team_id");--> statement-breakpoint
CREATE INDEX "organisations_owner_team_idx" ON "organisations" USING btree ("owner_id","team_id");--> statement-breakpoint
CREATE INDEX "people_owner_team_idx" ON "people" USING btree ("owner_id","team_id");