CREATE TYPE "public"."application_status" AS ENUM('draft', 'submitted', 'in_progress', 'awaiting_documents', 'ready', 'issued', 'refused', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."interagency_status" AS ENUM('pending', 'agreed', 'refused', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."result_kind" AS ENUM('document', 'decision', 'certificate');--> statement-breakpoint
CREATE TYPE "public"."term_unit" AS ENUM('working_days', 'calendar_days');--> statement-breakpoint
CREATE TABLE "application_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" bigint NOT NULL,
	"step" text NOT NULL,
	"actor_id" bigint,
	"from_status" "application_status",
	"to_status" "application_status" NOT NULL,
	"from_stage" smallint,
	"to_stage" smallint,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"document_code" text,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"storage_path" text NOT NULL,
	"uploaded_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_numbers" (
	"municipality_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "application_numbers_municipality_id_year_pk" PRIMARY KEY("municipality_id","year")
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"service_id" integer NOT NULL,
	"form_version" integer NOT NULL,
	"department_id" integer NOT NULL,
	"number" text,
	"applicant_id" bigint NOT NULL,
	"applicant_kind" text NOT NULL,
	"applicant_organisation" jsonb,
	"channel" text DEFAULT 'online' NOT NULL,
	"status" "application_status" DEFAULT 'draft' NOT NULL,
	"stage_index" smallint DEFAULT 0 NOT NULL,
	"stage_started_at" timestamp with time zone,
	"values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"term_start_on" date,
	"due_on" date,
	"pauses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"assignee_id" bigint,
	"refusal_ground" text,
	"refusal_note" text,
	"delivery" text,
	"decided_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eservice_forms" (
	"service_id" integer NOT NULL,
	"version" integer NOT NULL,
	"fields" jsonb NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "eservice_forms_service_id_version_pk" PRIMARY KEY("service_id","version")
);
--> statement-breakpoint
CREATE TABLE "eservices" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"department_id" integer NOT NULL,
	"applicant_kinds" text[] NOT NULL,
	"documents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"result_kind" "result_kind" NOT NULL,
	"term_days" smallint NOT NULL,
	"term_unit" "term_unit" NOT NULL,
	"pausable" boolean DEFAULT true NOT NULL,
	"stages" jsonb NOT NULL,
	"refusal_grounds" jsonb NOT NULL,
	"collection" jsonb NOT NULL,
	"form_version" integer DEFAULT 1 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "eservices_term_ck" CHECK ("eservices"."term_days" between 1 and 366)
);
--> statement-breakpoint
CREATE TABLE "interagency_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" bigint NOT NULL,
	"organisation_id" integer NOT NULL,
	"question" text NOT NULL,
	"term_days" smallint NOT NULL,
	"due_on" date NOT NULL,
	"status" "interagency_status" DEFAULT 'pending' NOT NULL,
	"answer_note" text,
	"answer_file_id" bigint,
	"asked_by" bigint NOT NULL,
	"asked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_by" bigint,
	"answered_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_files" ADD CONSTRAINT "application_files_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_files" ADD CONSTRAINT "application_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_numbers" ADD CONSTRAINT "application_numbers_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_service_id_eservices_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."eservices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_department_id_organisations_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_applicant_id_users_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eservice_forms" ADD CONSTRAINT "eservice_forms_service_id_eservices_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."eservices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eservice_forms" ADD CONSTRAINT "eservice_forms_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eservices" ADD CONSTRAINT "eservices_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eservices" ADD CONSTRAINT "eservices_department_id_organisations_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interagency_requests" ADD CONSTRAINT "interagency_requests_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interagency_requests" ADD CONSTRAINT "interagency_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interagency_requests" ADD CONSTRAINT "interagency_requests_answer_file_id_application_files_id_fk" FOREIGN KEY ("answer_file_id") REFERENCES "public"."application_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interagency_requests" ADD CONSTRAINT "interagency_requests_asked_by_users_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interagency_requests" ADD CONSTRAINT "interagency_requests_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_events_application_idx" ON "application_events" USING btree ("application_id","id");--> statement-breakpoint
CREATE INDEX "application_files_application_idx" ON "application_files" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_number_uq" ON "applications" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_idempotency_uq" ON "applications" USING btree ("applicant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "applications_applicant_idx" ON "applications" USING btree ("applicant_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "applications_inbox_idx" ON "applications" USING btree ("department_id","due_on","id","status","stage_index","service_id") WHERE "applications"."status" in ('submitted', 'in_progress', 'awaiting_documents', 'ready');--> statement-breakpoint
CREATE INDEX "applications_service_submitted_idx" ON "applications" USING btree ("service_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "eservices_code_uq" ON "eservices" USING btree ("municipality_id","code");--> statement-breakpoint
CREATE INDEX "interagency_requests_application_idx" ON "interagency_requests" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "interagency_requests_queue_idx" ON "interagency_requests" USING btree ("organisation_id","due_on") WHERE "interagency_requests"."status" = 'pending';