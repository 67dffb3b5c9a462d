CREATE TABLE "keitaro_threads" (
	"profile_id" integer NOT NULL,
	"chat_id" bigint NOT NULL,
	"topic_id" integer DEFAULT 0 NOT NULL,
	"click" text NOT NULL,
	"registration_message_id" bigint,
	"registration_event_id" bigint,
	"registered_at" timestamp with time zone,
	"deposit_message_id" bigint,
	"deposited_at" timestamp with time zone,
	"deposits" integer DEFAULT 0 NOT NULL,
	"totals" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"messages" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "keitaro_threads_pkey" PRIMARY KEY("profile_id","chat_id","topic_id","click")
);
--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" DROP CONSTRAINT "keitaro_deliveries_kind_check";--> statement-breakpoint
ALTER TABLE "keitaro_threads" ADD CONSTRAINT "keitaro_threads_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "keitaro_threads_updated_idx" ON "keitaro_threads" USING btree ("updated_at");--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ADD CONSTRAINT "keitaro_deliveries_kind_check" CHECK ("keitaro_deliveries"."kind" IN ('event', 'digest', 'notice', 'summary', 'edit'));