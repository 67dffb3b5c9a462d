CREATE TABLE "keitaro_admin_connections" (
	"profile_id" integer PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"api_key" text NOT NULL,
	"generation" text,
	"connected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"check_outcome" text NOT NULL,
	"check_report" jsonb,
	CONSTRAINT "keitaro_admin_connections_generation_check" CHECK ("keitaro_admin_connections"."generation" IN ('legacy', 'v11'))
);
--> statement-breakpoint
ALTER TABLE "keitaro_admin_connections" ADD CONSTRAINT "keitaro_admin_connections_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;