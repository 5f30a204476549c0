import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** One problem with one input field: where it is and why it was refused. */
export type FieldError = { field: string; reason: string };

/** A domain error that maps to an RFC 9457 problem. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
  constructor(
    status: number,
    code: string,
    detail: string,
    opts: { errors?: FieldError[]; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = opts.errors;
    this.extra = opts.extra;
    this.headers = opts.headers;
  }
}

export class BadRequest extends HttpProblem {
  constructor(detail: string, errors?: FieldError[]) {
    super(400, 'bad-request', detail, { errors });
  }
}
export class Unauthorized extends HttpProblem {
  constructor(detail = 'Требуется вход. Sign-in required.') {
    super(401, 'unauthorized', detail);
  }
}
export class Forbidden extends HttpProblem {
  constructor(detail = 'Недостаточно прав. Not allowed.') {
    super(403, 'forbidden', detail);
  }
}
export class NotFound extends HttpProblem {
  constructor(what: string) {
    super(404, 'not-found', `${what}: не найдено. Not found.`);
  }
}
export class Conflict extends HttpProblem {
  constructor(detail: string, extra?: Record<string, unknown>) {
    super(409, 'conflict', detail, { extra });
  }
}
export class Unprocessable extends HttpProblem {
  constructor(detail: string, errors?: FieldError[]) {
    super(422, 'unprocessable', detail, { errors });
  }
}
export class TooManyRequests extends HttpProblem {
  constructor(retryAfterSeconds: number) {
    super(429, 'too-many-requests', 'Слишком много попыток, попробуйте позже. Too many attempts, try later.', {
      headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
      extra: { retryAfter: Math.max(1, Math.ceil(retryAfterSeconds)) },
    });
  }
}

/** postgres.js's codes for a connection that is gone or cannot be made. */
const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
/**
 * SQLSTATEs of a server going away or not yet accepting work: admin_shutdown, crash_shutdown,
 * cannot_connect_now (starting up, recovering), too_many_connections, and class 08 (connection).
 */
const unavailableStates = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * Whether an error (or its cause: drizzle wraps the driver's) says the database is unreachable
 * rather than that the query was wrong: the request may succeed when repeated a few seconds later.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (connectionCodes.has(code) || unavailableStates.has(code) || code.startsWith('08')))
      return true;
  }
  return false;
}

/** Seconds a client is told to wait before repeating a request the database could not serve. */
export const DATABASE_RETRY_AFTER = 5;

/** The problem document every error response carries (documented in OpenAPI). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
  })
  .loose()
  .meta({ id: 'Problem' });

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  more: Record<string, unknown> = {},
) {
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .serializer(JSON.stringify)
    .send({
      type: `https://otklik.dev/problems/${code}`,
      title: titles[status] ?? 'Error',
      status,
      detail,
      instance: request.url,
      requestId: request.id,
      ...more,
    });
}

function fieldPath(location: string | undefined, path: string): string {
  const clean = path.replace(/^\//, '').replaceAll('/', '.');
  return [location, clean].filter(Boolean).join('.');
}

/** Map fastify's own error codes (body parsing, limits, media types) to problems. */
const fastifyCodes: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'too-large', 'Тело запроса слишком велико. Request body too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported-media-type',
    'Неподдерживаемый тип содержимого. Unsupported media type.',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad-request', 'Неверная длина содержимого. Invalid Content-Length.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad-request', 'Пустое тело JSON. Empty JSON body.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad-request', 'Неверный JSON. Invalid JSON body.'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [
    415,
    'unsupported-media-type',
    'Ожидается multipart/form-data. Expected multipart/form-data.',
  ],
  FST_REQ_FILE_TOO_LARGE: [413, 'too-large', 'Файл больше 10 МБ. File larger than 10 MB.'],
  FST_FILES_LIMIT: [413, 'too-large', 'Не больше 5 файлов. At most 5 files.'],
  FST_PARTS_LIMIT: [413, 'too-large', 'Слишком много частей формы. Too many form parts.'],
  FST_FIELDS_LIMIT: [413, 'too-large', 'Слишком много полей формы. Too many form fields.'],
  FST_PROTO_VIOLATION: [400, 'bad-request', 'Недопустимое имя поля. Forbidden field name.'],
};

/**
 * Errors the router raises before any route runs (a path parameter over maxParamLength, a malformed
 * percent-encoding): problem+json 400 like every other bad input, not fastify's own JSON 414/400.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  return send(
    request,
    reply,
    400,
    'bad-request',
    tooLong ? 'Слишком длинный параметр адреса. A path parameter is too long.' : 'Неверный адрес. Malformed URL.',
    {
      errors: [
        { field: 'params', reason: tooLong ? 'слишком длинный / too long' : 'неверная кодировка / malformed encoding' },
      ],
    },
  );
}

/** Install the one error handler: domain problems, validation, fastify errors, then the unknown. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) {
      if (error.headers) reply.headers(error.headers);
      return send(request, reply, error.status, error.code, error.message, {
        ...(error.errors ? { errors: error.errors } : {}),
        ...error.extra,
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((v) => ({
        field: fieldPath(error.validationContext, v.instancePath) || String(error.validationContext ?? ''),
        reason: v.message ?? 'invalid',
      }));
      return send(request, reply, 400, 'validation', 'Ошибка в данных запроса. Invalid request.', { errors });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return send(request, reply, 500, 'internal', 'Внутренняя ошибка. Internal error.');
    }
    if (isDatabaseUnavailable(error)) {
      // Nothing was committed that the client was told about; the request can be repeated.
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER));
      return send(
        request,
        reply,
        503,
        'unavailable',
        'Сервис временно недоступен, повторите позже. Service temporarily unavailable, try again later.',
        {
          retryAfter: DATABASE_RETRY_AFTER,
        },
      );
    }
    // busboy's errors for a form cut short or without its boundary carry no status: bad input, not ours.
    if (
      /^(Unexpected end of (multipart data|form)|Multipart: Boundary not found|Malformed part header)/.test(
        error.message,
      )
    ) {
      return send(request, reply, 400, 'bad-request', 'Повреждённая форма multipart. Malformed multipart form.', {
        errors: [{ field: 'body', reason: 'форма повреждена или оборвана / the form is malformed or cut short' }],
      });
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) return send(request, reply, known[0], known[1], known[2]);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return send(request, reply, status, 'bad-request', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(request, reply, 500, 'internal', 'Внутренняя ошибка. Internal error.');
  });

  app.setNotFoundHandler((request, reply) =>
    send(request, reply, 404, 'not-found', `Нет такого адреса: ${request.method} ${request.url}. No such route.`),
  );
}
