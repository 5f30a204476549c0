/** Documents attached to a building's passport: attaching, listing, downloading, deleting. */
import {
  deleteDocument,
  getDocument,
  insertDocument,
  listDocuments,
  recordChanges,
} from '../../db/queries/passports.ts';
import { can } from '../../dispatch/permissions.ts';
import { type Context, inTransaction } from '../context.ts';
import { NotFound } from '../errors.ts';
import { documentView, editablePassport, passportOr404, resourceOf } from './read-passport.ts';
import type { DocumentFields } from './schemas.ts';
import { storeDocument } from './store-document.ts';

/**
 * Attach a document: the file is stored (content-addressed) only now that its fields are known to
 * be good, then the document and its history row are written together.
 */
export async function attachDocument(
  ctx: Context,
  buildingId: number,
  input: DocumentFields,
  file: Buffer,
  uploadsDir: string,
) {
  const actor = ctx.actor!;
  const building = await editablePassport(ctx, buildingId);
  const stored = await storeDocument(uploadsDir, file, 'file');
  const now = ctx.clock();
  const document = await inTransaction(ctx, async (tx) => {
    const row = await insertDocument(tx.db, {
      buildingId: building.buildingId,
      ...input,
      ...stored,
      uploadedBy: actor.userId,
      createdAt: now,
    });
    await recordChanges(
      tx.db,
      building.buildingId,
      [{ field: `documents.${row.id}`, oldValue: null, newValue: row.title }],
      actor.userId,
      'form',
      now,
    );
    return row;
  });
  return documentView(document);
}

/** The public documents; with them the others for those who may edit the passport. */
export async function listBuildingDocuments(ctx: Context, buildingId: number) {
  const stored = await passportOr404(ctx, buildingId);
  const documents = await listDocuments(ctx.db, stored.buildingId, can(ctx.actor, 'passport.edit', resourceOf(stored)));
  return { items: documents.map(documentView) };
}

/** A document to download: public ones to everyone, the others to the passport's editors. */
export async function documentToDownload(ctx: Context, documentId: number) {
  const row = await getDocument(ctx.db, documentId);
  const allowed =
    row && (row.document.public ? can(ctx.actor, 'passport.read') : can(ctx.actor, 'passport.edit', resourceOf(row)));
  if (!row || !allowed) throw new NotFound('document');
  return row.document;
}

/** The document disappears from the passport (the file and the row stay for the record). */
export async function deleteBuildingDocument(ctx: Context, documentId: number): Promise<void> {
  const actor = ctx.actor!;
  const row = await getDocument(ctx.db, documentId);
  if (!row || !can(actor, 'passport.edit', resourceOf(row))) throw new NotFound('document');
  const now = ctx.clock();
  await inTransaction(ctx, async (tx) => {
    if (!(await deleteDocument(tx.db, row.document.id, now))) throw new NotFound('document');
    await recordChanges(
      tx.db,
      row.document.buildingId,
      [{ field: `documents.${row.document.id}`, oldValue: row.document.title, newValue: null }],
      actor.userId,
      'form',
      now,
    );
  });
}
