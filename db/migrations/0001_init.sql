CREATE TYPE "public"."appeal_status" AS ENUM('new', 'assigned', 'accepted', 'needs_info', 'resolved', 'closed', 'rejected', 'duplicate', 'cancelled', 'reopened');--> statement-breakpoint
CREATE TYPE "public"."channel" AS ENUM('web', 'mobile', 'call_centre', 'open311');--> statement-breakpoint
CREATE TYPE "public"."wall_material" AS ENUM('panel', 'brick', 'monolith', 'block', 'wood', 'mixed');--> statement-breakpoint
CREATE TYPE "public"."category_group" AS ENUM('housing', 'utilities', 'roads', 'transport', 'landscaping', 'other');--> statement-breakpoint
CREATE TYPE "public"."priority" AS ENUM('emergency', 'high', 'normal', 'low');--> statement-breakpoint
CREATE TYPE "public"."utility" AS ENUM('cold_water', 'hot_water', 'heating', 'electricity', 'gas');--> statement-breakpoint
CREATE TYPE "public"."notification_channel" AS ENUM('sms', 'email', 'push');--> statement-breakpoint
CREATE TYPE "public"."outbox_status" AS ENUM('pending', 'sent', 'dev', 'failed', 'dead');--> statement-breakpoint
CREATE TYPE "public"."organisation_kind" AS ENUM('management_company', 'resource_supplier', 'city_department', 'district_administration', 'dispatch_centre', 'city_hall', 'contractor');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('resident', 'dispatcher', 'org_staff', 'org_supervisor', 'city_hall', 'admin');--> statement-breakpoint
CREATE TABLE "appeal_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"appeal_id" bigint NOT NULL,
	"type" text NOT NULL,
	"from_status" "appeal_status",
	"to_status" "appeal_status",
	"actor_id" bigint,
	"actor_role" "role",
	"organisation_id" integer,
	"note" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"number" text NOT NULL,
	"author_id" bigint NOT NULL,
	"category_id" integer NOT NULL,
	"building_id" integer,
	"district_id" integer,
	"location" "point" NOT NULL,
	"address_text" text,
	"description" text NOT NULL,
	"entrance" text,
	"apartment" text,
	"priority" "priority" NOT NULL,
	"status" "appeal_status" DEFAULT 'new' NOT NULL,
	"assigned_org_id" integer,
	"channel" "channel" NOT NULL,
	"public" boolean NOT NULL,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"appeal_id" bigint,
	"owner_id" bigint NOT NULL,
	"sha256" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"width" integer,
	"height" integer,
	"storage_path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_codes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"destination" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "buildings" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"street" text NOT NULL,
	"house" text NOT NULL,
	"block" text,
	"postcode" text,
	"address" text NOT NULL,
	"search_text" text NOT NULL,
	"location" "point" NOT NULL,
	"management_company_id" integer,
	"cold_water_supplier_id" integer,
	"hot_water_supplier_id" integer,
	"heating_supplier_id" integer,
	"electricity_supplier_id" integer,
	"gas_supplier_id" integer,
	"year_built" smallint,
	"floors" smallint,
	"entrances" smallint,
	"apartments" smallint,
	"total_area" numeric(10, 1),
	"wall_material" "wall_material",
	"elevators" smallint,
	"heating_system" text,
	"hot_water_system" text,
	"last_overhaul_year" smallint,
	"wear_percent" numeric(4, 1),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"code" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"group" "category_group" NOT NULL,
	"responsible_kind" "organisation_kind" NOT NULL,
	"utility" "utility",
	"default_priority" "priority" DEFAULT 'normal' NOT NULL,
	"emergency" boolean DEFAULT false NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"needs_building" boolean DEFAULT false NOT NULL,
	"sort_order" smallint DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"code" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"boundary" "polygon" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "municipalities" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"time_zone" text DEFAULT 'Europe/Moscow' NOT NULL,
	"boundary" "polygon" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"user_id" bigint,
	"channel" "notification_channel" NOT NULL,
	"destination" text NOT NULL,
	"template" text NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "outbox_status" DEFAULT 'pending' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"kind" "organisation_kind" NOT NULL,
	"code" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"district_id" integer,
	"phone" text,
	"email" text,
	"address" text,
	"website" text,
	"working_hours" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_personal" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"full_name" text,
	"phone" text,
	"email" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"role" "role" NOT NULL,
	"organisation_id" integer,
	"login" text,
	"password_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "appeal_events" ADD CONSTRAINT "appeal_events_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_events" ADD CONSTRAINT "appeal_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_events" ADD CONSTRAINT "appeal_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_assigned_org_id_organisations_id_fk" FOREIGN KEY ("assigned_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_management_company_id_organisations_id_fk" FOREIGN KEY ("management_company_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_cold_water_supplier_id_organisations_id_fk" FOREIGN KEY ("cold_water_supplier_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_hot_water_supplier_id_organisations_id_fk" FOREIGN KEY ("hot_water_supplier_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_heating_supplier_id_organisations_id_fk" FOREIGN KEY ("heating_supplier_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_electricity_supplier_id_organisations_id_fk" FOREIGN KEY ("electricity_supplier_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_gas_supplier_id_organisations_id_fk" FOREIGN KEY ("gas_supplier_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "districts" ADD CONSTRAINT "districts_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_personal" ADD CONSTRAINT "user_personal_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeal_events_appeal_idx" ON "appeal_events" USING btree ("appeal_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_municipality_number_uq" ON "appeals" USING btree ("municipality_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_author_idempotency_uq" ON "appeals" USING btree ("author_id","idempotency_key") WHERE "appeals"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "appeals_location_gist" ON "appeals" USING gist ("location");--> statement-breakpoint
CREATE INDEX "appeals_municipality_created_idx" ON "appeals" USING btree ("municipality_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "appeals_author_idx" ON "appeals" USING btree ("author_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "appeals_assigned_org_idx" ON "appeals" USING btree ("assigned_org_id","status");--> statement-breakpoint
CREATE INDEX "appeals_building_idx" ON "appeals" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "appeals_status_idx" ON "appeals" USING btree ("municipality_id","status");--> statement-breakpoint
CREATE INDEX "attachments_appeal_idx" ON "attachments" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "attachments_sha256_idx" ON "attachments" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "login_codes_destination_idx" ON "login_codes" USING btree ("destination","created_at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "buildings_location_gist" ON "buildings" USING gist ("location");--> statement-breakpoint
CREATE INDEX "buildings_search_trgm" ON "buildings" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "buildings_municipality_idx" ON "buildings" USING btree ("municipality_id");--> statement-breakpoint
CREATE INDEX "buildings_management_company_idx" ON "buildings" USING btree ("management_company_id");--> statement-breakpoint
CREATE INDEX "buildings_district_idx" ON "buildings" USING btree ("district_id");--> statement-breakpoint
CREATE UNIQUE INDEX "categories_municipality_code_uq" ON "categories" USING btree ("municipality_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "districts_municipality_code_uq" ON "districts" USING btree ("municipality_id","code");--> statement-breakpoint
CREATE INDEX "districts_boundary_gist" ON "districts" USING gist ("boundary");--> statement-breakpoint
CREATE UNIQUE INDEX "municipalities_code_uq" ON "municipalities" USING btree ("code");--> statement-breakpoint
CREATE INDEX "notification_outbox_status_idx" ON "notification_outbox" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "notification_outbox_municipality_idx" ON "notification_outbox" USING btree ("municipality_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_municipality_code_uq" ON "organisations" USING btree ("municipality_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "user_personal_phone_uq" ON "user_personal" USING btree ("phone");--> statement-breakpoint
CREATE UNIQUE INDEX "user_personal_email_uq" ON "user_personal" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "users_login_uq" ON "users" USING btree (lower("login"));--> statement-breakpoint
CREATE INDEX "users_organisation_idx" ON "users" USING btree ("organisation_id");