CREATE TYPE "public"."import_kind" AS ENUM('buildings', 'organisations');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('running', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "api_clients" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"name" text NOT NULL,
	"contact" text,
	"key_prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"user_id" bigint NOT NULL,
	"requests_per_minute" integer DEFAULT 30 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" bigint,
	"revoke_reason" text,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"kind" "import_kind" NOT NULL,
	"format" text NOT NULL,
	"file_name" text NOT NULL,
	"via" text NOT NULL,
	"dry_run" boolean NOT NULL,
	"allow_delete" boolean DEFAULT false NOT NULL,
	"status" "import_status" DEFAULT 'running' NOT NULL,
	"started_by" bigint,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"lines" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"deleted" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "open311_requests" (
	"appeal_id" bigint PRIMARY KEY NOT NULL,
	"client_id" integer NOT NULL,
	"token" text NOT NULL,
	"media_url" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "open311_submitters" (
	"appeal_id" bigint PRIMARY KEY NOT NULL,
	"email" text,
	"first_name" text,
	"last_name" text,
	"phone" text,
	"device_id" text,
	"account_id" text
);
--> statement-breakpoint
CREATE TABLE "open_data_dumps" (
	"municipality_id" integer NOT NULL,
	"day" date NOT NULL,
	"files" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "open_data_dumps_municipality_id_day_pk" PRIMARY KEY("municipality_id","day")
);
--> statement-breakpoint
ALTER TABLE "buildings" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "inn" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "ogrn" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_requests" ADD CONSTRAINT "open311_requests_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_requests" ADD CONSTRAINT "open311_requests_client_id_api_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."api_clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_submitters" ADD CONSTRAINT "open311_submitters_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_data_dumps" ADD CONSTRAINT "open_data_dumps_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_clients_key_hash_uq" ON "api_clients" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_clients_municipality_idx" ON "api_clients" USING btree ("municipality_id");--> statement-breakpoint
CREATE INDEX "import_runs_municipality_started_idx" ON "import_runs" USING btree ("municipality_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "open311_requests_token_uq" ON "open311_requests" USING btree ("token");--> statement-breakpoint
CREATE INDEX "open311_requests_client_idx" ON "open311_requests" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "buildings_municipality_external_uq" ON "buildings" USING btree ("municipality_id","external_id") WHERE "buildings"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_municipality_external_uq" ON "organisations" USING btree ("municipality_id","external_id") WHERE "organisations"."external_id" is not null;