/**
 * The project's documents (issue 17): the organiser attaches PDFs and drawings (PNG, JPEG) to a
 * draft, recognised by content and stored content-addressed like the passports' documents; each
 * attachment and removal is a discussion event.
 */
import {
  deleteDiscussionDocument,
  getDiscussion,
  insertDiscussionDocument,
  insertDiscussionEvent,
  lockDiscussion,
} from '../../db/queries/discussions.ts';
import { isEditable } from '../../dispatch/discussions.ts';
import { type Context, inTransaction } from '../context.ts';
import { HttpProblem, NotFound } from '../errors.ts';
import { sniffImage, storeContent, storePhoto } from '../uploads.ts';
import { managedDiscussion, notEditable } from './edit-discussion.ts';
import { documentUrl } from './read-discussions.ts';

const isPdf = (bytes: Buffer) => bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-';

/** PDF kept byte for byte, PNG as it is, JPEG without its metadata (a photo's EXIF may say where it was taken). */
async function storeProjectDocument(uploadsDir: string, bytes: Buffer) {
  const image = sniffImage(bytes);
  if (image === 'image/jpeg') {
    const photo = await storePhoto(uploadsDir, bytes, 'file');
    return { sha256: photo.sha256, mediaType: photo.mediaType, size: photo.size, storagePath: photo.storagePath };
  }
  if (image === 'image/png' || isPdf(bytes)) {
    const ext = image === 'image/png' ? 'png' : 'pdf';
    const { sha256, storagePath } = await storeContent(uploadsDir, bytes, ext, 'file');
    return { sha256, mediaType: image ?? 'application/pdf', size: bytes.length, storagePath };
  }
  throw new HttpProblem(
    415,
    'unsupported-media-type',
    { id: 'discussion.document_type' },
    { errors: [{ field: 'file', reason: { id: 'discussion.document_type.reason' } }] },
  );
}

/** The draft the actor may attach to (checked before the upload is read). */
export async function documentTarget(ctx: Context, id: number) {
  const d = await managedDiscussion(ctx, await getDiscussion(ctx.db, id));
  if (!isEditable(d.status)) throw notEditable(d);
  return d;
}

/** Attach a document to a draft. */
export async function attachDiscussionDocument(
  ctx: Context,
  id: number,
  input: { title: string; name: string },
  file: Buffer,
  uploadsDir: string,
) {
  const actor = ctx.actor!;
  await documentTarget(ctx, id);
  const stored = await storeProjectDocument(uploadsDir, file);
  const now = ctx.clock();
  const doc = await inTransaction(ctx, async (tx) => {
    const d = await lockDiscussion(tx.db, id);
    if (!d) throw new NotFound('discussion');
    if (!isEditable(d.status)) throw notEditable(d);
    const row = await insertDiscussionDocument(tx.db, {
      discussionId: id,
      title: input.title,
      name: input.name,
      ...stored,
      uploadedBy: actor.userId,
      createdAt: now,
    });
    await insertDiscussionEvent(tx.db, {
      discussionId: id,
      step: 'document',
      actorId: actor.userId,
      data: { added: row.id, title: row.title },
      at: now,
    });
    return row;
  });
  return {
    id: doc.id,
    title: doc.title,
    name: doc.name,
    mediaType: doc.mediaType,
    size: doc.size,
    url: documentUrl(id, doc.id),
    createdAt: doc.createdAt.toISOString(),
  };
}

/** Remove a document from a draft (the stored file goes with the nightly sweep). */
export async function removeDiscussionDocument(ctx: Context, id: number, documentId: number): Promise<void> {
  const actor = ctx.actor!;
  const now = ctx.clock();
  await inTransaction(ctx, async (tx) => {
    const d = await managedDiscussion(tx, await lockDiscussion(tx.db, id));
    if (!isEditable(d.status)) throw notEditable(d);
    if (!(await deleteDiscussionDocument(tx.db, id, documentId))) throw new NotFound('discussion_document');
    await insertDiscussionEvent(tx.db, {
      discussionId: id,
      step: 'document',
      actorId: actor.userId,
      data: { removed: documentId },
      at: now,
    });
  });
}
