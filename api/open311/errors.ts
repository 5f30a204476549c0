/**
 * Open311's own error answers: every refusal under /open311 is a GeoReport error array (`code` the
 * HTTP status, `description` in the reader's language) in the format of the URL's extension — the
 * service's own refusals, the framework's (400 validation, 404 route, 413, 415) and the platform's
 * shared guards (NUL bytes, a database that is away) alike.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { type Language, type Message, messageOfRef, render } from '../../dispatch/messages/index.ts';
import {
  DATABASE_RETRY_AFTER,
  type FieldProblem,
  HttpProblem,
  isDatabaseUnavailable,
  routerErrorHandlers,
} from '../errors.ts';
import { languageOf } from '../language.ts';
import { type GeoReportError, sendErrors } from './format.ts';

/** A refusal in Open311's terms: the status, and each problem as a message (a field's, or the request's). */
export class Open311Error extends Error {
  readonly status: number;
  readonly problems: (Message | { field: string; reason: Message | string })[];
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    problems: (Message | { field: string; reason: Message | string })[],
    headers: Record<string, string> = {},
  ) {
    super(`open311 ${status}`);
    this.status = status;
    this.problems = problems;
    this.headers = headers;
  }
}

export const badField = (field: string, reason: Message | string) => new Open311Error(400, [{ field, reason }]);

/** Our fields' names (the appeal's, a route schema's) as the spec names them. */
const specNames: Record<string, string> = {
  categoryId: 'service_code',
  buildingId: 'address_id',
  location: 'lat',
  lat: 'lat',
  lon: 'long',
  description: 'description',
  entrance: 'attribute[entrance]',
  apartment: 'attribute[apartment]',
};

/** `body.categoryId` → `service_code`, `querystring.start_date` → `start_date`, `params.format` → `format`. */
export function specField(field: string): string {
  const name = field.replace(/^(body|querystring|params|headers)\.?/, '');
  return specNames[name] ?? (name || field);
}

const reasonText = (reason: Message | string, lang: Language) => {
  if (typeof reason !== 'string') return render(reason, lang);
  const ref = messageOfRef(reason);
  return ref ? render(ref, lang) : reason;
};

function describe(problem: Open311Error['problems'][number], lang: Language): string {
  if ('field' in problem)
    return render(
      {
        id: 'open311.field_problem',
        params: { field: specField(problem.field), reason: reasonText(problem.reason, lang) },
      },
      lang,
    );
  return render(problem, lang);
}

/** A platform problem (from appeal intake, a guard, a limit) in Open311's terms. */
function fromProblem(error: HttpProblem): Open311Error {
  // The spec answers a field that cannot be taken with 400; our 422s are such refusals.
  const status = error.status === 422 ? 400 : error.status;
  const fields: FieldProblem[] = error.errors ?? [];
  if (fields.length > 0) return new Open311Error(status, fields, error.headers);
  const detail: Message = typeof error.detail === 'string' ? { id: 'open311.bad_request' } : error.detail;
  return new Open311Error(status, [detail], error.headers);
}

/** The answer to any error under /open311. */
export function answerOpen311Error(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const lang = languageOf(request);
  let known: Open311Error;
  if (error instanceof Open311Error) known = error;
  else if (error instanceof HttpProblem) known = fromProblem(error);
  else if (hasZodFastifySchemaValidationErrors(error)) {
    const context = String(error.validationContext ?? '');
    known = new Open311Error(
      400,
      error.validation.map((v) => ({
        field: [context, v.instancePath.replace(/^\//, '').replaceAll('/', '.')].filter(Boolean).join('.') || context,
        reason: v.message ?? 'invalid',
      })),
    );
  } else if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, 'open311 answer does not match its schema');
    known = new Open311Error(500, [{ id: 'open311.internal' }]);
  } else known = foreign(error as FastifyError, request);
  const errors: GeoReportError[] = known.problems.map((p) => ({ code: known.status, description: describe(p, lang) }));
  return sendErrors(request, reply, known.status, errors, { ...known.headers, 'content-language': lang });
}

/** A library's or the framework's error: its status where it has one, else 500 without internals. */
function foreign(error: FastifyError, request: FastifyRequest): Open311Error {
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    return new Open311Error(503, [{ id: 'open311.unavailable' }], { 'retry-after': String(DATABASE_RETRY_AFTER) });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new Open311Error(415, [{ id: 'open311.media_type' }]);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new Open311Error(413, [{ id: 'open311.too_large' }]);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new Open311Error(status, [{ id: 'open311.bad_request' }]);
  request.log.error({ err: error }, 'unhandled error');
  return new Open311Error(500, [{ id: 'open311.internal' }]);
}

/** The scope's own error and not-found handlers (a route of another scope keeps the platform's). */
export function registerOpen311Errors(scope: FastifyInstance) {
  scope.setErrorHandler(answerOpen311Error);
  // The router's refusals (a malformed URL, a parameter too long) come before any scope is chosen.
  routerErrorHandlers.open311 = (error, request, reply) =>
    answerOpen311Error(
      new Open311Error(400, [
        {
          field: 'url',
          reason: { id: error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'field.too_long' : 'field.malformed_encoding' },
        },
      ]),
      request,
      reply,
    );
  scope.setNotFoundHandler((request, reply) =>
    answerOpen311Error(
      new Open311Error(404, [
        { id: 'open311.route_unknown', params: { route: `${request.method} ${request.url.split('?')[0]}` } },
      ]),
      request,
      reply,
    ),
  );
}
