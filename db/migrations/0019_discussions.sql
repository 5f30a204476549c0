CREATE TYPE "public"."discussion_status" AS ENUM('draft', 'announced', 'open', 'closed', 'protocol', 'concluded', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."proposal_status" AS ENUM('submitted', 'accepted', 'rejected');--> statement-breakpoint
CREATE TABLE "discussion_buildings" (
	"discussion_id" bigint NOT NULL,
	"building_id" integer NOT NULL,
	"via" text NOT NULL,
	CONSTRAINT "discussion_buildings_discussion_id_building_id_pk" PRIMARY KEY("discussion_id","building_id")
);
--> statement-breakpoint
CREATE TABLE "discussion_documents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"discussion_id" bigint NOT NULL,
	"title" text NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"storage_path" text NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"uploaded_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discussion_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"discussion_id" bigint NOT NULL,
	"proposal_id" bigint,
	"step" text NOT NULL,
	"actor_id" bigint,
	"from_status" text,
	"to_status" text,
	"reason" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discussion_numbers" (
	"municipality_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "discussion_numbers_municipality_id_year_pk" PRIMARY KEY("municipality_id","year")
);
--> statement-breakpoint
CREATE TABLE "discussions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"organiser_id" integer NOT NULL,
	"status" "discussion_status" DEFAULT 'draft' NOT NULL,
	"title" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"exposition_place" text DEFAULT '' NOT NULL,
	"territory" jsonb NOT NULL,
	"west" double precision NOT NULL,
	"south" double precision NOT NULL,
	"east" double precision NOT NULL,
	"north" double precision NOT NULL,
	"centre_lon" double precision NOT NULL,
	"centre_lat" double precision NOT NULL,
	"notice_on" date NOT NULL,
	"exposition_from" date NOT NULL,
	"exposition_to" date NOT NULL,
	"proposals_from" date NOT NULL,
	"proposals_to" date NOT NULL,
	"protocol_by" date NOT NULL,
	"conclusion_by" date NOT NULL,
	"announced_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"protocol_signed_at" timestamp with time zone,
	"concluded_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"conclusion_text" jsonb,
	"open_notice_at" timestamp with time zone,
	"conclusion_notice_at" timestamp with time zone,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_logins" (
	"state" text PRIMARY KEY NOT NULL,
	"nonce" text NOT NULL,
	"code_verifier" text NOT NULL,
	"return_to" text DEFAULT '/' NOT NULL,
	"municipality_id" integer NOT NULL,
	"link_user_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "proposal_authors" (
	"proposal_id" bigint PRIMARY KEY NOT NULL,
	"full_name" text NOT NULL,
	"birth_date" date,
	"address" text NOT NULL,
	"bases" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"proposal_id" bigint NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"storage_path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"discussion_id" bigint NOT NULL,
	"number" integer NOT NULL,
	"author_id" bigint NOT NULL,
	"body" text NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"status" "proposal_status" DEFAULT 'submitted' NOT NULL,
	"reject_reason" text,
	"moderated_by" bigint,
	"moderated_at" timestamp with time zone,
	"recommendation" text,
	"recommendation_reason" text,
	"idempotency_key" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verified_identities" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"full_name" text NOT NULL,
	"birth_date" date,
	"registration_address" text,
	"registration_building_id" integer,
	"registration_apartment" text,
	"phone" text,
	"verified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "discussion_buildings" ADD CONSTRAINT "discussion_buildings_discussion_id_discussions_id_fk" FOREIGN KEY ("discussion_id") REFERENCES "public"."discussions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussion_buildings" ADD CONSTRAINT "discussion_buildings_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussion_documents" ADD CONSTRAINT "discussion_documents_discussion_id_discussions_id_fk" FOREIGN KEY ("discussion_id") REFERENCES "public"."discussions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussion_documents" ADD CONSTRAINT "discussion_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussion_events" ADD CONSTRAINT "discussion_events_discussion_id_discussions_id_fk" FOREIGN KEY ("discussion_id") REFERENCES "public"."discussions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussion_events" ADD CONSTRAINT "discussion_events_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussion_events" ADD CONSTRAINT "discussion_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussion_numbers" ADD CONSTRAINT "discussion_numbers_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussions" ADD CONSTRAINT "discussions_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussions" ADD CONSTRAINT "discussions_organiser_id_organisations_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussions" ADD CONSTRAINT "discussions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_logins" ADD CONSTRAINT "identity_logins_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_logins" ADD CONSTRAINT "identity_logins_link_user_id_users_id_fk" FOREIGN KEY ("link_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_authors" ADD CONSTRAINT "proposal_authors_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_files" ADD CONSTRAINT "proposal_files_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_discussion_id_discussions_id_fk" FOREIGN KEY ("discussion_id") REFERENCES "public"."discussions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verified_identities" ADD CONSTRAINT "verified_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verified_identities" ADD CONSTRAINT "verified_identities_registration_building_id_buildings_id_fk" FOREIGN KEY ("registration_building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discussion_buildings_building_idx" ON "discussion_buildings" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "discussion_documents_discussion_idx" ON "discussion_documents" USING btree ("discussion_id","position");--> statement-breakpoint
CREATE INDEX "discussion_events_discussion_idx" ON "discussion_events" USING btree ("discussion_id","id");--> statement-breakpoint
CREATE INDEX "discussion_events_proposal_idx" ON "discussion_events" USING btree ("proposal_id") WHERE "discussion_events"."proposal_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "discussions_number_uq" ON "discussions" USING btree ("municipality_id","number");--> statement-breakpoint
CREATE INDEX "discussions_municipality_status_idx" ON "discussions" USING btree ("municipality_id","status");--> statement-breakpoint
CREATE INDEX "discussions_box_idx" ON "discussions" USING btree ("west","east","south","north");--> statement-breakpoint
CREATE INDEX "proposal_files_proposal_idx" ON "proposal_files" USING btree ("proposal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "proposals_number_uq" ON "proposals" USING btree ("discussion_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "proposals_idempotency_uq" ON "proposals" USING btree ("author_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "proposals_discussion_status_idx" ON "proposals" USING btree ("discussion_id","status");--> statement-breakpoint
CREATE INDEX "proposals_author_idx" ON "proposals" USING btree ("author_id");--> statement-breakpoint
CREATE UNIQUE INDEX "verified_identities_subject_uq" ON "verified_identities" USING btree ("issuer","subject");--> statement-breakpoint
CREATE INDEX "verified_identities_building_idx" ON "verified_identities" USING btree ("registration_building_id");