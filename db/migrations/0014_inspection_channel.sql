ALTER TYPE "public"."channel" ADD VALUE 'inspection';
-- Hand-written note (issue 6 follow-up): drizzle's migrator applies every pending migration in one
-- transaction. PostgreSQL (12+) accepts ADD VALUE inside a transaction block, but the new value may
-- not be used before that transaction commits: no later migration of the same batch may use
-- 'inspection' (a default, a check, an update). tests/api/inspection-channel.test.ts applies it both
-- ways (from scratch with every migration in one transaction, and alone on a database at 0013).
