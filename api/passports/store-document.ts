import { HttpProblem } from '../errors.ts';
import { sniffImage, storeContent, storePhoto } from '../uploads.ts';

/** A building document ready to be recorded: already stored under the uploads directory. */
export type StoredDocument = { sha256: string; mediaType: string; size: number; storagePath: string };

const isPdf = (bytes: Buffer) => bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-';

/**
 * Check a document by content (PDF, or a JPEG/PNG/WebP image) and store it content-addressed like
 * photos. Images go through storePhoto, which drops their metadata; a PDF is kept byte for byte.
 */
export async function storeDocument(uploadsDir: string, bytes: Buffer, field: string): Promise<StoredDocument> {
  if (sniffImage(bytes)) {
    const photo = await storePhoto(uploadsDir, bytes, field);
    return { sha256: photo.sha256, mediaType: photo.mediaType, size: photo.size, storagePath: photo.storagePath };
  }
  if (!isPdf(bytes)) {
    throw new HttpProblem(
      415,
      'unsupported-media-type',
      { id: 'passport.document.not_pdf_or_image' },
      { errors: [{ field, reason: { id: 'passport.document.content_not_pdf_or_image' } }] },
    );
  }
  const { sha256, storagePath } = await storeContent(uploadsDir, bytes, 'pdf', field);
  return { sha256, mediaType: 'application/pdf', size: bytes.length, storagePath };
}
