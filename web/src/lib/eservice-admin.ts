/**
 * The admin's catalogue of municipal e-services (issue 15): the API calls of /admin/eservices and
 * its service page, typed by the API's OpenAPI document, and the editable shapes of a service.
 */
import { allOf, type Answer, answer, api, type RequestBody } from './api.ts';

export type AdminEservice = Answer<'listAdminEservices'>['items'][number];
export type EserviceDetail = Answer<'getEservice'>;
export type EservicePatch = RequestBody<'updateEservice'>;
export type FormField = RequestBody<'publishEserviceForm'>['fields'][number];
export type FormFieldType = FormField['type'];
export type TermUnit = EserviceDetail['termUnit'];
export type Texts = { ru: string; en: string; tt: string };
export type Stage = EserviceDetail['stages'][number];
export type RefusalGround = EserviceDetail['refusalGrounds'][number];
export type RequiredDocument = EserviceDetail['documents'][number];

export const textLanguages = ['ru', 'en', 'tt'] as const;
export const formFieldTypes = allOf<FormFieldType>()([
  'text',
  'textarea',
  'number',
  'date',
  'choice',
  'checkbox',
  'cadastral_number',
]);
export const termUnits = allOf<TermUnit>()(['working_days', 'calendar_days']);

export const listAdminEservices = (q: string | undefined, signal?: AbortSignal) =>
  answer(api.GET('/api/admin/eservices', { params: { query: { q } }, signal }));
export const getEservice = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/eservices/{id}', { params: { path: { id } }, signal }));
export const updateEservice = (id: number, body: EservicePatch) =>
  answer(api.PATCH('/api/eservices/{id}', { params: { path: { id } }, body }));
export const publishEserviceForm = (id: number, fields: FormField[]) =>
  answer(api.POST('/api/eservices/{id}/form', { params: { path: { id } }, body: { fields } }));

export const blankTexts = (): Texts => ({ ru: '', en: '', tt: '' });

/** A text in the reader's language, Russian when that one is empty. */
export const textIn = (texts: Texts, lang: 'ru' | 'en' | 'tt') => texts[lang] || texts.ru;

/**
 * A field as it is sent: limits and choices only where its type has them, empty ones left out (the
 * API takes a missing limit as none).
 */
export function fieldToSend(f: FormField): FormField {
  const limited = f.type === 'text' || f.type === 'textarea' || f.type === 'number';
  const out: FormField = { key: f.key.trim(), type: f.type, label: f.label, required: f.required };
  if (f.hint && (f.hint.ru || f.hint.en || f.hint.tt)) out.hint = f.hint;
  if (limited && typeof f.min === 'number') out.min = f.min;
  if (limited && typeof f.max === 'number') out.max = f.max;
  if ((f.type === 'text' || f.type === 'textarea') && f.pattern) out.pattern = f.pattern;
  if (f.type === 'choice') out.choices = f.choices ?? [];
  return out;
}
