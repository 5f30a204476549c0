CREATE TYPE "public"."sla_clock" AS ENUM('response', 'resolution');--> statement-breakpoint
CREATE TABLE "sla_steps" (
	"appeal_id" bigint NOT NULL,
	"clock" "sla_clock" NOT NULL,
	"cycle" integer NOT NULL,
	"step" smallint NOT NULL,
	"done_at" timestamp with time zone NOT NULL,
	"done_by" text NOT NULL,
	CONSTRAINT "sla_steps_appeal_id_clock_cycle_step_pk" PRIMARY KEY("appeal_id","clock","cycle","step")
);
--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "next_step_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "municipalities" ADD COLUMN "escalation_ladder" jsonb;--> statement-breakpoint
ALTER TABLE "sla_steps" ADD CONSTRAINT "sla_steps_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeals_next_step_idx" ON "appeals" USING btree ("next_step_at") WHERE "appeals"."next_step_at" is not null;