import { randomBytes } from 'node:crypto';
import { newApiKey } from '../../api/open311/keys.ts';
import type { Database } from '../../db/client.ts';
import * as s from '../../db/schema/index.ts';

/*
 * Test data of interoperability (issue 18) written straight into the tables: an Open311 client with
 * its service account and key, an import run with refused lines. For the access matrix and readers.
 */

const uid = () => randomBytes(4).toString('hex');

export function interopMakers(db: Database) {
  return {
    /** A client with a working key (returned in clear), filing under its own service account. */
    async apiClient(
      municipalityId: number,
      opts: { name?: string; createdBy?: number; requestsPerMinute?: number; revoked?: boolean } = {},
    ) {
      const [user] = await db.insert(s.users).values({ municipalityId, role: 'resident' }).returning();
      const { key, prefix, hash } = newApiKey();
      const [client] = await db
        .insert(s.apiClients)
        .values({
          municipalityId,
          name: opts.name ?? `Приложение ${uid()}`,
          contact: 'dev@example.org',
          keyPrefix: prefix,
          keyHash: hash,
          userId: user.id,
          requestsPerMinute: opts.requestsPerMinute ?? 30,
          createdBy: opts.createdBy ?? null,
          ...(opts.revoked ? { revokedAt: new Date(), revokedBy: opts.createdBy ?? null, revokeReason: 'тест' } : {}),
        })
        .returning();
      return { client, key };
    },

    /** A finished import run with one refused line. */
    async importRun(municipalityId: number, opts: { startedBy?: number; kind?: s.ImportKind; dryRun?: boolean } = {}) {
      const [run] = await db
        .insert(s.importRuns)
        .values({
          municipalityId,
          kind: opts.kind ?? 'buildings',
          format: 'csv',
          fileName: `buildings-${uid()}.csv`,
          via: opts.startedBy ? 'web' : 'cli',
          dryRun: opts.dryRun ?? false,
          status: 'done',
          startedBy: opts.startedBy ?? null,
          finishedAt: new Date(),
          lines: 3,
          created: 1,
          updated: 1,
          rejected: 1,
          problems: [{ line: 4, field: 'lat', reason: 'не число' }],
        })
        .returning();
      return run;
    },
  };
}
