import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { appeals, attachments } from '../schema/index.ts';

/** The photos of appeals: stored with the appeal, listed on it, read one by one with whose appeal it is. */

/** What a view shows of a photo: the file itself is read by its id. */
const photoColumns = {
  id: attachments.id,
  mediaType: attachments.mediaType,
  size: attachments.size,
  width: attachments.width,
  height: attachments.height,
};

export async function insertAttachments(db: Db, rows: (typeof attachments.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return db.insert(attachments).values(rows).returning(photoColumns);
}

export async function listAttachments(db: Db, appealId: number) {
  return db
    .select(photoColumns)
    .from(attachments)
    .where(eq(attachments.appealId, appealId))
    .orderBy(asc(attachments.id));
}

export async function getAttachment(db: Db, id: number) {
  const rows = await db
    .select({
      attachment: attachments,
      appeal: {
        id: appeals.id,
        municipalityId: appeals.municipalityId,
        authorId: appeals.authorId,
        assignedOrgId: appeals.assignedOrgId,
        public: appeals.public,
      },
    })
    .from(attachments)
    .innerJoin(appeals, eq(appeals.id, attachments.appealId))
    .where(eq(attachments.id, id))
    .limit(1);
  return rows[0] ?? null;
}
