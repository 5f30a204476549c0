CREATE TABLE "appeal_followers" (
	"appeal_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeal_followers_appeal_id_user_id_pk" PRIMARY KEY("appeal_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "reopen_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "rating" smallint;--> statement-breakpoint
ALTER TABLE "appeal_followers" ADD CONSTRAINT "appeal_followers_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_followers" ADD CONSTRAINT "appeal_followers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeal_followers_user_idx" ON "appeal_followers" USING btree ("user_id");