CREATE TABLE "keitaro_quiet_hours" (
	"profile_id" integer NOT NULL,
	"chat_id" bigint NOT NULL,
	"topic_id" integer DEFAULT 0 NOT NULL,
	"from_min" smallint NOT NULL,
	"to_min" smallint NOT NULL,
	"deposits_through" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "keitaro_quiet_hours_pkey" PRIMARY KEY("profile_id","chat_id","topic_id"),
	CONSTRAINT "keitaro_quiet_hours_minutes_check" CHECK ("keitaro_quiet_hours"."from_min" BETWEEN 0 AND 1439 AND "keitaro_quiet_hours"."to_min" BETWEEN 0 AND 1439 AND "keitaro_quiet_hours"."from_min" <> "keitaro_quiet_hours"."to_min")
);
--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" DROP CONSTRAINT "keitaro_deliveries_state_check";--> statement-breakpoint
ALTER TABLE "keitaro_profiles" ADD COLUMN "paused_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "keitaro_routes" ADD COLUMN "paused_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "keitaro_quiet_hours" ADD CONSTRAINT "keitaro_quiet_hours_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "keitaro_deliveries_calm_idx" ON "keitaro_deliveries" USING btree ("chat_id") WHERE "keitaro_deliveries"."state" IN ('paused', 'quiet');--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ADD CONSTRAINT "keitaro_deliveries_state_check" CHECK ("keitaro_deliveries"."state" IN ('pending', 'sent', 'dead', 'held', 'digested', 'paused', 'quiet'));