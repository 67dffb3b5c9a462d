CREATE TABLE "keitaro_dedup_keys" (
	"profile_id" integer NOT NULL,
	"dedup_key" text NOT NULL,
	"event_id" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "keitaro_dedup_keys_profile_id_dedup_key_pk" PRIMARY KEY("profile_id","dedup_key")
);
--> statement-breakpoint
CREATE TABLE "keitaro_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" bigint NOT NULL,
	"profile_id" integer NOT NULL,
	"route_id" integer,
	"chat_id" bigint NOT NULL,
	"topic_id" integer,
	"language" text NOT NULL,
	"priority" smallint NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"message_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "keitaro_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"profile_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL,
	"status_word" text NOT NULL,
	"original_status" text,
	"tid" text,
	"subid" text,
	"external_id" text,
	"campaign_id" text,
	"campaign_name" text,
	"offer" text,
	"landing" text,
	"revenue" numeric(20, 6),
	"currency" text,
	"country" text,
	"source" text,
	"creative_id" text,
	"sub_id_1" text,
	"sub_id_2" text,
	"reason" text,
	"dedup_key" text NOT NULL,
	"outcome" text NOT NULL,
	"route_id" integer,
	"payload" jsonb NOT NULL,
	"raw_query" text,
	"raw_body" "bytea",
	"processed" boolean DEFAULT false NOT NULL,
	"error" text,
	CONSTRAINT "keitaro_events_outcome_check" CHECK ("keitaro_events"."outcome" IN ('queued', 'duplicate', 'filtered', 'no_route'))
);
--> statement-breakpoint
CREATE TABLE "keitaro_profiles" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_user_id" bigint NOT NULL,
	"name" text DEFAULT 'Keitaro' NOT NULL,
	"secret" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"default_chat_id" bigint,
	"default_topic_id" integer,
	"language" text DEFAULT 'ru' NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"rate_limit_rps" integer DEFAULT 27 NOT NULL,
	"dedup_ttl_sec" integer DEFAULT 3600 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "keitaro_profiles_language_check" CHECK ("keitaro_profiles"."language" IN ('ru', 'uk', 'en')),
	CONSTRAINT "keitaro_profiles_rate_limit_check" CHECK ("keitaro_profiles"."rate_limit_rps" BETWEEN 1 AND 1000),
	CONSTRAINT "keitaro_profiles_dedup_ttl_check" CHECK ("keitaro_profiles"."dedup_ttl_sec" BETWEEN 0 AND 604800)
);
--> statement-breakpoint
CREATE TABLE "keitaro_routes" (
	"id" serial PRIMARY KEY NOT NULL,
	"profile_id" integer NOT NULL,
	"match_by" text NOT NULL,
	"match_value" text,
	"is_pattern" boolean DEFAULT false NOT NULL,
	"statuses" text[] DEFAULT '{}'::text[] NOT NULL,
	"geo" text[] DEFAULT '{}'::text[] NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"chat_id" bigint NOT NULL,
	"topic_id" integer,
	"language" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "keitaro_routes_match_by_check" CHECK ("keitaro_routes"."match_by" IN ('campaign_id', 'source', 'any')),
	CONSTRAINT "keitaro_routes_language_check" CHECK ("keitaro_routes"."language" IN ('ru', 'uk', 'en'))
);
--> statement-breakpoint
ALTER TABLE "keitaro_dedup_keys" ADD CONSTRAINT "keitaro_dedup_keys_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ADD CONSTRAINT "keitaro_deliveries_event_id_keitaro_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."keitaro_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keitaro_events" ADD CONSTRAINT "keitaro_events_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keitaro_routes" ADD CONSTRAINT "keitaro_routes_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "keitaro_dedup_keys_expires_idx" ON "keitaro_dedup_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "keitaro_deliveries_due_idx" ON "keitaro_deliveries" USING btree ("next_attempt_at") WHERE "keitaro_deliveries"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "keitaro_deliveries_event_idx" ON "keitaro_deliveries" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "keitaro_deliveries_chat_idx" ON "keitaro_deliveries" USING btree ("chat_id","state");--> statement-breakpoint
CREATE INDEX "keitaro_events_profile_created_idx" ON "keitaro_events" USING btree ("profile_id","created_at");--> statement-breakpoint
CREATE INDEX "keitaro_events_created_idx" ON "keitaro_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "keitaro_events_unprocessed_idx" ON "keitaro_events" USING btree ("created_at") WHERE "keitaro_events"."processed" = false AND "keitaro_events"."error" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "keitaro_profiles_secret_key" ON "keitaro_profiles" USING btree ("secret");--> statement-breakpoint
CREATE INDEX "keitaro_profiles_owner_idx" ON "keitaro_profiles" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "keitaro_routes_profile_idx" ON "keitaro_routes" USING btree ("profile_id","priority","id");