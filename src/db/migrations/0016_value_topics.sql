CREATE TABLE "keitaro_value_topics" (
	"route_id" integer NOT NULL,
	"value" text NOT NULL,
	"chat_id" bigint NOT NULL,
	"topic_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "keitaro_value_topics_pkey" PRIMARY KEY("route_id","value")
);
--> statement-breakpoint
ALTER TABLE "keitaro_deliveries" ADD COLUMN "topic_value" text;--> statement-breakpoint
ALTER TABLE "keitaro_routes" ADD COLUMN "topic_field" text;--> statement-breakpoint
ALTER TABLE "keitaro_value_topics" ADD CONSTRAINT "keitaro_value_topics_route_id_keitaro_routes_id_fk" FOREIGN KEY ("route_id") REFERENCES "public"."keitaro_routes"("id") ON DELETE cascade ON UPDATE no action;