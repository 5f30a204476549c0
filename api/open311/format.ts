/**
 * How Open311 answers: the same data as JSON or as the spec's XML (text/xml, UTF-8), chosen by the
 * URL's extension, and every error as a GeoReport error array in that format.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { XMLBuilder } from 'fast-xml-parser';

export const formats = ['json', 'xml'] as const;
export type Format = (typeof formats)[number];

export const XML_TYPE = 'text/xml; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

/** The XML root and item element of each answer (wiki.open311.org/GeoReport_v2). */
export const xmlShapes = {
  discovery: { root: 'discovery', item: null },
  services: { root: 'services', item: 'service' },
  serviceDefinition: { root: 'service_definition', item: null },
  requests: { root: 'service_requests', item: 'request' },
  errors: { root: 'errors', item: 'error' },
} as const;
export type XmlShape = keyof typeof xmlShapes;

/** A list inside an item: the element each of its entries is written as. */
const listItems: Record<string, string> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF). */
const xmlControl = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]';
const loneSurrogate = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const notXml = new RegExp(`${xmlControl}|${loneSurrogate}`, 'g');

/** The value as the builder takes it: lists wrapped in their element, text cleaned, null as an empty element. */
function xmlValue(value: unknown, key?: string): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(notXml, '\uFFFD');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const item = (key && listItems[key]) ?? 'item';
    return value.length === 0 ? '' : { [item]: value.map((v) => xmlValue(v, item)) };
  }
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, xmlValue(v, k)]));
}

const builder = new XMLBuilder({
  format: false,
  suppressEmptyNode: true,
  processEntities: true,
  ignoreAttributes: true,
});

/** The answer as the spec's XML document. */
export function toXml(shape: XmlShape, data: unknown): string {
  const { root, item } = xmlShapes[shape];
  const body =
    item === null
      ? xmlValue(data)
      : (data as unknown[]).length === 0
        ? ''
        : { [item]: (data as unknown[]).map((d) => xmlValue(d)) };
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: body })}`;
}

/** The format a URL asks for: its extension (`.xml`), JSON otherwise (also for URLs we do not know). */
export function formatOfUrl(url: string): Format {
  const path = url.split('?')[0].toLowerCase();
  return path.endsWith('.xml') ? 'xml' : 'json';
}

/**
 * Send an answer in the format asked. JSON goes through the route's response schema (fastify's
 * serializer checks it); XML is written here.
 */
export function sendAs(reply: FastifyReply, format: Format, shape: XmlShape, data: unknown) {
  // Names and notes are in the reader's language (the cookie, else Accept-Language): a shared cache keeps one per language.
  reply.header('vary', 'Accept-Language, Cookie');
  if (format === 'xml')
    return reply
      .type(XML_TYPE)
      .serializer((x: unknown) => x as string)
      .send(toXml(shape, data));
  return reply.type(JSON_TYPE).send(data);
}

/** One GeoReport error: the HTTP status as its code, and what went wrong. */
export type GeoReportError = { code: number; description: string };

/** Send a GeoReport error array with its status, in the URL's format, never cached. */
export function sendErrors(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  errors: GeoReportError[],
  headers: Record<string, string> = {},
) {
  const format = formatOfUrl(request.url);
  reply.code(status).headers(headers).header('cache-control', 'no-store');
  if (format === 'xml')
    return reply
      .type(XML_TYPE)
      .serializer((x: unknown) => x as string)
      .send(toXml('errors', errors));
  return reply.type(JSON_TYPE).serializer(JSON.stringify).send(errors);
}
