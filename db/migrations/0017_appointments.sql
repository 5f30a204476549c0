CREATE TYPE "public"."appointment_status" AS ENUM('booked', 'checked_in', 'served', 'cancelled', 'no_show');--> statement-breakpoint
CREATE TYPE "public"."ticket_status" AS ENUM('waiting', 'called', 'serving', 'done', 'no_show');--> statement-breakpoint
CREATE TABLE "appointment_services" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"purpose" text NOT NULL,
	"eservice_id" integer,
	"letter" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"office_id" integer NOT NULL,
	"point_id" integer NOT NULL,
	"service_id" integer NOT NULL,
	"user_id" bigint NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"code" text NOT NULL,
	"status" "appointment_status" DEFAULT 'booked' NOT NULL,
	"application_id" bigint,
	"checked_in_at" timestamp with time zone,
	"late_minutes" integer,
	"closed_at" timestamp with time zone,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointments_time_ck" CHECK ("appointments"."ends_at" > "appointments"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "hall_ticket_numbers" (
	"office_id" integer NOT NULL,
	"day" date NOT NULL,
	"letter" text NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hall_ticket_numbers_office_id_day_letter_pk" PRIMARY KEY("office_id","day","letter")
);
--> statement-breakpoint
CREATE TABLE "hall_tickets" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"day" date NOT NULL,
	"letter" text NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"appointment_id" bigint,
	"service_id" integer NOT NULL,
	"kind" text NOT NULL,
	"status" "ticket_status" DEFAULT 'waiting' NOT NULL,
	"point_id" integer,
	"operator_id" bigint,
	"due_at" timestamp with time zone NOT NULL,
	"arrived_at" timestamp with time zone NOT NULL,
	"called_at" timestamp with time zone,
	"calls" smallint DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"late_minutes" integer,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offices" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" jsonb NOT NULL,
	"address" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"how_to_find" jsonb,
	"week" jsonb NOT NULL,
	"rules" jsonb NOT NULL,
	"kiosk_key_hash" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "queue_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"appointment_id" bigint,
	"ticket_id" bigint,
	"step" text NOT NULL,
	"actor_id" bigint,
	"from_status" text,
	"to_status" text,
	"point_id" integer,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_exceptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"point_id" integer,
	"date" date NOT NULL,
	"hours" jsonb,
	"reason" text NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_point_operators" (
	"point_id" integer NOT NULL,
	"user_id" bigint NOT NULL,
	CONSTRAINT "service_point_operators_point_id_user_id_pk" PRIMARY KEY("point_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "service_point_services" (
	"point_id" integer NOT NULL,
	"service_id" integer NOT NULL,
	"slot_minutes" smallint NOT NULL,
	CONSTRAINT "service_point_services_point_id_service_id_pk" PRIMARY KEY("point_id","service_id"),
	CONSTRAINT "service_point_services_slot_ck" CHECK ("service_point_services"."slot_minutes" between 5 and 240)
);
--> statement-breakpoint
CREATE TABLE "service_points" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"week" jsonb,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appointment_services" ADD CONSTRAINT "appointment_services_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_services" ADD CONSTRAINT "appointment_services_eservice_id_eservices_id_fk" FOREIGN KEY ("eservice_id") REFERENCES "public"."eservices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_point_id_service_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."service_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_service_id_appointment_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."appointment_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hall_ticket_numbers" ADD CONSTRAINT "hall_ticket_numbers_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hall_tickets" ADD CONSTRAINT "hall_tickets_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hall_tickets" ADD CONSTRAINT "hall_tickets_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hall_tickets" ADD CONSTRAINT "hall_tickets_service_id_appointment_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."appointment_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hall_tickets" ADD CONSTRAINT "hall_tickets_point_id_service_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."service_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hall_tickets" ADD CONSTRAINT "hall_tickets_operator_id_users_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offices" ADD CONSTRAINT "offices_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offices" ADD CONSTRAINT "offices_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_events" ADD CONSTRAINT "queue_events_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_events" ADD CONSTRAINT "queue_events_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_events" ADD CONSTRAINT "queue_events_ticket_id_hall_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."hall_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_events" ADD CONSTRAINT "queue_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_events" ADD CONSTRAINT "queue_events_point_id_service_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."service_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_exceptions" ADD CONSTRAINT "schedule_exceptions_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_exceptions" ADD CONSTRAINT "schedule_exceptions_point_id_service_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."service_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_exceptions" ADD CONSTRAINT "schedule_exceptions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_point_operators" ADD CONSTRAINT "service_point_operators_point_id_service_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."service_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_point_operators" ADD CONSTRAINT "service_point_operators_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_point_services" ADD CONSTRAINT "service_point_services_point_id_service_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."service_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_point_services" ADD CONSTRAINT "service_point_services_service_id_appointment_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."appointment_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_points" ADD CONSTRAINT "service_points_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appointment_services_code_uq" ON "appointment_services" USING btree ("municipality_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_code_uq" ON "appointments" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_idempotency_uq" ON "appointments" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_one_per_service_uq" ON "appointments" USING btree ("user_id","service_id") WHERE "appointments"."status" in ('booked', 'checked_in');--> statement-breakpoint
CREATE INDEX "appointments_user_idx" ON "appointments" USING btree ("user_id","starts_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "appointments_office_day_idx" ON "appointments" USING btree ("office_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_booked_idx" ON "appointments" USING btree ("starts_at") WHERE "appointments"."status" = 'booked';--> statement-breakpoint
CREATE UNIQUE INDEX "hall_tickets_number_uq" ON "hall_tickets" USING btree ("office_id","day","letter","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "hall_tickets_appointment_uq" ON "hall_tickets" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "hall_tickets_office_day_idx" ON "hall_tickets" USING btree ("office_id","day","status");--> statement-breakpoint
CREATE UNIQUE INDEX "offices_code_uq" ON "offices" USING btree ("municipality_id","code");--> statement-breakpoint
CREATE INDEX "offices_organisation_idx" ON "offices" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "queue_events_office_idx" ON "queue_events" USING btree ("office_id","id");--> statement-breakpoint
CREATE INDEX "queue_events_appointment_idx" ON "queue_events" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "queue_events_ticket_idx" ON "queue_events" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_exceptions_day_uq" ON "schedule_exceptions" USING btree ("office_id",coalesce("point_id", 0),"date");--> statement-breakpoint
CREATE INDEX "service_point_operators_user_idx" ON "service_point_operators" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "service_point_services_service_idx" ON "service_point_services" USING btree ("service_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_points_label_uq" ON "service_points" USING btree ("office_id","label");--> statement-breakpoint
-- No slot is ever booked twice: two live appointments of one point never overlap in time, whatever
-- the concurrency (btree_gist, created by 0010, gives the integer equality in a gist index).
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_no_overlap" EXCLUDE USING gist ("point_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" in ('booked', 'checked_in', 'served'));
