DROP INDEX "keitaro_events_unprocessed_idx";--> statement-breakpoint
-- Hand-written (drizzle-kit has no table storage options): room on each page for the row
-- version written when the event is marked processed, so that update stays on the page (HOT).
ALTER TABLE "keitaro_events" SET (fillfactor = 80);
