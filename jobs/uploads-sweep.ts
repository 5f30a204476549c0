import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client.ts';
import { referencedUploads } from '../db/queries/uploads.ts';

/** Files younger than this are left alone: their request's transaction may still be open. */
export const UPLOAD_GRACE_MS = 24 * 3600 * 1000;

/** The files under the uploads directory (ab/cd/<sha256>.<ext>, and temporary files beside them). */
async function listUploads(uploadsDir: string): Promise<string[]> {
  const entries = await readdir(uploadsDir, { recursive: true, withFileTypes: true }).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    },
  );
  return entries.filter((e) => e.isFile()).map((e) => path.relative(uploadsDir, path.join(e.parentPath, e.name)));
}

/**
 * Delete stored files no record uses: photos and documents are written before their transaction
 * (content-addressed, so that a request never holds a transaction open while it reads a file), and a
 * transaction that rolls back, or a process killed mid-request, leaves its files behind. A file is
 * deleted only when it is older than a day and no attachment or document names it; storeContent
 * renews the age of a file it stores again, and the age is read again just before the deletion.
 */
export async function sweepUploads(
  db: Db,
  uploadsDir: string,
  now: Date,
): Promise<{ checked: number; deleted: string[] }> {
  const files = await listUploads(uploadsDir);
  const deleted: string[] = [];
  const oldEnough = async (file: string) => {
    const s = await stat(path.join(uploadsDir, file)).catch(() => null);
    return s !== null && now.getTime() - s.mtimeMs > UPLOAD_GRACE_MS;
  };
  for (let i = 0; i < files.length; i += 1000) {
    const batch = files.slice(i, i + 1000);
    const old: string[] = [];
    for (const file of batch) if (await oldEnough(file)) old.push(file);
    const used = await referencedUploads(db, old);
    for (const file of old) {
      if (used.has(file) || !(await oldEnough(file))) continue;
      await unlink(path.join(uploadsDir, file)).catch(() => {});
      deleted.push(file);
    }
  }
  return { checked: files.length, deleted };
}
