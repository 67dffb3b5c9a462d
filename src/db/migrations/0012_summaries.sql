CREATE TABLE "keitaro_summaries" (
	"profile_id" integer NOT NULL,
	"chat_id" bigint NOT NULL,
	"topic_id" integer DEFAULT 0 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"send_at" smallint DEFAULT 540 NOT NULL,
	"language" text,
	"last_day" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "keitaro_summaries_pkey" PRIMARY KEY("profile_id","chat_id","topic_id"),
	CONSTRAINT "keitaro_summaries_send_at_check" CHECK ("keitaro_summaries"."send_at" BETWEEN 0 AND 1439)
);
--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" DROP CONSTRAINT "keitaro_deliveries_kind_check";--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ADD COLUMN "photo" "bytea";--> statement-breakpoint
ALTER TABLE "keitaro_summaries" ADD CONSTRAINT "keitaro_summaries_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ADD CONSTRAINT "keitaro_deliveries_kind_check" CHECK ("keitaro_deliveries"."kind" IN ('event', 'digest', 'notice', 'summary'));