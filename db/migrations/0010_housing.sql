CREATE TYPE "public"."apartment_link_status" AS ENUM('pending', 'confirmed', 'rejected', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."meter_kind" AS ENUM('cold_water', 'hot_water', 'electricity', 'heating', 'gas');--> statement-breakpoint
CREATE TYPE "public"."reading_source" AS ENUM('resident', 'company', 'import');--> statement-breakpoint
CREATE TYPE "public"."outage_kind" AS ENUM('planned', 'emergency');--> statement-breakpoint
CREATE TYPE "public"."outage_status" AS ENUM('active', 'restored', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."document_kind" AS ENUM('passport_scan', 'act', 'inspection_report', 'project', 'photo', 'other');--> statement-breakpoint
CREATE TYPE "public"."passport_change_source" AS ENUM('form', 'import');--> statement-breakpoint
CREATE TYPE "public"."defect_severity" AS ENUM('minor', 'major', 'critical');--> statement-breakpoint
CREATE TYPE "public"."inspection_status" AS ENUM('planned', 'in_progress', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."season" AS ENUM('spring', 'autumn');--> statement-breakpoint
CREATE TABLE "apartment_links" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"apartment_id" integer NOT NULL,
	"user_id" bigint NOT NULL,
	"status" "apartment_link_status" DEFAULT 'pending' NOT NULL,
	"evidence" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" bigint,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "apartments" (
	"id" serial PRIMARY KEY NOT NULL,
	"building_id" integer NOT NULL,
	"number" text NOT NULL,
	"entrance" smallint,
	"floor" smallint,
	"area" numeric(7, 1),
	"account_number" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meter_readings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"meter_id" bigint NOT NULL,
	"period" text NOT NULL,
	"values" numeric(14, 3)[] NOT NULL,
	"consumption" numeric(14, 3)[],
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" "reading_source" NOT NULL,
	"submitted_by" bigint NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meter_replacements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"meter_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"old_serial_number" text NOT NULL,
	"new_serial_number" text NOT NULL,
	"initial_values" numeric(14, 3)[] NOT NULL,
	"recorded_by" bigint NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "meters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"apartment_id" integer NOT NULL,
	"kind" "meter_kind" NOT NULL,
	"tariffs" smallint DEFAULT 1 NOT NULL,
	"serial_number" text NOT NULL,
	"installed_on" date,
	"verification_due" date,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meters_tariffs_ck" CHECK ("meters"."tariffs" between 1 and 3 and ("meters"."kind" = 'electricity' or "meters"."tariffs" = 1))
);
--> statement-breakpoint
CREATE TABLE "reading_reminders" (
	"user_id" bigint NOT NULL,
	"period" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reading_reminders_user_id_period_pk" PRIMARY KEY("user_id","period")
);
--> statement-breakpoint
CREATE TABLE "outage_buildings" (
	"outage_id" bigint NOT NULL,
	"building_id" integer NOT NULL,
	"service" "utility" NOT NULL,
	"during" "tstzrange" NOT NULL,
	CONSTRAINT "outage_buildings_outage_id_building_id_pk" PRIMARY KEY("outage_id","building_id")
);
--> statement-breakpoint
CREATE TABLE "outage_updates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"outage_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"actor_id" bigint,
	"actor_role" "role",
	"note" text,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"service" "utility" NOT NULL,
	"kind" "outage_kind" NOT NULL,
	"status" "outage_status" DEFAULT 'active' NOT NULL,
	"reason" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"expected_end_at" timestamp with time zone NOT NULL,
	"restored_at" timestamp with time zone,
	"area" "polygon",
	"district_id" integer,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"next_step_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outages_period_ck" CHECK ("outages"."expected_end_at" > "outages"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "building_documents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"building_id" integer NOT NULL,
	"kind" "document_kind" NOT NULL,
	"title" text NOT NULL,
	"sha256" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"storage_path" text NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"uploaded_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "building_passports" (
	"building_id" integer PRIMARY KEY NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" bigint
);
--> statement-breakpoint
CREATE TABLE "passport_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"building_id" integer NOT NULL,
	"field" text NOT NULL,
	"old_value" jsonb,
	"new_value" jsonb,
	"actor_id" bigint,
	"source" "passport_change_source" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "defect_photos" (
	"defect_id" bigint NOT NULL,
	"attachment_id" bigint NOT NULL,
	CONSTRAINT "defect_photos_defect_id_attachment_id_pk" PRIMARY KEY("defect_id","attachment_id")
);
--> statement-breakpoint
CREATE TABLE "inspection_defects" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"inspection_id" bigint NOT NULL,
	"element" text NOT NULL,
	"severity" "defect_severity" NOT NULL,
	"description" text NOT NULL,
	"appeal_id" bigint,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_scores" (
	"inspection_id" bigint NOT NULL,
	"element" text NOT NULL,
	"score" smallint,
	"note" text,
	CONSTRAINT "inspection_scores_inspection_id_element_pk" PRIMARY KEY("inspection_id","element"),
	CONSTRAINT "inspection_scores_score_ck" CHECK ("inspection_scores"."score" is null or "inspection_scores"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"building_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"season" "season" NOT NULL,
	"status" "inspection_status" DEFAULT 'planned' NOT NULL,
	"due_on" date NOT NULL,
	"planned_on" date,
	"inspector_id" bigint,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"rating" numeric(2, 1),
	"conclusion" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "outage_id" bigint;--> statement-breakpoint
ALTER TABLE "buildings" ADD COLUMN "reading_window_from_day" smallint;--> statement-breakpoint
ALTER TABLE "buildings" ADD COLUMN "reading_window_to_day" smallint;--> statement-breakpoint
ALTER TABLE "municipalities" ADD COLUMN "reading_window_from_day" smallint DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE "municipalities" ADD COLUMN "reading_window_to_day" smallint DEFAULT 25 NOT NULL;--> statement-breakpoint
ALTER TABLE "apartment_links" ADD CONSTRAINT "apartment_links_apartment_id_apartments_id_fk" FOREIGN KEY ("apartment_id") REFERENCES "public"."apartments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apartment_links" ADD CONSTRAINT "apartment_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apartment_links" ADD CONSTRAINT "apartment_links_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apartments" ADD CONSTRAINT "apartments_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_readings" ADD CONSTRAINT "meter_readings_meter_id_meters_id_fk" FOREIGN KEY ("meter_id") REFERENCES "public"."meters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_readings" ADD CONSTRAINT "meter_readings_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_replacements" ADD CONSTRAINT "meter_replacements_meter_id_meters_id_fk" FOREIGN KEY ("meter_id") REFERENCES "public"."meters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_replacements" ADD CONSTRAINT "meter_replacements_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meters" ADD CONSTRAINT "meters_apartment_id_apartments_id_fk" FOREIGN KEY ("apartment_id") REFERENCES "public"."apartments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_reminders" ADD CONSTRAINT "reading_reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outage_buildings" ADD CONSTRAINT "outage_buildings_outage_id_outages_id_fk" FOREIGN KEY ("outage_id") REFERENCES "public"."outages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outage_buildings" ADD CONSTRAINT "outage_buildings_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outage_updates" ADD CONSTRAINT "outage_updates_outage_id_outages_id_fk" FOREIGN KEY ("outage_id") REFERENCES "public"."outages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outage_updates" ADD CONSTRAINT "outage_updates_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outages" ADD CONSTRAINT "outages_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outages" ADD CONSTRAINT "outages_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outages" ADD CONSTRAINT "outages_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outages" ADD CONSTRAINT "outages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "building_documents" ADD CONSTRAINT "building_documents_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "building_documents" ADD CONSTRAINT "building_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "building_passports" ADD CONSTRAINT "building_passports_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "building_passports" ADD CONSTRAINT "building_passports_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_changes" ADD CONSTRAINT "passport_changes_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_changes" ADD CONSTRAINT "passport_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "defect_photos" ADD CONSTRAINT "defect_photos_defect_id_inspection_defects_id_fk" FOREIGN KEY ("defect_id") REFERENCES "public"."inspection_defects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "defect_photos" ADD CONSTRAINT "defect_photos_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_defects" ADD CONSTRAINT "inspection_defects_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_defects" ADD CONSTRAINT "inspection_defects_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_defects" ADD CONSTRAINT "inspection_defects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_scores" ADD CONSTRAINT "inspection_scores_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_inspector_id_users_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "apartment_links_live_uq" ON "apartment_links" USING btree ("apartment_id","user_id") WHERE "apartment_links"."status" in ('pending', 'confirmed');--> statement-breakpoint
CREATE INDEX "apartment_links_user_idx" ON "apartment_links" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "apartment_links_pending_idx" ON "apartment_links" USING btree ("apartment_id") WHERE "apartment_links"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "apartments_building_number_uq" ON "apartments" USING btree ("building_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "meter_readings_meter_period_uq" ON "meter_readings" USING btree ("meter_id","period");--> statement-breakpoint
CREATE INDEX "meter_readings_meter_at_idx" ON "meter_readings" USING btree ("meter_id","submitted_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "meter_readings_flagged_idx" ON "meter_readings" USING btree ("period") WHERE cardinality("meter_readings"."flags") > 0;--> statement-breakpoint
CREATE INDEX "meter_replacements_meter_idx" ON "meter_replacements" USING btree ("meter_id","at");--> statement-breakpoint
CREATE INDEX "meters_apartment_idx" ON "meters" USING btree ("apartment_id");--> statement-breakpoint
CREATE INDEX "outage_buildings_building_idx" ON "outage_buildings" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "outage_updates_outage_idx" ON "outage_updates" USING btree ("outage_id","id");--> statement-breakpoint
CREATE INDEX "outages_active_idx" ON "outages" USING btree ("municipality_id","status","starts_at") WHERE "outages"."status" = 'active';--> statement-breakpoint
CREATE INDEX "outages_organisation_idx" ON "outages" USING btree ("organisation_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "outages_next_step_idx" ON "outages" USING btree ("next_step_at") WHERE "outages"."next_step_at" is not null;--> statement-breakpoint
CREATE INDEX "building_documents_building_idx" ON "building_documents" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "passport_changes_building_idx" ON "passport_changes" USING btree ("building_id","id");--> statement-breakpoint
CREATE INDEX "inspection_defects_inspection_idx" ON "inspection_defects" USING btree ("inspection_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_building_season_uq" ON "inspections" USING btree ("building_id","year","season") WHERE "inspections"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "inspections_open_due_idx" ON "inspections" USING btree ("municipality_id","due_on") WHERE "inspections"."status" in ('planned', 'in_progress');--> statement-breakpoint
CREATE INDEX "inspections_building_done_idx" ON "inspections" USING btree ("building_id","completed_at" DESC NULLS LAST) WHERE "inspections"."status" = 'completed';--> statement-breakpoint
CREATE INDEX "inspections_organisation_idx" ON "inspections" USING btree ("organisation_id","status");--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_outage_id_outages_id_fk" FOREIGN KEY ("outage_id") REFERENCES "public"."outages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeals_outage_idx" ON "appeals" USING btree ("outage_id") WHERE "appeals"."outage_id" is not null;--> statement-breakpoint
-- Two active outages of one service may not cover one building at the same time (the publisher
-- updates the existing one instead). Cancelled outages have an empty range and never conflict.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "outage_buildings" ADD CONSTRAINT "outage_buildings_no_overlap" EXCLUDE USING gist ("building_id" WITH =, "service" WITH =, "during" WITH &&);
