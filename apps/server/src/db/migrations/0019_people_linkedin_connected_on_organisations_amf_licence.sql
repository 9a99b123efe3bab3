ALTER TABLE "organisations" ADD COLUMN "amf_licence" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "linkedin_connected_on" date;