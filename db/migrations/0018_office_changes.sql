CREATE TABLE "office_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"office_id" integer,
	"subject" text NOT NULL,
	"subject_id" integer NOT NULL,
	"action" text NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reason" text,
	"cancelled_appointments" integer DEFAULT 0 NOT NULL,
	"actor_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "office_changes" ADD CONSTRAINT "office_changes_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_changes" ADD CONSTRAINT "office_changes_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_changes" ADD CONSTRAINT "office_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "office_changes_office_idx" ON "office_changes" USING btree ("office_id","id");--> statement-breakpoint
CREATE INDEX "office_changes_municipality_idx" ON "office_changes" USING btree ("municipality_id","id");