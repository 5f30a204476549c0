CREATE TABLE "apartment_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"apartment_id" integer NOT NULL,
	"building_id" integer NOT NULL,
	"kind" text NOT NULL,
	"field" text,
	"old_value" jsonb,
	"new_value" jsonb,
	"actor_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "apartments_building_number_uq";--> statement-breakpoint
ALTER TABLE "apartments" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "apartments" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "apartment_changes" ADD CONSTRAINT "apartment_changes_apartment_id_apartments_id_fk" FOREIGN KEY ("apartment_id") REFERENCES "public"."apartments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apartment_changes" ADD CONSTRAINT "apartment_changes_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apartment_changes" ADD CONSTRAINT "apartment_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "apartment_changes_building_idx" ON "apartment_changes" USING btree ("building_id","id");--> statement-breakpoint
CREATE INDEX "apartment_changes_apartment_idx" ON "apartment_changes" USING btree ("apartment_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "apartments_building_number_uq" ON "apartments" USING btree ("building_id","number") WHERE "apartments"."deleted_at" is null;