import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Language, type Message, messageOfRef, render } from '../dispatch/messages/index.ts';
import type { RecordName } from '../dispatch/messages/errors.ts';
import { languageOf } from './language.ts';

/** One problem with one input field: where it is and why it was refused. */
export type FieldError = { field: string; reason: string };

/**
 * The same, with the reason a message of the catalogue (rendered in the reader's language) or,
 * until every text has moved into the catalogue, a text as it is.
 */
export type FieldProblem = { field: string; reason: string | Message };

/** The members every problem document has; nothing a problem adds may take their names. */
const standardMembers = ['type', 'title', 'status', 'detail', 'instance', 'requestId'] as const;

/**
 * What a problem adds to the standard members (the state it found, what is allowed instead). A
 * member named like a standard one would replace it (a 409 saying `"status": "cancelled"`), so such
 * names do not compile: the state goes under a member of its own (`outage: { status }`). `code` may be
 * given: a state machine's kind that clients already match on.
 */
export type ProblemExtra = Record<string, unknown> & { [Member in (typeof standardMembers)[number]]?: never };

/**
 * A domain error that maps to an RFC 9457 problem. `kind` makes its `type`; the detail is a
 * message of the catalogue (its id becomes the problem's `code`, its text is rendered in the
 * reader's language) or, until every text has moved into the catalogue, a text as it is.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | Message;
  readonly errors?: FieldProblem[];
  readonly extra?: ProblemExtra;
  readonly headers?: Record<string, string>;
  constructor(
    status: number,
    code: string,
    detail: string | Message,
    opts: { errors?: FieldProblem[]; extra?: ProblemExtra; headers?: Record<string, string> } = {},
  ) {
    // The Russian text for logs; answers are rendered per reader.
    super(typeof detail === 'string' ? detail : render(detail, 'ru'));
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = opts.errors;
    this.extra = opts.extra;
    this.headers = opts.headers;
  }
}

export class BadRequest extends HttpProblem {
  constructor(detail: string | Message, errors?: FieldProblem[]) {
    super(400, 'bad-request', detail, { errors });
  }
}
export class Unauthorized extends HttpProblem {
  constructor(detail: string | Message = { id: 'auth.required' }) {
    super(401, 'unauthorized', detail);
  }
}
export class Forbidden extends HttpProblem {
  constructor(detail: string | Message = { id: 'auth.forbidden' }) {
    super(403, 'forbidden', detail);
  }
}
export class NotFound extends HttpProblem {
  /** `what`: the kind of record, named in the reader's language. */
  constructor(what: RecordName) {
    super(404, 'not-found', { id: 'record.not_found', params: { record: what } });
  }
}
export class Conflict extends HttpProblem {
  constructor(detail: string | Message, extra?: ProblemExtra) {
    super(409, 'conflict', detail, { extra });
  }
}
export class Unprocessable extends HttpProblem {
  constructor(detail: string | Message, errors?: FieldProblem[]) {
    super(422, 'unprocessable', detail, { errors });
  }
}
export class TooManyRequests extends HttpProblem {
  constructor(retryAfterSeconds: number) {
    super(
      429,
      'too-many-requests',
      { id: 'rate.too_many' },
      {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
        extra: { retryAfter: Math.max(1, Math.ceil(retryAfterSeconds)) },
      },
    );
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
    /** A stable code to match on: the id of the message in the catalogue, or the kind of problem. */
    code: z.string(),
    /** What went wrong, in the reader's language (ru, en, tt). */
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ field: z.string(), reason: z.string(), code: z.string().optional() })).optional(),
  })
  .loose()
  .meta({
    id: 'Problem',
    description:
      'Every error answer, sent as application/problem+json (RFC 9457) with Cache-Control: no-store. `status` is the HTTP ' +
      'status; what a problem adds (the state it found, what is allowed instead) is under members of its own.',
  });

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const text = (m: string | Message, lang: Language) => (typeof m === 'string' ? m : render(m, lang));

/** A field error as the problem document carries it: the reason in the reader's language. */
const fieldView = (e: FieldProblem, lang: Language) => {
  const message = typeof e.reason === 'string' ? messageOfRef(e.reason) : e.reason;
  return message
    ? { field: e.field, reason: render(message, lang), code: message.id }
    : { field: e.field, reason: e.reason as string };
};

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  kind: string,
  detail: string | Message,
  more: { errors?: FieldProblem[] } & ProblemExtra = {},
) {
  const lang = languageOf(request);
  const { errors, ...rest } = more;
  // Checked when compiled; dropped here too, so that no extra member can ever replace a standard one.
  for (const member of standardMembers) delete rest[member];
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .header('content-language', lang)
    .serializer(JSON.stringify)
    .send({
      type: `https://otklik.dev/problems/${kind}`,
      title: titles[status] ?? 'Error',
      status,
      code: typeof detail === 'string' ? kind : detail.id,
      detail: text(detail, lang),
      instance: request.url,
      requestId: request.id,
      ...(errors ? { errors: errors.map((e) => fieldView(e, lang)) } : {}),
      ...rest,
    });
}

function fieldPath(location: string | undefined, path: string): string {
  const clean = path.replace(/^\//, '').replaceAll('/', '.');
  return [location, clean].filter(Boolean).join('.');
}

/** Map fastify's own error codes (body parsing, limits, media types) to problems. */
const fastifyCodes: Record<string, [number, string, Message]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'too-large', { id: 'request.too_large' }],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported-media-type', { id: 'request.unsupported_media_type' }],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad-request', { id: 'request.bad_content_length' }],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad-request', { id: 'request.empty_json' }],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad-request', { id: 'request.bad_json' }],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'unsupported-media-type', { id: 'request.multipart_expected' }],
  FST_REQ_FILE_TOO_LARGE: [413, 'too-large', { id: 'upload.file_too_large' }],
  FST_FILES_LIMIT: [413, 'too-large', { id: 'upload.too_many_files' }],
  FST_PARTS_LIMIT: [413, 'too-large', { id: 'form.too_many_parts' }],
  FST_FIELDS_LIMIT: [413, 'too-large', { id: 'form.too_many_fields' }],
  FST_PROTO_VIOLATION: [400, 'bad-request', { id: 'form.forbidden_field_name' }],
};

