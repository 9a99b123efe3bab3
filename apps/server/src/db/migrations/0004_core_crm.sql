CREATE TYPE "public"."legal_basis" AS ENUM('consentement', 'interet_legitime', 'contrat', 'obligation_legale');--> statement-breakpoint
CREATE TYPE "public"."record_source" AS ENUM('linkedin', 'salon', 'recommandation', 'site_web', 'import', 'registre_amf', 'autre');--> statement-breakpoint
CREATE TYPE "public"."organisation_category" AS ENUM('SDG', 'CGPI', 'Wholesale', 'Institution', 'Startup', 'Corporation', 'Autres');--> statement-breakpoint
CREATE TYPE "public"."organisation_type" AS ENUM('investisseur', 'client', 'fournisseur', 'distributeur', 'emetteur', 'autre');--> statement-breakpoint
CREATE TYPE "public"."person_organisation_role" AS ENUM('contact_principal', 'contact_secondaire', 'decideur', 'technique', 'administratif', 'autre');--> statement-breakpoint
CREATE TYPE "public"."produit_status" AS ENUM('en_attente', 'actif', 'inactif');--> statement-breakpoint
CREATE TYPE "public"."produit_type" AS ENUM('OPCVM', 'FCP', 'SICAV', 'ETF', 'FIA', 'SCPI', 'autre');--> statement-breakpoint
CREATE TYPE "public"."mandat_kind" AS ENUM('distribution', 'placement');--> statement-breakpoint
CREATE TYPE "public"."mandat_stage" AS ENUM('lead', 'rdv', 'pitch', 'due_diligence', 'negociation', 'gagne', 'perdu');--> statement-breakpoint
CREATE TYPE "public"."interaction_direction" AS ENUM('entrant', 'sortant');--> statement-breakpoint
CREATE TYPE "public"."interaction_type" AS ENUM('appel', 'email', 'reunion', 'visio', 'pitch', 'note', 'autre');--> statement-breakpoint
CREATE TYPE "public"."task_category" AS ENUM('relance', 'rdv', 'email', 'due_diligence', 'pitch', 'negociation', 'admin', 'autre');--> statement-breakpoint
CREATE TYPE "public"."task_priority" AS ENUM('basse', 'moyenne', 'haute', 'critique');--> statement-breakpoint
CREATE TYPE "public"."task_status" AS ENUM('todo', 'doing', 'done', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."notable_entity" AS ENUM('organisation', 'person', 'mandat');--> statement-breakpoint
CREATE TYPE "public"."segment_entity" AS ENUM('organisations', 'people');--> statement-breakpoint
CREATE TABLE "data_access_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"api_key_id" uuid,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"action" text NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"type" "organisation_type" DEFAULT 'autre' NOT NULL,
	"category" "organisation_category" DEFAULT 'Autres' NOT NULL,
	"email" "citext",
	"phone" text,
	"website" text,
	"address" text,
	"postal_code" text,
	"city" text,
	"country_code" text DEFAULT 'FR' NOT NULL,
	"language" text DEFAULT 'FR' NOT NULL,
	"aum" numeric(18, 2),
	"aum_date" date,
	"strategies" text[] DEFAULT '{}'::text[] NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"tier" smallint,
	"notes" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"marketing_opt_out" boolean DEFAULT false NOT NULL,
	"source" "record_source",
	"owner_id" uuid,
	"team_id" uuid,
	"consent" boolean DEFAULT false NOT NULL,
	"consent_at" timestamp with time zone,
	"legal_basis" "legal_basis" DEFAULT 'interet_legitime' NOT NULL,
	"data_source" text,
	"anonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"search_text" text GENERATED ALWAYS AS (crm_unaccent(lower(coalesce(name::text, '') || ' ' || coalesce(city::text, '') || ' ' || coalesce(email::text, '') || ' ' || coalesce(website::text, '')))) STORED
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" "citext",
	"personal_email" "citext",
	"phone" text,
	"mobile" text,
	"job_title" text,
	"language" text DEFAULT 'FR' NOT NULL,
	"country_code" text DEFAULT 'FR' NOT NULL,
	"linkedin_url" text,
	"linkedin_headline" text,
	"notes" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"marketing_opt_out" boolean DEFAULT false NOT NULL,
	"recording_opt_out" boolean DEFAULT false NOT NULL,
	"source" "record_source",
	"owner_id" uuid,
	"team_id" uuid,
	"consent" boolean DEFAULT false NOT NULL,
	"consent_at" timestamp with time zone,
	"legal_basis" "legal_basis" DEFAULT 'interet_legitime' NOT NULL,
	"data_source" text,
	"anonymised_at" timestamp with time zone,
	"last_activity_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"search_text" text GENERATED ALWAYS AS (crm_unaccent(lower(coalesce(first_name::text, '') || ' ' || coalesce(last_name::text, '') || ' ' || coalesce(email::text, '') || ' ' || coalesce(job_title::text, '') || ' ' || coalesce(mobile::text, '') || ' ' || coalesce(phone::text, '')))) STORED
);
--> statement-breakpoint
CREATE TABLE "person_organisations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" "person_organisation_role" DEFAULT 'contact_secondaire' NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"job_title" text,
	"work_email" "citext",
	"work_phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "produits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"isin" text NOT NULL,
	"type" "produit_type" DEFAULT 'autre' NOT NULL,
	"asset_class" text,
	"category" text,
	"sri_risk" smallint,
	"sfdr_article" smallint,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"management_company_id" uuid,
	"status" "produit_status" DEFAULT 'en_attente' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"search_text" text GENERATED ALWAYS AS (crm_unaccent(lower(coalesce(name::text, '') || ' ' || coalesce(isin::text, '') || ' ' || coalesce(asset_class::text, '') || ' ' || coalesce(category::text, '')))) STORED
);
--> statement-breakpoint
CREATE TABLE "mandat_produits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mandat_id" uuid NOT NULL,
	"produit_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mandat_stage_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mandat_id" uuid NOT NULL,
	"from_stage" "mandat_stage",
	"to_stage" "mandat_stage" NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"changed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "mandats" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" "mandat_kind" NOT NULL,
	"title" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"primary_contact_id" uuid,
	"stage" "mandat_stage" DEFAULT 'lead' NOT NULL,
	"amount" numeric(15, 2),
	"currency" text DEFAULT 'EUR' NOT NULL,
	"probability" smallint DEFAULT 10 NOT NULL,
	"expected_close_date" date,
	"closed_at" timestamp with time zone,
	"lost_reason" text,
	"source" "record_source",
	"mandate_number" text,
	"signed_at" date,
	"start_date" date,
	"end_date" date,
	"commission_rate" numeric(6, 3),
	"owner_id" uuid,
	"team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"search_text" text GENERATED ALWAYS AS (crm_unaccent(lower(coalesce(title::text, '') || ' ' || coalesce(mandate_number::text, '')))) STORED
);
--> statement-breakpoint
CREATE TABLE "interaction_participants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"interaction_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text,
	"present" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interactions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" "interaction_type" NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer,
	"direction" "interaction_direction",
	"organisation_id" uuid,
	"person_id" uuid,
	"mandat_id" uuid,
	"outcome" text,
	"external_participants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"external_source" text,
	"external_id" text,
	"created_by" uuid,
	"owner_id" uuid,
	"team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" "task_status" DEFAULT 'todo' NOT NULL,
	"priority" "task_priority" DEFAULT 'moyenne' NOT NULL,
	"category" "task_category" DEFAULT 'autre' NOT NULL,
	"due_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"assignee_id" uuid,
	"created_by" uuid,
	"organisation_id" uuid,
	"person_id" uuid,
	"mandat_id" uuid,
	"due_notified_at" timestamp with time zone,
	"owner_id" uuid,
	"team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"search_text" text GENERATED ALWAYS AS (crm_unaccent(lower(coalesce(title::text, '') || ' ' || coalesce(description::text, '')))) STORED
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entity_type" "notable_entity" NOT NULL,
	"entity_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid,
	"owner_id" uuid,
	"team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid
);
--> statement-breakpoint
CREATE TABLE "notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entity_type" "notable_entity" NOT NULL,
	"entity_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_by" uuid,
	"owner_id" uuid,
	"team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"entity" "segment_entity" NOT NULL,
	"filters" jsonb NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"owner_id" uuid,
	"team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entity" text NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"file_name" text NOT NULL,
	"storage_key" text NOT NULL,
	"format" text NOT NULL,
	"headers" jsonb NOT NULL,
	"mapping" jsonb,
	"options" jsonb,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"report" jsonb,
	"created_by" uuid NOT NULL,
	"team_id" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "person_organisations" ADD CONSTRAINT "person_organisations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_organisations" ADD CONSTRAINT "person_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "produits" ADD CONSTRAINT "produits_management_company_id_organisations_id_fk" FOREIGN KEY ("management_company_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandat_produits" ADD CONSTRAINT "mandat_produits_mandat_id_mandats_id_fk" FOREIGN KEY ("mandat_id") REFERENCES "public"."mandats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandat_produits" ADD CONSTRAINT "mandat_produits_produit_id_produits_id_fk" FOREIGN KEY ("produit_id") REFERENCES "public"."produits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandat_stage_changes" ADD CONSTRAINT "mandat_stage_changes_mandat_id_mandats_id_fk" FOREIGN KEY ("mandat_id") REFERENCES "public"."mandats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandats" ADD CONSTRAINT "mandats_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandats" ADD CONSTRAINT "mandats_primary_contact_id_people_id_fk" FOREIGN KEY ("primary_contact_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_participants" ADD CONSTRAINT "interaction_participants_interaction_id_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."interactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_participants" ADD CONSTRAINT "interaction_participants_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_mandat_id_mandats_id_fk" FOREIGN KEY ("mandat_id") REFERENCES "public"."mandats"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_mandat_id_mandats_id_fk" FOREIGN KEY ("mandat_id") REFERENCES "public"."mandats"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_access_log_subject_idx" ON "data_access_log" USING btree ("subject_type","subject_id","at");--> statement-breakpoint
