import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import sharp, { type OutputInfo } from 'sharp';
import { z } from 'zod';
import { BadRequest, HttpProblem, Unprocessable } from './errors.ts';
import { filePart } from './schemas.ts';

export const photoTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof photoTypes)[number];

/** A photo ready to be recorded: already stored under the uploads directory. */
export type StoredPhoto = {
  sha256: string;
  mediaType: PhotoType;
  size: number;
  width: number;
  height: number;
  storagePath: string;
};

/** Recognise an image by its first bytes, never by its name or declared type. */
export function sniffImage(bytes: Buffer): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  return null;
}

const extension: Record<PhotoType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

// A phone photo is ~12–50 MP; refuse decompression bombs beyond that.
const MAX_PIXELS = 100_000_000;

/**
 * Check a photo by content, drop its metadata (EXIF with GPS, XMP, comments) by re-encoding it
 * upright, and store it content-addressed: uploads/ab/cd/<sha256>.<ext>. Storing the same photo
 * twice writes it once.
 */
export async function storePhoto(uploadsDir: string, bytes: Buffer, field: string): Promise<StoredPhoto> {
  const mediaType = sniffImage(bytes);
  if (!mediaType) {
    throw new HttpProblem(
      415,
      'unsupported-media-type',
      { id: 'upload.not_an_image' },
      { errors: [{ field, reason: { id: 'upload.content_not_image' } }] },
    );
  }
  let output: { data: Buffer; info: OutputInfo };
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
    const encoded =
      mediaType === 'image/jpeg'
        ? image.jpeg({ quality: 88, mozjpeg: false })
        : mediaType === 'image/png'
          ? image.png({ compressionLevel: 6 })
          : image.webp({ quality: 88 });
    // sharp writes no metadata unless asked (withMetadata/keepExif), so EXIF and GPS are gone.
    output = await encoded.toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new Unprocessable({ id: 'upload.image_damaged' }, [
      { field, reason: { id: 'upload.cannot_decode', params: { cause: (err as Error).message.slice(0, 120) } } },
    ]);
  }
  const { sha256, storagePath } = await storeContent(uploadsDir, output.data, extension[mediaType], field);
  return {
    sha256,
    mediaType,
    size: output.data.length,
    width: output.info.width,
    height: output.info.height,
    storagePath,
  };
}

/**
 * Store bytes content-addressed under the uploads directory (ab/cd/<sha256>.<ext>), once however
 * often they are stored, through a temporary file so that no reader sees half a file. A full or
 * read-only disk is a 507 with Retry-After naming the field.
 */
export async function storeContent(
  uploadsDir: string,
  bytes: Buffer,
  ext: string,
  field: string,
): Promise<{ sha256: string; storagePath: string }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const storagePath = path.join(sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.${ext}`);
  const target = path.join(uploadsDir, storagePath);
  try {
    const existing = await stat(target).catch(() => null);
    // Stored again: renew its age, so that the sweep of unused files (jobs/uploads-sweep.ts) leaves it
    // to this request's transaction; gone meanwhile, it is written anew.
    const kept =
      existing?.size === bytes.length &&
      (await utimes(target, new Date(), new Date()).then(
        () => true,
        () => false,
      ));
    if (!kept) {
      await mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, target).catch(async (err) => {
        await unlink(temp).catch(() => {});
        throw err;
      });
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new HttpProblem(
      507,
      'storage',
      { id: 'upload.storage_failed' },
      {
        errors: [{ field, reason: `storage: ${code ?? 'error'}` }],
        headers: { 'retry-after': '60' },
      },
    );
  }
  return { sha256, storagePath };
}

/** At most this many photos with one request (an appeal, a resolution, a comment). */
export const MAX_PHOTOS = 5;

/** The `photos` of a form (see readMultipart), as the OpenAPI document shows them. */
export const photoParts = z
  .array(filePart)
  .max(MAX_PHOTOS)
  .optional()
  .describe('JPEG, PNG or WebP, ≤ 10 MB each, recognised by content; EXIF and GPS are removed');

/**
 * Read a multipart form: text fields as they are, files of the `photos` field checked and stored
 * (see storePhoto). Anything else is refused with the field named.
 */
export async function readMultipart(
  parts: AsyncIterableIterator<MultipartFile | { type: 'field'; fieldname: string; value: unknown }>,
  uploadsDir: string,
): Promise<{ fields: Record<string, unknown>; photos: StoredPhoto[] }> {
  const fields: Record<string, unknown> = {};
  const photos: StoredPhoto[] = [];
  for await (const part of parts) {
    if (part.type === 'file') {
      if (part.fieldname !== 'photos' && part.fieldname !== 'photo') {
        part.file.resume();
        throw new BadRequest({ id: 'upload.unknown_file_field' }, [
          { field: part.fieldname, reason: { id: 'upload.photos_field' } },
        ]);
      }
      const bytes = await part.toBuffer();
      if (bytes.length === 0) continue;
      if (photos.length >= MAX_PHOTOS) {
        throw new HttpProblem(
          413,
          'too-large',
          { id: 'upload.too_many_photos', params: { max: MAX_PHOTOS } },
          { errors: [{ field: 'photos', reason: { id: 'upload.max_files', params: { max: MAX_PHOTOS } } }] },
        );
      }
      photos.push(await storePhoto(uploadsDir, bytes, `photos[${photos.length}]`));
    } else {
      if (typeof part.value === 'string' && part.value.includes('\uFFFD')) {
        throw new BadRequest({ id: 'upload.text_not_utf8' }, [
          { field: part.fieldname, reason: { id: 'field.invalid_utf8' } },
        ]);
      }
      fields[part.fieldname] = part.value;
    }
  }
  return { fields, photos };
}
