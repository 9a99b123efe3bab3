CREATE TABLE "sales_targets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"month" date NOT NULL,
	"team_id" uuid,
	"user_id" uuid,
	"amount" numeric(15, 2) NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_targets_slot" UNIQUE NULLS NOT DISTINCT("month","team_id","user_id","currency"),
	CONSTRAINT "sales_targets_one_level" CHECK ("sales_targets"."team_id" is null or "sales_targets"."user_id" is null),
	CONSTRAINT "sales_targets_first_day" CHECK (extract(day from "sales_targets"."month") = 1)
);
--> statement-breakpoint
ALTER TABLE "sales_targets" ADD CONSTRAINT "sales_targets_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_targets" ADD CONSTRAINT "sales_targets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sales_targets_month_idx" ON "sales_targets" USING btree ("month");