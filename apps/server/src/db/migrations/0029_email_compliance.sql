CREATE TABLE "email_consents" (
	"address" "citext" PRIMARY KEY NOT NULL,
	"basis" text NOT NULL,
	"source" text NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"topics_off" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_suppressions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"address" "citext" NOT NULL,
	"reason" text NOT NULL,
	"source" text NOT NULL,
	"campaign_id" uuid,
	"detail" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "email_consents" ADD CONSTRAINT "email_consents_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_suppressions" ADD CONSTRAINT "email_suppressions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "email_suppressions_address_uq" ON "email_suppressions" USING btree ("address");