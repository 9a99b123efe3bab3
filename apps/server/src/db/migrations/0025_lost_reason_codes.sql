CREATE TYPE "public"."mandat_lost_reason" AS ENUM('prix', 'concurrent', 'performance', 'timing', 'budget', 'conformite', 'pas_de_reponse', 'besoin', 'autre');--> statement-breakpoint
ALTER TABLE "mandats" ADD COLUMN "lost_reason_code" "mandat_lost_reason";--> statement-breakpoint
-- The mandates lost before the codes (docs/DOMAIN.md, "Lost reasons"): their free text, required then, becomes the
-- detail of `autre`. Only lost ones: a lost reason means something at `perdu` alone (binned mandates included).
UPDATE "mandats" SET "lost_reason_code" = 'autre' WHERE "stage" = 'perdu';
