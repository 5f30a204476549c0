import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';

/** Of these stored files (paths under the uploads directory), the ones some record still uses. */
export async function referencedUploads(db: Db, storagePaths: readonly string[]): Promise<Set<string>> {
  if (storagePaths.length === 0) return new Set();
  const paths = sql`${`{${storagePaths.map((p) => `"${p.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`}::text[]`;
  const rows = await db.execute<{ storage_path: string }>(sql`
    select storage_path from attachments where storage_path = any(${paths})
    union
    select storage_path from building_documents where storage_path = any(${paths})
    union
    select storage_path from discussion_documents where storage_path = any(${paths})
    union
    select storage_path from proposal_files where storage_path = any(${paths})`);
  return new Set(rows.map((r) => r.storage_path));
}