/** Scopes whose errors have their own format, asked for the router's refusals too (set by the scope). */
export const routerErrorHandlers: {
  open311?: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => unknown;
} = {};

/**
 * Errors the router raises before any route runs (a path parameter over maxParamLength, a malformed
 * percent-encoding): problem+json 400 like every other bad input, not fastify's own JSON 414/400.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  // Open311 answers in its own format, whatever refused the request (api/open311/errors.ts).
  const open311 = routerErrorHandlers.open311;
  if (open311 && /^\/open311(\/|$|\?)/.test(request.url)) return open311(error, request, reply);
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  return send(
    request,
    reply,
    400,
    'bad-request',
    { id: tooLong ? 'url.param_too_long' : 'url.malformed' },
    {
      errors: [{ field: 'params', reason: { id: tooLong ? 'field.too_long' : 'field.malformed_encoding' } }],
    },
  );
}

/** The answer to an error that is not ours (a library's, a driver's): a problem, never internals. */
function foreignError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (isDatabaseUnavailable(error)) {
    // Nothing was committed that the client was told about; the request can be repeated.
    request.log.warn({ err: error }, 'database unavailable');
    reply.header('retry-after', String(DATABASE_RETRY_AFTER));
    return send(
      request,
      reply,
      503,
      'unavailable',
      { id: 'service.unavailable' },
      {
        retryAfter: DATABASE_RETRY_AFTER,
      },
    );
  }
  // busboy's errors for a form cut short or without its boundary carry no status: bad input, not ours.
  if (
    /^(Unexpected end of (multipart data|form)|Multipart: Boundary not found|Malformed part header)/.test(error.message)
  ) {
    return send(
      request,
      reply,
      400,
      'bad-request',
      { id: 'request.multipart_malformed' },
      {
        errors: [{ field: 'body', reason: { id: 'field.form_cut_short' } }],
      },
    );
  }
  const known = error.code ? fastifyCodes[error.code] : undefined;
  if (known) return send(request, reply, known[0], known[1], known[2]);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return send(request, reply, status, 'bad-request', error.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(request, reply, 500, 'internal', { id: 'internal' });
}

/** What Node's HTTP parser refuses, by its error code (Node's own choice of status); anything else is 400. */
const parserErrors: Record<string, [number, string, Message]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers-too-large', { id: 'request.headers_too_large' }],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'too-large', { id: 'request.too_large' }],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'timeout', { id: 'request.timeout' }],
};

/**
 * The answer to a request the HTTP parser refused (headers over 16 KB, a malformed header, raw
 * control bytes in the URL): no request object exists, so no hook or handler runs, and fastify's
 * default writes its own JSON without our headers. This one writes the same problem document as
 * every other error, with the security headers of an API answer (`headers`), on the socket itself.
 * The reader's language is unknown (the headers were not read): Russian.
 */
export function clientErrorHandler(headers: Record<string, string>) {
  return function answerClientError(this: FastifyInstance, error: ConnectionError, socket: ConnectionSocket) {
    // A connection reset or closed: nobody to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, kind, detail] = parserErrors[error.code] ?? [400, 'bad-request', { id: 'request.malformed' }];
    const requestId = crypto.randomUUID();
    this.log.info({ err: error, requestId, statusCode: status }, 'request refused by the HTTP parser');
    // As Node does: only when no answer to an earlier request on this socket is under way, which
    // raw bytes would corrupt.
    if (socket.writable && !socket._httpMessage?.headersSent) {
      const body = JSON.stringify({
        type: `https://otklik.dev/problems/${kind}`,
        title: titles[status] ?? 'Error',
        status,
        code: detail.id,
        detail: render(detail, 'ru'),
        // No URL was parsed: the occurrence is named by its id.
        instance: `urn:uuid:${requestId}`,
        requestId,
      });
      const head = {
        ...headers,
        'content-type': 'application/problem+json; charset=utf-8',
        'content-language': 'ru',
        'content-length': String(Buffer.byteLength(body)),
        'cache-control': 'no-store',
        connection: 'close',
      };
      const lines = Object.entries(head).map(([name, value]) => `${name}: ${value}\r\n`);
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('')}\r\n${body}`);
    }
    socket.destroy(error);
  };
}

/** The socket of a connection, with the answer Node's server is writing on it, if any. */
type ConnectionSocket = Socket & { _httpMessage?: { headersSent: boolean } | null };

/** Install the one error handler: domain problems, validation, fastify errors, then the unknown. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) {
      if (error.headers) reply.headers(error.headers);
      return send(request, reply, error.status, error.code, error.detail, { errors: error.errors, ...error.extra });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((v) => ({
        field: fieldPath(error.validationContext, v.instancePath) || String(error.validationContext ?? ''),
        reason: v.message ?? 'invalid',
      }));
      return send(request, reply, 400, 'validation', { id: 'request.invalid' }, { errors });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return send(request, reply, 500, 'internal', { id: 'internal' });
    }
    return foreignError(error, request, reply);
  });

  app.setNotFoundHandler((request, reply) =>
    send(request, reply, 404, 'not-found', {
      id: 'route.not_found',
      params: { route: `${request.method} ${request.url}` },
    }),
  );
}
