ALTER TABLE "keitaro_profiles" ADD COLUMN "card" jsonb;--> statement-breakpoint
ALTER TABLE "keitaro_routes" ADD COLUMN "card" jsonb;--> statement-breakpoint
ALTER TABLE "keitaro_profiles" ADD CONSTRAINT "keitaro_profiles_card_check" CHECK ("keitaro_profiles"."card" IS NULL OR ("keitaro_profiles"."card" ->> 'layout' IN ('full', 'compact')
    AND jsonb_typeof("keitaro_profiles"."card" -> 'hide') = 'array' AND jsonb_typeof("keitaro_profiles"."card" -> 'show') = 'array'));--> statement-breakpoint
ALTER TABLE "keitaro_routes" ADD CONSTRAINT "keitaro_routes_card_check" CHECK ("keitaro_routes"."card" IS NULL OR ("keitaro_routes"."card" ->> 'layout' IN ('full', 'compact')
    AND jsonb_typeof("keitaro_routes"."card" -> 'hide') = 'array' AND jsonb_typeof("keitaro_routes"."card" -> 'show') = 'array'));