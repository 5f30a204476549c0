import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toXml } from '../../api/open311/format.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { interopMakers } from '../helpers/interop-make.ts';
import { smallCity } from '../helpers/make.ts';
import { parseXml } from '../helpers/open311.ts';

type City = Awaited<ReturnType<typeof smallCity>>;

describe('Open311 GeoReport v2: discovery, services and their definitions, errors', () => {
  let t: TestApp;
  let c: City;
  let j: string;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    j = `jurisdiction_id=${c.city.code}`;
  });
  afterAll(() => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `/open311/v2${url}`, headers });

  it('describes itself in discovery, in JSON and as text/xml in UTF-8', async () => {
    const json = await get('/discovery.json');
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.json()).toMatchObject({
      changeset: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/),
      contact: expect.any(String),
      key_service: expect.stringContaining('администратор'),
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${t.config.PUBLIC_URL}/open311/v2`,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    });
    const xml = await get('/discovery.xml');
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    const doc = parseXml(xml.body);
    expect(doc.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    expect(doc.discovery.endpoints.endpoint[0].specification).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(doc.discovery.changeset).toBe(json.json().changeset);
  });

  it('lists the municipality’s categories as services, with metadata where a category asks for more', async () => {
    const res = await get(`/services.json?${j}`);
    expect(res.statusCode, res.body).toBe(200);
    const services = res.json() as { service_code: string; metadata: boolean; type: string; keywords: string }[];
    const byCode = new Map(services.map((s) => [s.service_code, s]));
    expect(byCode.get('roof_leak')).toEqual({
      service_code: 'roof_leak',
      service_name: 'Протекает кровля',
      description: 'Протекает кровля (Жилой дом)',
      metadata: true,
      type: 'realtime',
      keywords: 'housing',
      group: 'Жилой дом',
    });
    expect(byCode.get('pothole')).toMatchObject({ metadata: false, keywords: 'roads', group: 'Дороги' });
    // A private category can be filed (and never shows in GET requests); the keyword says so.
    expect(byCode.get('neighbours')?.keywords).toBe('housing,private');

    const english = await get(`/services.json?${j}`, { 'accept-language': 'en' });
    expect(
      (english.json() as { service_code: string; service_name: string }[]).find((s) => s.service_code === 'pothole'),
    ).toMatchObject({ service_name: 'Pothole', group: 'Roads' });

    const xml = await get(`/services.xml?${j}`);
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    const doc = parseXml(xml.body);
    const roof = doc.services.service.find((s: { service_code: string }) => s.service_code === 'roof_leak');
    expect(roof).toMatchObject({ metadata: 'true', type: 'realtime', service_name: 'Протекает кровля' });
    expect(doc.services.service).toHaveLength(services.length);
  });

  it('defines a building’s service by its attributes, entrance and apartment, and a street service by none', async () => {
    const res = await get(`/services/roof_leak.json?${j}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      service_code: 'roof_leak',
      attributes: [
        {
          variable: true,
          code: 'entrance',
          datatype: 'string',
          required: false,
          datatype_description: 'Номер подъезда, до 10 символов',
          order: 1,
          description: 'Подъезд',
          values: [],
        },
        expect.objectContaining({ code: 'apartment', order: 2, required: false, datatype: 'string' }),
      ],
    });
    const xml = parseXml((await get(`/services/roof_leak.xml?${j}`)).body);
    expect(xml.service_definition.service_code).toBe('roof_leak');
    expect(xml.service_definition.attributes.attribute.map((a: { code: string }) => a.code)).toEqual([
      'entrance',
      'apartment',
    ]);
    expect((await get(`/services/pothole.json?${j}`)).json()).toEqual({ service_code: 'pothole', attributes: [] });
  });

  it('answers an unknown service, jurisdiction or route 404 with a GeoReport error array in the URL’s format', async () => {
    const unknownService = await get(`/services/no_such.json?${j}`);
    expect(unknownService.statusCode).toBe(404);
    expect(unknownService.json()).toEqual([
      { code: 404, description: 'service_code: нет такой услуги (темы обращения).' },
    ]);

    const unknownCity = await get('/services.xml?jurisdiction_id=NOWHERE');
    expect(unknownCity.statusCode).toBe(404);
    expect(unknownCity.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(parseXml(unknownCity.body).errors.error).toEqual([
      { code: '404', description: 'jurisdiction_id: нет такого муниципалитета.' },
    ]);

    for (const [url, type] of [
      ['/no/such/thing.xml', 'text/xml; charset=utf-8'],
      ['/services', 'application/json; charset=utf-8'],
      ['/requests/KZN-1/extra.json', 'application/json; charset=utf-8'],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toBe(type);
      expect(res.headers['cache-control']).toBe('no-store');
      const errors = type.startsWith('text/xml') ? parseXml(res.body).errors.error : res.json();
      expect(errors[0].description, url).toMatch(/^Нет такого адреса: GET \/open311\/v2/);
    }
    // Anything under /open311, another version too, answers in Open311's terms.
    for (const url of ['/open311/v1/services.xml', '/open311']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toBe(
        url.endsWith('.xml') ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8',
      );
    }
    // The rest of the platform keeps its problem documents.
    expect((await t.app.inject({ url: '/api/no-such' })).headers['content-type']).toMatch(
      /^application\/problem\+json/,
    );
  });

  it('requires jurisdiction_id while the installation serves more than one municipality (400 naming it)', async () => {
    const res = await get('/services.json');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual([{ code: 400, description: 'jurisdiction_id: обязательно' }]);
    const english = await get('/services.json', { 'accept-language': 'en' });
    expect(english.json()).toEqual([{ code: 400, description: 'jurisdiction_id: required' }]);
  });

  it('answers the framework’s own refusals as error arrays: a bad format 400, a bad query 400, JSON 415, a malformed URL 400', async () => {
    const badFormat = await get(`/services.html?${j}`);
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json()[0]).toMatchObject({ code: 400, description: expect.stringMatching(/^format: /) });

    const badDate = await get(`/requests.xml?${j}&start_date=yesterday`);
    expect(badDate.statusCode).toBe(400);
    expect(parseXml(badDate.body).errors.error[0].description).toBe(
      'start_date: дата и время ISO 8601 с часовым поясом',
    );
    const badStatus = await get(`/requests.json?${j}&status=fixed`);
    expect(badStatus.json()).toEqual([{ code: 400, description: 'status: open или closed (через запятую)' }]);

    const { key } = await interopMakers(t.db).apiClient(c.city.id);
    const asJson = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ api_key: key, service_code: 'pothole' }),
    });
    expect(asJson.statusCode).toBe(415);
    expect(asJson.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(parseXml(asJson.body).errors.error[0]).toEqual({
      code: '415',
      description: 'Тело запроса принимается только как application/x-www-form-urlencoded.',
    });

    const malformed = await get('/requests/%E0%A4%A.json');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()[0].code).toBe(400);
    const nul = await get('/requests/KZN%00.xml');
    expect(nul.statusCode).toBe(400);
    expect(parseXml(nul.body).errors.error[0].code).toBe('400');
  });

  it('writes well-formed XML whatever a text holds: control characters and lone surrogates replaced, markup escaped', () => {
    const xml = toXml('requests', [
      { description: 'a\u0001b\u001fc\uD800d <e> & f', lat: 55.79, media_url: null, attributes: [] },
    ]);
    const [request] = parseXml(xml).service_requests.request;
    expect(request).toEqual({
      description: 'a\uFFFDb\uFFFDc\uFFFDd <e> & f',
      lat: '55.79',
      media_url: '',
      attributes: '',
    });
    expect(toXml('requests', [])).toBe('<?xml version="1.0" encoding="utf-8"?><service_requests/>');
  });

  it('lets a public reference answer be kept, with an ETag', async () => {
    const res = await get(`/services.json?${j}`);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    // Names are in the reader's language: a shared cache keeps one answer per language.
    expect(res.headers.vary).toBe('Accept-Language, Cookie');
    const again = await get(`/services.json?${j}`, { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('documents every Open311 route in the OpenAPI document under the tag open311, in JSON and XML', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { tags: string[]; responses: Record<string, { content: object }> }>>;
    };
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/open311/v2/'));
    expect(paths.sort()).toEqual([
      '/open311/v2/discovery.{format}',
      '/open311/v2/requests.{format}',
      '/open311/v2/requests/{service_request_id}.{format}',
      '/open311/v2/services.{format}',
      '/open311/v2/services/{service_code}.{format}',
      '/open311/v2/tokens/{token}.{format}',
    ]);
    for (const path of paths) {
      for (const op of Object.values(doc.paths[path])) {
        expect(op.tags).toEqual(['open311']);
        expect(Object.keys(op.responses['200'].content).sort(), path).toEqual(['application/json', 'text/xml']);
        expect(Object.keys(op.responses['404'].content).sort(), path).toEqual(['application/json', 'text/xml']);
      }
    }
    const post = doc.paths['/open311/v2/requests.{format}'].post as unknown as {
      requestBody: { content: Record<string, unknown> };
    };
    expect(Object.keys(post.requestBody.content)).toEqual(['application/x-www-form-urlencoded']);
  });
});
