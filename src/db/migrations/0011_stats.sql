CREATE TABLE "keitaro_buyer_names" (
	"profile_id" integer NOT NULL,
	"value" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "keitaro_buyer_names_pkey" PRIMARY KEY("profile_id","value")
);
--> statement-breakpoint
CREATE TABLE "keitaro_stats_clicks" (
	"profile_id" integer NOT NULL,
	"subid" text NOT NULL,
	"registered_at" timestamp with time zone,
	"registered_day" date,
	"first_deposit_at" timestamp with time zone,
	"first_deposit_day" date,
	"chat_id" bigint DEFAULT 0 NOT NULL,
	"topic_id" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "keitaro_stats_clicks_pkey" PRIMARY KEY("profile_id","subid")
);
--> statement-breakpoint
CREATE TABLE "keitaro_stats_daily" (
	"profile_id" integer NOT NULL,
	"day" date NOT NULL,
	"status" text NOT NULL,
	"status_word" text DEFAULT '' NOT NULL,
	"campaign" text DEFAULT '' NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"buyer" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"offer" text DEFAULT '' NOT NULL,
	"currency" text DEFAULT '' NOT NULL,
	"chat_id" bigint DEFAULT 0 NOT NULL,
	"topic_id" integer DEFAULT 0 NOT NULL,
	"conversions" integer DEFAULT 0 NOT NULL,
	"revenue" numeric(20, 6) DEFAULT '0' NOT NULL,
	CONSTRAINT "keitaro_stats_daily_pkey" PRIMARY KEY("profile_id","day","status","status_word","campaign","country","buyer","source","offer","currency","chat_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "keitaro_stats_deposits" (
	"profile_id" integer NOT NULL,
	"tid" text NOT NULL,
	"day" date NOT NULL,
	"status" text NOT NULL,
	"campaign" text DEFAULT '' NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"buyer" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"offer" text DEFAULT '' NOT NULL,
	"currency" text DEFAULT '' NOT NULL,
	"chat_id" bigint DEFAULT 0 NOT NULL,
	"topic_id" integer DEFAULT 0 NOT NULL,
	"revenue" numeric(20, 6) DEFAULT '0' NOT NULL,
	"subid" text,
	"reversed" boolean DEFAULT false NOT NULL,
	CONSTRAINT "keitaro_stats_deposits_pkey" PRIMARY KEY("profile_id","tid")
);
--> statement-breakpoint
CREATE TABLE "keitaro_stats_pending" (
	"event_id" bigint PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "keitaro_profiles" ADD COLUMN "buyer_field" text;--> statement-breakpoint
ALTER TABLE "keitaro_buyer_names" ADD CONSTRAINT "keitaro_buyer_names_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keitaro_stats_clicks" ADD CONSTRAINT "keitaro_stats_clicks_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keitaro_stats_daily" ADD CONSTRAINT "keitaro_stats_daily_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keitaro_stats_deposits" ADD CONSTRAINT "keitaro_stats_deposits_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "keitaro_stats_clicks_registered_idx" ON "keitaro_stats_clicks" USING btree ("profile_id","registered_day");--> statement-breakpoint
CREATE INDEX "keitaro_stats_clicks_deposited_idx" ON "keitaro_stats_clicks" USING btree ("profile_id","first_deposit_day");--> statement-breakpoint
ALTER TABLE "keitaro_profiles" ADD CONSTRAINT "keitaro_profiles_buyer_field_check" CHECK ("keitaro_profiles"."buyer_field" ~ '^(source|sub_id_([1-9]|[12][0-9]|30))$');--> statement-breakpoint
-- Conversions stored before this release are counted too (duplicates never are).
INSERT INTO "keitaro_stats_pending" ("event_id") SELECT "id" FROM "keitaro_events" WHERE "outcome" <> 'duplicate';
