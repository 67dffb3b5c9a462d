CREATE TABLE "keitaro_bot_sessions" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "keitaro_refusals" (
	"profile_id" integer PRIMARY KEY NOT NULL,
	"rate_limited" bigint DEFAULT 0 NOT NULL,
	"last_rate_limited_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "keitaro_topics" (
	"chat_id" bigint NOT NULL,
	"topic_id" integer NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "keitaro_topics_chat_id_topic_id_pk" PRIMARY KEY("chat_id","topic_id")
);
--> statement-breakpoint
ALTER TABLE "keitaro_refusals" ADD CONSTRAINT "keitaro_refusals_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;