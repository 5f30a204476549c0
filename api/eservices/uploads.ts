/** Reading an application's upload: one file of at most 20 MB and its text fields (multipart/form-data). */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { FILE_LIMITS } from '../../dispatch/eservices.ts';
import { BadRequest, HttpProblem } from '../errors.ts';
import { parseInput } from '../schemas.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters from a file name
const unsafeName = /[\u0000-\u001f\u007f\uFFFD/\\]/g;

/** A file's name as the person gave it, made safe to show: no control characters or slashes, at most 200. */
export const safeFileName = (name: string | undefined) =>
  (name ?? '').replace(unsafeName, '').trim().slice(0, 200) || 'file';

/** The form's fields (checked by `schema`) and its one file (`file`), when it has one. */
export async function readUpload<T extends z.ZodType>(request: FastifyRequest, schema: T, fileRequired: boolean) {
  if (!request.isMultipart()) {
    throw new HttpProblem(415, 'unsupported-media-type', { id: 'request.multipart_expected' });
  }
  const fields: Record<string, unknown> = {};
  let file: { bytes: Buffer; name: string } | null = null;
  for await (const part of request.parts({ limits: { fileSize: FILE_LIMITS.fileBytes, files: 1 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw new BadRequest({ id: 'application.file.one_file' }, [
          { field: part.fieldname, reason: { id: 'passport.document.one_file.reason' } },
        ]);
      }
      file = { bytes: await part.toBuffer(), name: safeFileName(part.filename) };
    } else {
      fields[part.fieldname] = part.value;
    }
  }
  const input = parseInput(schema, fields, 'body') as z.infer<T>;
  // An empty file is still a file: its content (none) is refused as not a document (415).
  if (fileRequired && !file)
    throw new BadRequest({ id: 'application.file.no_file' }, [
      { field: 'body.file', reason: { id: 'field.required' } },
    ]);
  return { input, file };
}
