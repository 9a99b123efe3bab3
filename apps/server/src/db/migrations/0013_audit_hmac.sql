-- Rows written before the keyed chain (docs/adr/0007-keyed-audit-chain.md) were hashed with plain SHA-256:
-- they are marked `sha256`; the column then has no default, so every new row must say how it was hashed.
ALTER TABLE "audit_log" ADD COLUMN "hash_alg" text DEFAULT 'sha256' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "hash_alg" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "key_id" text;
