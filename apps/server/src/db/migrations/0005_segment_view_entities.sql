ALTER TYPE "public"."segment_entity" ADD VALUE 'mandats';--> statement-breakpoint
ALTER TYPE "public"."segment_entity" ADD VALUE 'produits';--> statement-breakpoint
ALTER TYPE "public"."segment_entity" ADD VALUE 'tasks';