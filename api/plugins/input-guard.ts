import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { BadRequest } from '../errors.ts';

/** The path of the first string holding a NUL character (PostgreSQL text cannot store it). */
function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const found = findNul(v, `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Refuse input that would otherwise reach the database and fail there: JSON that is not valid
 * UTF-8 (Node would silently replace the bad bytes) and NUL characters anywhere.
 */
export function registerInputGuard(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(
        new BadRequest({ id: 'request.body_not_utf8' }, [{ field: 'body', reason: { id: 'field.invalid_utf8' } }]),
        undefined,
      );
      return;
    }
    parseJson(request, bytes.toString('utf8'), done);
  });

  app.addHook('onRequest', async (request) => {
    if (/%00/.test(request.url)) {
      throw new BadRequest({ id: 'request.url_nul' }, [{ field: 'url', reason: { id: 'field.nul' } }]);
    }
  });
  app.addHook('preValidation', async (request) => {
    const field = findNul(request.body, 'body');
    if (field) {
      throw new BadRequest({ id: 'request.text_nul' }, [{ field, reason: { id: 'field.nul' } }]);
    }
  });
}
