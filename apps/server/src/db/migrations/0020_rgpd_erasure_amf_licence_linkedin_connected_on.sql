ALTER TABLE "organisations" ADD COLUMN "amf_licence" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "linkedin_connected_on" date;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "anonymisation_reason" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "redaction_seal" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "redaction_key_id" text;