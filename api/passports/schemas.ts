import { z } from 'zod';
import { documentKinds } from '../../db/schema/index.ts';
import {
  elevatorFields,
  type FieldSpec,
  MAX_ELEVATORS,
  MAX_OVERHAULS,
  overhaulFields,
  scalarFields,
} from '../../dispatch/passport.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { bigIdParam, bigRecordIdParam, userText } from '../schemas.ts';

// ---- Schemas built from the passport's field specs (dispatch/passport.ts), so they cannot drift ----

function valueSchema(spec: FieldSpec, input: boolean): z.ZodType {
  switch (spec.kind) {
    case 'int':
    case 'number':
      return z.number({ error: messageRef('field.expected_number') }).nullable();
    case 'enum':
      return z
        .enum(spec.options as [string, ...string[]], {
          error: messageRef('passport.field.one_of', { options: (spec.options ?? []).join(', ') }),
        })
        .nullable();
    case 'date':
      return z
        .string({ error: messageRef('field.date') })
        .nullable()
        .describe('YYYY-MM-DD');
    case 'text':
      // An empty text is no value, as in a CSV cell.
      return input
        ? userText(spec.maxLength ?? 200)
            .transform((s) => (s === '' ? null : s))
            .nullable()
        : z.string().nullable();
  }
}

type Shape = { [key: string]: z.ZodType | Shape };

/** An object schema of dotted-path fields; when `input`, every field and inner object is optional. */
function nested(fields: readonly FieldSpec[], input: boolean): z.ZodObject {
  const shape: Shape = {};
  for (const f of fields) {
    const keys = f.path.split('.');
    let at = shape;
    for (const k of keys.slice(0, -1)) {
      at[k] ??= {};
      at = at[k] as Shape;
    }
    const v = valueSchema(f, input).describe(`${f.ru} / ${f.en}${f.unit ? `, ${f.unit}` : ''}`);
    at[keys.at(-1)!] = input ? v.optional() : v;
  }
  const toZod = (s: Shape): z.ZodObject => {
    const entries = Object.fromEntries(
      Object.entries(s).map(([k, v]) => [k, v instanceof z.ZodType ? v : input ? toZod(v).optional() : toZod(v)]),
    );
    return input ? z.strictObject(entries) : z.object(entries);
  };
  return toZod(shape);
}

function passportSchema(input: boolean) {
  const base = nested(scalarFields, input);
  const list = (fields: readonly FieldSpec[], max: number) => {
    const array = z.array(nested(fields, input)).max(max, messageRef('field.at_most', { max }));
    return input ? array.optional() : array;
  };
  return base.extend({
    elevators: list(elevatorFields, MAX_ELEVATORS),
    overhauls: list(overhaulFields, MAX_OVERHAULS),
  });
}

// No component id: its texts are trimmed (a transform), so its input and output forms differ.
export const passportIn = passportSchema(true);
export const passportOut = passportSchema(false).meta({ id: 'TechnicalPassport' });

export const documentSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(documentKinds),
    title: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    public: z.boolean(),
    createdAt: z.string(),
    url: z.string(),
  })
  .meta({ id: 'BuildingDocument' });

export const fullPassportSchema = z
  .object({
    buildingId: z.number().int(),
    address: z.string(),
    version: z.number().int().describe('0: never saved; send it back with a change'),
    updatedAt: z.string().nullable(),
    passport: passportOut,
    documents: z.array(documentSchema),
    canEdit: z.boolean().describe('The caller may edit this passport, attach documents and read its history'),
  })
  .meta({ id: 'FullBuildingPassport' });

const scalarValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const changeSchema = z.object({
  id: z.number().int(),
  field: z
    .string()
    .describe('Dotted path: "floors", "systems.heating.type", "elevators.1.commissionedYear", "documents.12"'),
  label: z.object({ ru: z.string(), en: z.string() }),
  oldValue: scalarValue,
  newValue: scalarValue,
  source: z.enum(['form', 'import']),
  at: z.string(),
  actor: z
    .object({
      name: z.string().nullable(),
      role: z.string().nullable(),
      organisation: z.object({ nameRu: z.string(), nameEn: z.string() }).nullable(),
    })
    .nullable(),
});

export const editBody = z.strictObject({
  version: z
    .number({ error: messageRef('field.expected_number') })
    .int()
    .min(0)
    .describe('The version read; a stale one answers 409'),
  passport: passportIn,
});

export type EditBody = z.infer<typeof editBody>;

export const importLine = z.object({
  line: z.number().int(),
  buildingId: z.number().int().nullable(),
  status: z.enum(['applied', 'unchanged', 'error']),
  changes: z.number().int().describe('Fields changed (or that would change in a dry run)'),
  errors: z.array(
    z.object({ field: z.string(), reason: z.string(), code: z.string().describe('The reason’s message id') }),
  ),
});

export const fieldSpecSchema = z.object({
  path: z.string(),
  kind: z.enum(['int', 'number', 'text', 'enum', 'date']),
  ru: z.string(),
  en: z.string(),
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  maxLength: z.number().optional(),
  options: z.array(z.object({ code: z.string(), ru: z.string(), en: z.string() })).optional(),
});
export const layoutAnswer = z.object({
  sections: z.array(
    z.object({
      key: z.string(),
      ru: z.string(),
      en: z.string(),
      list: z.boolean(),
      groups: z
        .array(z.object({ key: z.string(), ru: z.string(), en: z.string() }))
        .describe('structure, systems: the elements their fields (section.group.field) belong to'),
      fields: z.array(fieldSpecSchema),
    }),
  ),
});

export const changesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: bigRecordIdParam.optional().describe('nextCursor of the previous page'),
});
export type ChangesQuery = z.infer<typeof changesQuery>;

export const changesAnswer = z.object({ items: z.array(changeSchema), nextCursor: z.number().int().nullable() });

export const documentFields = z.object({
  kind: z.enum(documentKinds, {
    error: messageRef('passport.field.one_of', { options: documentKinds.join(', ') }),
  }),
  title: userText(200, { length: 1, tooShort: messageRef('field.required') }),
  public: z
    .enum(['true', 'false'], { error: messageRef('passport.field.true_or_false') })
    .default('true')
    .transform((v) => v === 'true'),
});

export type DocumentFields = z.infer<typeof documentFields>;

export const documentsAnswer = z.object({ items: z.array(documentSchema) });

export const documentIdParam = bigIdParam;

export const importQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const importAnswer = z.object({
  applied: z.number().int(),
  unchanged: z.number().int(),
  refused: z.number().int(),
  dryRun: z.boolean(),
  lines: z.array(importLine),
});
export type ImportLine = z.infer<typeof importLine>;
