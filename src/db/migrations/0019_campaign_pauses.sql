CREATE TABLE "keitaro_campaign_pauses" (
	"profile_id" integer NOT NULL,
	"chat_id" bigint NOT NULL,
	"campaign_id" text NOT NULL,
	"paused_until" timestamp with time zone NOT NULL,
	"paused_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "keitaro_campaign_pauses_pkey" PRIMARY KEY("profile_id","chat_id","campaign_id")
);
--> statement-breakpoint
ALTER TABLE "keitaro_profiles" ADD COLUMN "pause_button" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "keitaro_campaign_pauses" ADD CONSTRAINT "keitaro_campaign_pauses_profile_id_keitaro_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."keitaro_profiles"("id") ON DELETE cascade ON UPDATE no action;