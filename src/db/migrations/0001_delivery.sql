CREATE TABLE "keitaro_chats" (
	"chat_id" bigint PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"title" text,
	"is_forum" boolean DEFAULT false NOT NULL,
	"reachable" boolean DEFAULT true NOT NULL,
	"unreachable_reason" text,
	"migrated_to" bigint,
	"recent_sends" timestamp with time zone[] DEFAULT '{}' NOT NULL,
	"paused_until" timestamp with time zone,
	"owner_notified_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ALTER COLUMN "event_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ADD COLUMN "kind" text DEFAULT 'event' NOT NULL;--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ADD COLUMN "digest_id" bigint;--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ADD COLUMN "body" text;--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ADD COLUMN "plain_text" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "keitaro_deliveries_digest_idx" ON "keitaro_deliveries" USING btree ("digest_id");--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ADD CONSTRAINT "keitaro_deliveries_state_check" CHECK ("keitaro_deliveries"."state" IN ('pending', 'sent', 'dead', 'held', 'digested'));--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ADD CONSTRAINT "keitaro_deliveries_kind_check" CHECK ("keitaro_deliveries"."kind" IN ('event', 'digest', 'notice'));