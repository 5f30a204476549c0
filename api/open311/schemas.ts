/**
 * The shapes of Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) as Otklik serves them: the
 * inputs (paths with their format, the queries, the POST form) and the answers, which are the same
 * in JSON and XML (their XML element names are given as each schema's `xml`).
 */
import { z } from 'zod';
import { messageRef } from '../../dispatch/messages/index.ts';
import { open311Statuses } from '../../dispatch/open311.ts';
import { formats } from './format.ts';

const format = z
  .enum(formats, { error: messageRef('open311.field.format') })
  .describe('json or xml: the answer’s format (the URL’s extension)');
export const apiKeyQuery = z.object({
  api_key: z
    .string({ error: messageRef('field.expected_text') })
    .max(200, messageRef('field.too_long_max', { max: 200 }))
    .optional(),
});
export const formatParams = z.object({ format });
export const serviceParams = z.object({
  service_code: z.string().min(1).max(100).describe('The service’s code (an Otklik category code)'),
  format,
});
export const requestParams = z.object({
  service_request_id: z.string().min(1).max(100).describe('The appeal’s public number, e.g. KZN-2026-000123'),
  format,
});
export const tokenParams = z.object({
  token: z.string().min(1).max(100).describe('The token a POST answered'),
  format,
});

const jurisdiction = z
  .string()
  .max(50)
  .optional()
  .describe('The municipality’s code (KZN); required when the server serves more than one');
export const jurisdictionQuery = z.object({ jurisdiction_id: jurisdiction });

const date = z.iso
  .datetime({ offset: true, error: messageRef('open311.field.date') })
  .optional()
  .describe('ISO 8601 with the offset, e.g. 2026-12-01T00:00:00+03:00');
const commaText = (what: string) => z.string().max(20_000).optional().describe(what);

export const requestsQuery = z.object({
  jurisdiction_id: jurisdiction,
  service_request_id: commaText('Comma-separated numbers; when given, the other filters are ignored'),
  service_code: commaText('Comma-separated service codes'),
  start_date: date,
  end_date: date,
  status: z
    .string()
    .regex(/^\s*(open|closed)\s*(,\s*(open|closed)\s*)*$/, messageRef('open311.field.status'))
    .optional()
    .describe('open, closed or open,closed'),
});
export type RequestsQuery = z.infer<typeof requestsQuery>;

const text = (max: number) =>
  z.string({ error: messageRef('field.expected_text') }).max(max, messageRef('field.too_long_max', { max }));

/**
 * The POST form (application/x-www-form-urlencoded). `attribute[code]` fields carry the service's
 * attributes (GET services/{service_code} lists them): here, `attribute[entrance]` and
 * `attribute[apartment]` for services in a building.
 */
export const postForm = z
  .object({
    api_key: text(200).optional().describe('The key the administrator issued to the client (required)'),
    jurisdiction_id: jurisdiction,
    service_code: text(100).describe('The service’s code'),
    lat: text(40).optional().describe('WGS84 latitude; with long'),
    long: text(40).optional().describe('WGS84 longitude; with lat'),
    address_string: text(500).optional().describe('A street address, searched in the building register'),
    address_id: text(20).optional().describe('A building id of the register'),
    email: text(200).optional(),
    device_id: text(200).optional(),
    account_id: text(200).optional(),
    first_name: text(200).optional(),
    last_name: text(200).optional(),
    phone: text(50).optional(),
    description: text(4000).optional().describe('What is wrong: 5 to 4000 characters (required)'),
    media_url: text(2000).optional().describe('An http(s) URL of a photo, served as given'),
    'attribute[entrance]': text(10).optional(),
    'attribute[apartment]': text(10).optional().describe('Personal: shown to the organisation responsible only'),
  })
  .loose()
  .meta({ id: 'Open311RequestForm' });

/** An endpoint of the discovery document. */
const endpoint = z.object({
  specification: z.string(),
  url: z.string(),
  changeset: z.string(),
  type: z.enum(['production', 'test']),
  formats: z.array(z.string()).meta({ xml: { wrapped: true } }),
});
export const discoverySchema = z
  .object({
    changeset: z.string(),
    contact: z.string(),
    key_service: z.string(),
    endpoints: z.array(endpoint).meta({ xml: { wrapped: true } }),
  })
  .meta({ id: 'Open311Discovery', xml: { name: 'discovery' } });

const service = z
  .object({
    service_code: z.string(),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean(),
    type: z.enum(['realtime', 'batch', 'blackbox']),
    keywords: z.string(),
    group: z.string(),
  })
  .meta({ id: 'Open311Service', xml: { name: 'service' } });
export const servicesSchema = z.array(service).meta({ xml: { name: 'services', wrapped: true } });

const attribute = z.object({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string(),
  order: z.number().int(),
  description: z.string(),
  values: z.array(z.object({ key: z.string(), name: z.string() })).meta({ xml: { wrapped: true } }),
});
export const serviceDefinitionSchema = z
  .object({ service_code: z.string(), attributes: z.array(attribute).meta({ xml: { wrapped: true } }) })
  .meta({ id: 'Open311ServiceDefinition', xml: { name: 'service_definition' } });

const filed = z
  .object({
    service_request_id: z.string(),
    token: z.string(),
    service_notice: z.string(),
    account_id: z.string().nullable(),
  })
  .meta({ id: 'Open311Filed', xml: { name: 'request' } });
export const filedSchema = z.array(filed).meta({ xml: { name: 'service_requests', wrapped: true } });

const serviceRequest = z
  .object({
    service_request_id: z.string(),
    status: z.enum(open311Statuses),
    status_notes: z.string(),
    service_name: z.string(),
    service_code: z.string(),
    description: z.string(),
    agency_responsible: z.string().nullable(),
    service_notice: z.string().nullable(),
    requested_datetime: z.string(),
    updated_datetime: z.string(),
    expected_datetime: z.string().nullable(),
    address: z.string().nullable(),
    address_id: z.string().nullable(),
    zipcode: z.string().nullable(),
    lat: z.number(),
    long: z.number(),
    media_url: z.string().nullable(),
  })
  .meta({ id: 'Open311ServiceRequest', xml: { name: 'request' } });
export const serviceRequestsSchema = z.array(serviceRequest).meta({ xml: { name: 'service_requests', wrapped: true } });

const tokenAnswer = z
  .object({ service_request_id: z.string(), token: z.string() })
  .meta({ id: 'Open311Token', xml: { name: 'request' } });
export const tokensSchema = z.array(tokenAnswer).meta({ xml: { name: 'service_requests', wrapped: true } });

export const errorsSchema = z
  .array(
    z
      .object({ code: z.number().int().describe('The HTTP status'), description: z.string() })
      .meta({ id: 'Open311Error', xml: { name: 'error' } }),
  )
  .meta({
    id: 'Open311Errors',
    xml: { name: 'errors', wrapped: true },
    description: 'A GeoReport v2 error array, in the format the URL’s extension asks for (JSON or text/xml).',
  });

/** The error answers every Open311 route may give. */
export const open311Errors = { 400: errorsSchema, 404: errorsSchema } as const;