CREATE INDEX "organisations_search_trgm_idx" ON "organisations" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "organisations_name_key_trgm_idx" ON "organisations" USING gin ("name_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "organisations_team_updated_idx" ON "organisations" USING btree ("team_id","updated_at");--> statement-breakpoint
CREATE INDEX "organisations_owner_idx" ON "organisations" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "organisations_category_type_idx" ON "organisations" USING btree ("category","type");--> statement-breakpoint
CREATE INDEX "organisations_name_idx" ON "organisations" USING btree ("name");--> statement-breakpoint
CREATE INDEX "organisations_tags_idx" ON "organisations" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "organisations_deleted_idx" ON "organisations" USING btree ("deleted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "people_email_live_uq" ON "people" USING btree ("email") WHERE "people"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "people_search_trgm_idx" ON "people" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_team_updated_idx" ON "people" USING btree ("team_id","updated_at");--> statement-breakpoint
CREATE INDEX "people_owner_idx" ON "people" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "people_last_name_idx" ON "people" USING btree ("last_name","first_name");--> statement-breakpoint
CREATE INDEX "people_deleted_idx" ON "people" USING btree ("deleted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "person_organisations_pair_uq" ON "person_organisations" USING btree ("person_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "person_organisations_one_primary_uq" ON "person_organisations" USING btree ("person_id") WHERE "person_organisations"."is_primary";--> statement-breakpoint
CREATE INDEX "person_organisations_org_idx" ON "person_organisations" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "produits_isin_uq" ON "produits" USING btree ("isin");--> statement-breakpoint
CREATE INDEX "produits_search_trgm_idx" ON "produits" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "produits_company_idx" ON "produits" USING btree ("management_company_id");--> statement-breakpoint
CREATE INDEX "produits_status_type_idx" ON "produits" USING btree ("status","type");--> statement-breakpoint
CREATE UNIQUE INDEX "mandat_produits_pair_uq" ON "mandat_produits" USING btree ("mandat_id","produit_id");--> statement-breakpoint
CREATE INDEX "mandat_produits_produit_idx" ON "mandat_produits" USING btree ("produit_id");--> statement-breakpoint
CREATE INDEX "mandat_stage_changes_mandat_idx" ON "mandat_stage_changes" USING btree ("mandat_id","changed_at");--> statement-breakpoint
CREATE INDEX "mandat_stage_changes_at_idx" ON "mandat_stage_changes" USING btree ("changed_at");--> statement-breakpoint
CREATE INDEX "mandats_search_trgm_idx" ON "mandats" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "mandats_team_stage_idx" ON "mandats" USING btree ("team_id","stage","updated_at");--> statement-breakpoint
CREATE INDEX "mandats_owner_stage_idx" ON "mandats" USING btree ("owner_id","stage");--> statement-breakpoint
CREATE INDEX "mandats_org_idx" ON "mandats" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "mandats_stage_close_idx" ON "mandats" USING btree ("stage","expected_close_date");--> statement-breakpoint
CREATE INDEX "mandats_deleted_idx" ON "mandats" USING btree ("deleted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "interaction_participants_pair_uq" ON "interaction_participants" USING btree ("interaction_id","person_id");--> statement-breakpoint
CREATE INDEX "interaction_participants_person_idx" ON "interaction_participants" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "interactions_external_uq" ON "interactions" USING btree ("external_source","external_id") WHERE "interactions"."external_source" is not null;--> statement-breakpoint
CREATE INDEX "interactions_org_occurred_idx" ON "interactions" USING btree ("organisation_id","occurred_at");--> statement-breakpoint
CREATE INDEX "interactions_person_occurred_idx" ON "interactions" USING btree ("person_id","occurred_at");--> statement-breakpoint
CREATE INDEX "interactions_mandat_occurred_idx" ON "interactions" USING btree ("mandat_id","occurred_at");--> statement-breakpoint
CREATE INDEX "interactions_team_occurred_idx" ON "interactions" USING btree ("team_id","occurred_at");--> statement-breakpoint
CREATE INDEX "interactions_type_occurred_idx" ON "interactions" USING btree ("type","occurred_at");--> statement-breakpoint
CREATE INDEX "tasks_search_trgm_idx" ON "tasks" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tasks_assignee_status_due_idx" ON "tasks" USING btree ("assignee_id","status","due_at");--> statement-breakpoint
CREATE INDEX "tasks_team_status_due_idx" ON "tasks" USING btree ("team_id","status","due_at");--> statement-breakpoint
CREATE INDEX "tasks_due_open_idx" ON "tasks" USING btree ("due_at") WHERE "tasks"."status" in ('todo', 'doing') and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_org_idx" ON "tasks" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "tasks_person_idx" ON "tasks" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "tasks_mandat_idx" ON "tasks" USING btree ("mandat_id");--> statement-breakpoint
CREATE INDEX "attachments_entity_idx" ON "attachments" USING btree ("entity_type","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "notes_entity_idx" ON "notes" USING btree ("entity_type","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "segments_team_idx" ON "segments" USING btree ("team_id","entity");--> statement-breakpoint
CREATE INDEX "import_jobs_created_by_idx" ON "import_jobs" USING btree ("created_by","created_at");