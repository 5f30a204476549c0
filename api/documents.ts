import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HttpProblem } from './errors.ts';
import { sniffImage, storePhoto } from './uploads.ts';

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
    throw new HttpProblem(415, 'unsupported-media-type', 'Документ должен быть PDF, JPEG, PNG или WebP. Documents must be PDF, JPEG, PNG or WebP.', {
      errors: [{ field, reason: 'не PDF и не изображение по содержимому / content is neither a PDF nor an image' }],
    });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const storagePath = path.join(sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.pdf`);
  const target = path.join(uploadsDir, storagePath);
  try {
    const existing = await stat(target).catch(() => null);
    if (!existing || existing.size !== bytes.length) {
      await mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, target).catch(async (err) => {
        await unlink(temp).catch(() => {});
        throw err;
      });
    }
  } catch (err) {
    throw new HttpProblem(507, 'storage', 'Не удалось сохранить файл, попробуйте позже. Could not store the file, try again later.', {
      errors: [{ field, reason: `storage: ${(err as NodeJS.ErrnoException).code ?? 'error'}` }],
      headers: { 'retry-after': '60' },
    });
  }
  return { sha256, mediaType: 'application/pdf', size: bytes.length, storagePath };
}
