/** A building's technical passport as its readers see it: the form's layout, the passport, its history. */
import {
  type DocumentRow,
  getPassport,
  listDocuments,
  listPassportChanges,
  type StoredPassport,
} from '../../db/queries/passports.ts';
import { fieldLabel, optionLabels, passportSections } from '../../dispatch/passport.ts';
import { can, type Resource } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { NotFound } from '../errors.ts';
import type { ChangesQuery } from './schemas.ts';

/** The building as a record of the permission rules: its municipality and its management company. */
export const resourceOf = (b: { municipalityId: number; managementCompanyId: number | null }): Resource => ({
  municipalityId: b.municipalityId,
  organisationIds: [b.managementCompanyId],
});

export const documentView = (d: DocumentRow) => ({
  id: d.id,
  kind: d.kind,
  title: d.title,
  mediaType: d.mediaType,
  size: d.size,
  public: d.public,
  createdAt: d.createdAt.toISOString(),
  url: `/api/building-documents/${d.id}`,
});

/** A stored value shown in the history: scalars as they are, anything else as JSON text. */
const historyValue = (v: unknown): string | number | boolean | null =>
  v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? (v ?? null)
    : JSON.stringify(v);

/** The passport form's sections and fields, with labels, bounds and choices: the same for every building. */
export const passportLayout = {
  sections: passportSections.map((section) => ({
    key: section.key,
    ru: section.ru,
    en: section.en,
    list: 'items' in section,
    groups: 'groups' in section ? section.groups.map(([key, ru, en]) => ({ key, ru, en })) : [],
    fields: ('items' in section ? section.items : section.fields).map((f) => ({
      path: f.path,
      kind: f.kind,
      ru: f.ru,
      en: f.en,
      ...(f.unit ? { unit: f.unit } : {}),
      ...(f.min !== undefined ? { min: f.min } : {}),
      ...(f.max !== undefined && !f.year ? { max: f.max } : {}),
      ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
      ...(f.options
        ? { options: f.options.map((code) => ({ code, ...(optionLabels[code] ?? { ru: code, en: code }) })) }
        : {}),
    })),
  })),
};

/** The passport, or 404 when there is no such building. */
export async function passportOr404(ctx: Context, buildingId: number): Promise<StoredPassport> {
  const stored = await getPassport(ctx.db, buildingId);
  if (!stored) throw new NotFound('building');
  return stored;
}

/** The passport the actor may edit, or 404: a building out of reach reads like a missing one. */
export async function editablePassport(ctx: Context, buildingId: number): Promise<StoredPassport> {
  const stored = await passportOr404(ctx, buildingId);
  if (!can(ctx.actor, 'passport.edit', resourceOf(stored))) throw new NotFound('building');
  return stored;
}

/** The full passport with its documents (the non-public ones to its editors) and whether the actor may edit it. */
export async function fullPassportView(ctx: Context, stored: StoredPassport) {
  const canEdit = can(ctx.actor, 'passport.edit', resourceOf(stored));
  const documents = await listDocuments(ctx.db, stored.buildingId, canEdit);
  return {
    buildingId: stored.buildingId,
    address: stored.address,
    version: stored.version,
    updatedAt: stored.updatedAt?.toISOString() ?? null,
    passport: stored.passport,
    documents: documents.map(documentView),
    canEdit,
  };
}

/** A building's full technical passport; never who uploaded or edited anything. */
export async function showPassport(ctx: Context, buildingId: number) {
  return fullPassportView(ctx, await passportOr404(ctx, buildingId));
}

/** The passport's change history, newest first, a page at a time: who, when, the field, old and new values. */
export async function passportChanges(ctx: Context, buildingId: number, { limit, before }: ChangesQuery) {
  const stored = await editablePassport(ctx, buildingId);
  const rows = await listPassportChanges(ctx.db, stored.buildingId, limit + 1, before);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      field: r.field,
      label: fieldLabel(r.field),
      oldValue: historyValue(r.oldValue),
      newValue: historyValue(r.newValue),
      source: r.source,
      at: r.at.toISOString(),
      actor:
        r.actorId === null
          ? null
          : {
              name: r.actorName,
              role: r.actorRole,
              organisation:
                r.organisationNameRu === null
                  ? null
                  : { nameRu: r.organisationNameRu, nameEn: r.organisationNameEn ?? r.organisationNameRu },
            },
    })),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
