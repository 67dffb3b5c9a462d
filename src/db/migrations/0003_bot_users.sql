CREATE TABLE "keitaro_bot_users" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"language" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
