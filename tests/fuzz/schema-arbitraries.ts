/**
 * fast-check arbitraries from the JSON schemas of the served OpenAPI document: `valid()` builds values
 * the schema accepts (ids drawn from the records that exist, so requests reach the database), and
 * `hostile()` values no sane client sends (wrong types, huge and odd strings, extreme numbers).
 */
import fc from 'fast-check';

export type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  prefixItems?: Schema[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  dependentRequired?: Record<string, string[]>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  [k: string]: unknown;
};

/** Ids of the records that exist, by field name (`buildingId`, `id` of /outages/{id} …): see harness. */
export type IdSource = (name: string) => readonly (number | string)[];

const ODD_STRINGS = [
  '',
  ' ',
  '\t\n',
  "'; drop table appeals; --",
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '%00',
  '\u202e\u0644\u0627',
  '𝕺𝖙𝖐𝖑𝖎𝖐 🏚️🔥',
  'Ё'.repeat(300),
  '\uD800',
  '\uFEFFzero\u200bwidth',
  'null',
  'true',
  '-1',
  '0',
  '1e309',
  'NaN',
  '9007199254740993',
  '2147483648',
  '{"a":1}',
  '[]',
  'KZN',
  '2026-02-30T25:61:00Z',
  '2026-11-26T00:00:00+03:00',
];
const ODD_NUMBERS = [
  -1,
  0,
  -0,
  0.5,
  -2147483649,
  2147483648,
  2 ** 53,
  2 ** 53 + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  1e-320,
];

/** A string of any shape: unicode, control characters, huge, or one of the classic troublemakers. */
export const oddString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.nat({ max: 3 }).map((n) => 'я'.repeat([5_000, 70_000, 300_000, 1_100_000][n])) },
  );

/** Any value of the wrong kind for most fields. */
export const hostile = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    oddString(),
    fc.constantFrom(...ODD_NUMBERS),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string()), { maxKeys: 3 }),
    fc.constantFrom({ __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }, [[[[[[[[[[[]]]]]]]]]]]),
    fc.jsonValue({ maxDepth: 3 }),
  );

export class SchemaArbitraries {
  private readonly components: Record<string, Schema>;
  private readonly ids: IdSource;
  constructor(doc: { components?: { schemas?: Record<string, Schema> } }, ids: IdSource) {
    this.components = doc.components?.schemas ?? {};
    this.ids = ids;
  }

  resolve(schema: Schema): Schema {
    let s = schema;
    for (let i = 0; s.$ref && i < 10; i++) s = this.components[s.$ref.replace('#/components/schemas/', '')] ?? {};
    return s;
  }

  /** A value the schema accepts (as far as JSON schema can say: referential rules are the server's). */
  valid(schema: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const branches = s.anyOf ?? s.oneOf;
    if (branches) return fc.oneof(...branches.map((b) => this.valid(b, name, depth + 1)));
    if (s.allOf) return this.valid(Object.assign({}, ...s.allOf.map((b) => this.resolve(b))), name, depth);
    const type = Array.isArray(s.type)
      ? s.type
      : s.type
        ? [s.type]
        : s.properties
          ? ['object']
          : ['string', 'integer', 'boolean'];
    if (type.length > 1) return fc.oneof(...type.map((t) => this.valid({ ...s, type: t }, name, depth)));
    switch (type[0]) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return this.integer(s, name);
      case 'number': {
        const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1e-6 : -1e6);
        const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1e-6 : 1e6);
        return fc.oneof(
          fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
          fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
        );
      }
      case 'string':
        return this.string(s, name);
      case 'array': {
        const min = s.minItems ?? 0;
        const max = Math.min(s.maxItems ?? min + 4, min + 4);
        if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => this.valid(p, name, depth + 1)));
        const item = this.valid(s.items ?? {}, singular(name), depth + 1);
        if (s.uniqueItems)
          return fc.uniqueArray(item, { minLength: min, maxLength: max, selector: (v) => JSON.stringify(v) });
        return fc.array(item, { minLength: min, maxLength: max });
      }
      case 'object': {
        const props = s.properties ?? {};
        if (depth > 6 || Object.keys(props).length === 0) return fc.constant({});
        const record = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, this.valid(v, k, depth + 1)]));
        return fc
          .record(record, { requiredKeys: (s.required ?? []).filter((k) => k in props) })
          .map((v) => keepDependencies(v as Record<string, unknown>, s));
      }
      default:
        return fc.constant(null);
    }
  }

  private integer(s: Schema, name: string): fc.Arbitrary<number> {
    const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? Math.floor(s.exclusiveMinimum) + 1 : -1_000_000);
    const max = Math.min(
      s.maximum ?? (s.exclusiveMaximum !== undefined ? Math.ceil(s.exclusiveMaximum) - 1 : 1_000_000),
      Number.MAX_SAFE_INTEGER,
    );
    const any = fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max });
    const known = this.ids(name).filter((v): v is number => typeof v === 'number' && v >= min && v <= max);
    return known.length > 0
      ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: any })
      : any;
  }

  private string(s: Schema, name: string): fc.Arbitrary<string> {
    const maxLength = s.maxLength ?? 200;
    const minLength = s.minLength ?? 0;
    const fits = (v: string) => v.length >= minLength && v.length <= maxLength;
    let base: fc.Arbitrary<string>;
    if (s.format === 'date-time')
      base = fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    else if (s.format === 'date')
      base = fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    else if (s.format === 'email') base = fc.emailAddress();
    else if ((s.format === 'uri' || s.format === 'url') && s.pattern)
      base = fc.webUrl({ validSchemes: ['https'] }).filter((v) => new RegExp(s.pattern as string, 'u').test(v));
    else if (s.format === 'uri' || s.format === 'url') base = fc.webUrl();
    else if (s.format === 'uuid') base = fc.uuid();
    else if (s.pattern)
      // The document's patterns are Unicode patterns (ajv reads them so): `\p{L}` is a letter of any script.
      // Cut to length, a string would leave its pattern (a phone short of digits): drawn again instead.
      base = fc.stringMatching(new RegExp(s.pattern, 'u'), { size: 'small' }).filter(fits);
    else {
      // Filters must never be the only way to fit: a filter that rejects everything loops for ever.
      const texts = ['Течёт крыша в подъезде', 'ул. Баумана, 12', 'Нет горячей воды с утра'].filter(fits);
      const size = { minLength, maxLength: Math.min(maxLength, Math.max(minLength, 40)) };
      base = fc.oneof(
        fc.string(size),
        fc.string({ unit: 'grapheme', ...size }),
        ...(texts.length ? [fc.constantFrom(...texts)] : []),
      );
    }
    const known = this.ids(name)
      .map(String)
      .filter((v) => fits(v) && (!s.pattern || new RegExp(s.pattern, 'u').test(v)));
    return known.length > 0
      ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: base })
      : base;
  }
}

const singular = (name: string) => (name.endsWith('Ids') ? name.slice(0, -1) : name);

/** An object the schema's `dependentRequired` accepts: a field whose companions are missing is dropped (lat without lon). */
export function keepDependencies<T extends Record<string, unknown>>(value: T, schema: Schema): T {
  const kept: Record<string, unknown> = { ...value };
  for (const [field, companions] of Object.entries(schema.dependentRequired ?? {})) {
    if (field in kept && companions.some((c) => !(c in kept))) delete kept[field];
  }
  return kept as T;
}
