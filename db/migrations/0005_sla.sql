CREATE TABLE "sla_policies" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"category_id" integer,
	"priority" "priority" NOT NULL,
	"accept_duration" jsonb NOT NULL,
	"accept_calendar" jsonb NOT NULL,
	"resolve_duration" jsonb NOT NULL,
	"resolve_calendar" jsonb NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "resolution_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "response_breached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "resolution_breached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_scope_uq" ON "sla_policies" USING btree ("municipality_id",coalesce("category_id", 0),"priority");--> statement-breakpoint
CREATE INDEX "appeals_response_due_idx" ON "appeals" USING btree ("municipality_id","response_due_at") WHERE "appeals"."response_due_at" is not null;--> statement-breakpoint
CREATE INDEX "appeals_resolution_due_idx" ON "appeals" USING btree ("municipality_id","resolution_due_at") WHERE "appeals"."resolution_due_at" is not null;