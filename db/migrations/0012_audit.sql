CREATE TABLE "personal_data_access" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"municipality_id" bigint NOT NULL,
	"actor_user_id" bigint NOT NULL,
	"subject_user_id" bigint,
	"kind" text NOT NULL,
	"record" text,
	"route" text NOT NULL,
	"ip" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "personal_data_access_municipality_at_idx" ON "personal_data_access" USING btree ("municipality_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "personal_data_access_subject_at_idx" ON "personal_data_access" USING btree ("subject_user_id","at" DESC NULLS LAST);