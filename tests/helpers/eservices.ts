import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import * as s from '../../db/schema/index.ts';
import type { FormField, ServiceStage, Texts } from '../../dispatch/eservices.ts';
import type { TestApp } from './app.ts';
import { multipart } from './http.ts';
import { pdf } from './passports.ts';

const uid = () => randomBytes(3).toString('hex');
export const tx3 = (ru: string, en = ru, tt = ru): Texts => ({ ru, en, tt });

/** A form of three fields: a required cadastral number, a required area, an optional comment. */
export const gpzuFields: FormField[] = [
  { key: 'cadastral', type: 'cadastral_number', label: tx3('Кадастровый номер', 'Cadastral number'), required: true },
  { key: 'area', type: 'number', label: tx3('Площадь, м²', 'Area, m²'), required: true, min: 1, max: 1_000_000 },
  {
    key: 'purpose',
    type: 'choice',
    label: tx3('Назначение'),
    required: false,
    choices: [
      { value: 'house', label: tx3('Жилой дом', 'House') },
      { value: 'shop', label: tx3('Магазин', 'Shop') },
    ],
  },
  { key: 'comment', type: 'textarea', label: tx3('Комментарий', 'Comment'), required: false, max: 500 },
];

export const threeStages: ServiceStage[] = [
  { code: 'check', name: tx3('Проверка документов', 'Checking the documents'), termDays: 2, unit: tx3('Отдел приёма') },
  { code: 'prepare', name: tx3('Подготовка проекта', 'Preparing the draft'), termDays: 8, unit: tx3('Отдел ГПЗУ') },
  { code: 'sign', name: tx3('Подписание', 'Signing'), termDays: 4, unit: tx3('Руководство') },
];

/** Makers of e-services test data: a service with its form, stages, documents and grounds. */
export function eserviceMakers(db: Database) {
  return {
    async service(
      municipalityId: number,
      departmentId: number,
      o: Partial<typeof s.eservices.$inferInsert> & { fields?: FormField[] } = {},
    ) {
      const { fields = gpzuFields, ...rest } = o;
      const [row] = await db
        .insert(s.eservices)
        .values({
          municipalityId,
          departmentId,
          code: `GPZU${uid().toUpperCase()}`,
          name: tx3(
            'Градостроительный план земельного участка',
            'Land development plan',
            'Җир кишәрлегенең шәһәр төзелеше планы',
          ),
          description: tx3('Выдача ГПЗУ', 'Issuing the plan'),
          applicantKinds: ['person', 'entrepreneur', 'legal_entity'],
          documents: [
            { code: 'passport', name: tx3('Паспорт', 'Passport'), required: true },
            { code: 'plan', name: tx3('Схема участка', 'Site plan'), required: false },
          ],
          resultKind: 'document',
          termDays: 14,
          termUnit: 'working_days',
          pausable: true,
          stages: threeStages,
          refusalGrounds: [
            { code: 'not_owner', text: tx3('Заявитель не правообладатель участка', 'Not the holder of the plot') },
            { code: 'no_plot', text: tx3('Участок не образован', 'The plot is not formed') },
          ],
          collection: tx3('ул. Баумана, 1, окно 5, пн–пт 9:00–17:00', 'Baumana 1, window 5, Mon–Fri 9–17'),
          formVersion: 1,
          ...rest,
        })
        .returning();
      await db.insert(s.eserviceForms).values({ serviceId: row.id, version: row.formVersion, fields });
      return row;
    },
  };
}

/** Calls of the e-services API as one user, over the test app. */
export function eserviceCalls(t: TestApp) {
  const call = async (
    userId: number | null,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...(userId === null ? {} : await t.signIn(userId)), ...headers },
      ...(payload ? { payload } : {}),
    });
  const upload = async (
    userId: number,
    url: string,
    fields: Record<string, string>,
    bytes: Buffer | null,
    type = 'application/pdf',
  ) => {
    const form = await multipart(fields, bytes ? [{ name: 'file', filename: 'doc.pdf', type, bytes }] : []);
    return t.app.inject({
      method: 'POST',
      url,
      headers: { ...(await t.signIn(userId)), ...form.headers },
      payload: form.payload,
    });
  };
  /** A draft with good values and its passport attached, submitted: the application's JSON. */
  const submitted = async (applicantId: number, serviceId: number, key = `k-${uid()}`) => {
    const draft = await call(applicantId, 'POST', '/api/applications', {
      serviceId,
      applicantKind: 'person',
      values: { cadastral: '16:50:011105:12', area: 600 },
    });
    if (draft.statusCode !== 201) throw new Error(`draft: ${draft.statusCode} ${draft.body}`);
    const id = draft.json().id as number;
    const file = await upload(
      applicantId,
      `/api/applications/${id}/files`,
      { documentCode: 'passport' },
      pdf('Паспорт'),
    );
    if (file.statusCode !== 201) throw new Error(`file: ${file.statusCode} ${file.body}`);
    const done = await call(applicantId, 'POST', `/api/applications/${id}/submit`, undefined, {
      'idempotency-key': key,
    });
    if (done.statusCode !== 200) throw new Error(`submit: ${done.statusCode} ${done.body}`);
    return done.json();
  };
  return { call, upload, submitted };
}
