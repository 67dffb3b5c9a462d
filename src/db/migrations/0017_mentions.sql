ALTER TABLE "keitaro_buyer_names" ADD COLUMN "mention" text;--> statement-breakpoint
ALTER TABLE "keitaro_buyer_names" ADD COLUMN "mention_registrations" boolean DEFAULT false NOT NULL;