/**
 * Open311's reference answers: the discovery document, the jurisdiction a request names, the
 * services (our categories) and a service's definition (the attributes it asks for).
 */
import { listCategories } from '../../db/queries/categories.ts';
import { jurisdictions } from '../../db/queries/open311.ts';
import type { Language } from '../../dispatch/messages/index.ts';
import { render } from '../../dispatch/messages/index.ts';
import { serviceAttributes, serviceKeywords } from '../../dispatch/open311.ts';
import type { CategoryGroup } from '../../dispatch/taxonomy.ts';
import type { Context } from '../context.ts';
import { badField, Open311Error } from './errors.ts';

/** The date of the last change to this API (the spec's `changeset`). */
export const OPEN311_CHANGESET = '2026-12-08T00:00:00+03:00';
export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

export function discovery(opts: { publicUrl: string; contact: string; lang: Language }) {
  return {
    changeset: OPEN311_CHANGESET,
    contact: opts.contact,
    key_service: render({ id: 'open311.discovery.key_service' }, opts.lang),
    endpoints: [
      {
        specification: SPECIFICATION,
        url: `${opts.publicUrl.replace(/\/$/, '')}/open311/v2`,
        changeset: OPEN311_CHANGESET,
        type: 'production' as const,
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

export type Jurisdiction = Awaited<ReturnType<typeof jurisdictions>>[number];

/**
 * The municipality a request names by its code (jurisdiction_id): 404 for an unknown one; required
 * (400) when the installation serves more than one, else the only one.
 */
export async function jurisdictionOf(ctx: Context, code: string | undefined): Promise<Jurisdiction> {
  const all = await jurisdictions(ctx.db);
  const asked = code?.trim();
  if (asked) {
    const found = all.find((m) => m.code.toUpperCase() === asked.toUpperCase());
    if (!found) throw new Open311Error(404, [{ id: 'open311.jurisdiction_unknown' }]);
    return found;
  }
  if (all.length === 1) return all[0];
  if (all.length === 0) throw new Open311Error(404, [{ id: 'open311.jurisdiction_unknown' }]);
  throw badField('jurisdiction_id', { id: 'field.required' });
}

const nameIn = (c: { nameRu: string; nameEn: string }, lang: Language) => (lang === 'en' ? c.nameEn : c.nameRu);
const groupName = (group: CategoryGroup, lang: Language) => render({ id: `open311.group.${group}` }, lang);

/** The municipality's active categories as Open311 services. */
export async function listServices(ctx: Context, jurisdiction: Jurisdiction, lang: Language) {
  const categories = await listCategories(ctx.db, jurisdiction.id);
  return categories.map((c) => {
    const name = nameIn(c, lang);
    const group = groupName(c.group, lang);
    return {
      service_code: c.code,
      service_name: name,
      description: render({ id: 'open311.service.description', params: { name, group } }, lang),
      metadata: serviceAttributes(c).length > 0,
      // Filed at once: the POST answers the appeal's number.
      type: 'realtime' as const,
      keywords: serviceKeywords(c).join(','),
      group,
    };
  });
}

/** An active category of the municipality by its code, or 404 naming service_code. */
export async function serviceOf(ctx: Context, jurisdiction: Jurisdiction, code: string) {
  const categories = await listCategories(ctx.db, jurisdiction.id);
  const found = categories.find((c) => c.code === code);
  if (!found) throw new Open311Error(404, [{ id: 'open311.service_unknown' }]);
  return found;
}

/** A service's definition: the attributes it asks for (none for street problems). */
export async function serviceDefinition(ctx: Context, jurisdiction: Jurisdiction, code: string, lang: Language) {
  const category = await serviceOf(ctx, jurisdiction, code);
  return {
    service_code: category.code,
    attributes: serviceAttributes(category).map((a) => ({
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: render(a.datatypeDescription, lang),
      order: a.order,
      description: render(a.description, lang),
      values: [],
    })),
  };
}
