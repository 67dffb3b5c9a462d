ALTER TABLE "keitaro_admin_connections" ADD COLUMN "reconciled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "keitaro_admin_connections" ADD COLUMN "reconcile_report" jsonb;