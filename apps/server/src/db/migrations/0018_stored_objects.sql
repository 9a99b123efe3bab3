CREATE TABLE "stored_object_chunks" (
	"key" text NOT NULL,
	"n" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stored_object_chunks_key_n_pk" PRIMARY KEY("key","n")
);
--> statement-breakpoint
CREATE TABLE "stored_objects" (
	"key" text PRIMARY KEY NOT NULL,
	"size_bytes" bigint NOT NULL,
	"chunks" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stored_object_chunks_created_idx" ON "stored_object_chunks" USING btree ("created_at");