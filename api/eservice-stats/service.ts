import {
  type DecidedRow,
  decidedBy,
  departmentMunicipality,
  departmentNames,
  type EserviceStatsFilter,
  type EserviceStatsGroup,
  municipalityTimeZone,
  type OpenRow,
  openBy,
  type ReceivedRow,
  receivedBy,
  type ServiceRow,
  serviceOwner,
  servicesInView,
  stagesBy,
} from '../../db/queries/eservice-stats.ts';
import { type Period, periodOf, roundDays, share } from '../../dispatch/eservice-stats.ts';
import { localDate } from '../../dispatch/eservices.ts';
import type { Language } from '../../dispatch/messages/index.ts';
import { type Actor, scopeOf } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { Forbidden, HttpProblem, NotFound, Unauthorized, Unprocessable } from '../errors.ts';
import type { FiguresQuery, StagesQuery } from './schemas.ts';

/*
 * The project office's view of municipal e-services: for a period of the municipality's days, per
 * service, per department and per stage, what was received, decided (and how fast against the
 * regulated term) and what is open now. City hall and admins see their municipality; a department's
 * supervisor only their own department. Figures only: no applicant is named anywhere.
 */

type View = { filter: EserviceStatsFilter; services: ServiceRow[]; period: Period & { timeZone: string } };

/** The period asked for, or 422 naming the field. */
function periodFor(q: { from?: string; to?: string }, today: string): Period {
  const period = periodOf(q, today);
  if ('from' in period) return period;
  const field = `querystring.${period.field}`;
  if (period.kind === 'reversed')
    throw new Unprocessable({ id: 'stats.period_reversed' }, [
      { field, reason: { id: 'stats.field.from_not_after_to' } },
    ]);
  throw new Unprocessable({ id: 'stats.period_too_long', params: { days: period.days } }, [
    { field, reason: { id: 'stats.field.days_at_most', params: { days: period.days } } },
  ]);
}

const notYourDepartment = (field: string) =>
  new HttpProblem(
    403,
    'forbidden',
    { id: 'eservice_stats.own_department_only' },
    { errors: [{ field, reason: { id: 'eservice_stats.field.not_your_department' } }] },
  );

/** The department the actor may see: a supervisor's own (naming another is 403); else the one named, if any. */
async function departmentFor(
  ctx: Context,
  actor: NonNullable<Actor>,
  departmentId: number | undefined,
): Promise<number | undefined> {
  const scope = scopeOf(actor, 'eservice.stats');
  if (scope === 'organisation' && actor.organisationId !== null) {
    if (departmentId !== undefined && departmentId !== actor.organisationId)
      throw notYourDepartment('querystring.departmentId');
    return actor.organisationId;
  }
  if (scope !== 'municipality') throw new Forbidden();
  if (departmentId !== undefined && (await departmentMunicipality(ctx.db, departmentId)) !== actor.municipalityId)
    throw new NotFound('organisation');
  return departmentId;
}

/** What the actor sees: the period, the services in view and the filter of their applications. */
async function viewOf(ctx: Context, q: FiguresQuery & { serviceId?: number }): Promise<View> {
  const actor = ctx.actor;
  if (!actor) throw new Unauthorized();
  const timeZone = await municipalityTimeZone(ctx.db, actor.municipalityId);
  const today = localDate(ctx.clock(), timeZone);
  const period = periodFor(q, today);
  const departmentId = await departmentFor(ctx, actor, q.departmentId);
  if (q.serviceId !== undefined) {
    const owner = await serviceOwner(ctx.db, q.serviceId);
    if (!owner || owner.municipalityId !== actor.municipalityId)
      throw new HttpProblem(404, 'not-found', { id: 'eservice_stats.service_not_found' });
    // A supervisor naming another department's service (the catalogue is public): 403.
    if (scopeOf(actor, 'eservice.stats') === 'organisation' && owner.departmentId !== departmentId)
      throw notYourDepartment('querystring.serviceId');
  }
  const services = await servicesInView(ctx.db, actor.municipalityId, { departmentId, serviceId: q.serviceId });
  const filter = {
    municipalityId: actor.municipalityId,
    timeZone,
    ...period,
    today,
    serviceIds: services.map((s) => s.id),
    departmentId,
  };
  return { filter, services, period: { ...period, timeZone } };
}

const pick = (texts: { ru: string; en: string; tt: string }, lang: Language) => texts[lang] || texts.ru;
const departmentName = (n: { nameRu: string; nameEn: string } | undefined, lang: Language) =>
  n ? (lang === 'en' ? n.nameEn : n.nameRu) : '';

/** One group's figures from its rows of the three aggregates (absent rows: nothing). */
function figuresOf(r: ReceivedRow | undefined, d: DecidedRow | undefined, o: OpenRow | undefined) {
  const received = r?.received ?? 0;
  const finished = d?.finished ?? 0;
  return {
    received,
    receivedOnline: r?.online ?? 0,
    receivedOffice: r?.office ?? 0,
    onlineShare: share(r?.online ?? 0, received),
    finished,
    issued: d?.issued ?? 0,
    refused: d?.refused ?? 0,
    withinTerm: d?.withinTerm ?? 0,
    withinTermShare: share(d?.withinTerm ?? 0, finished),
    openNow: o?.open ?? 0,
    overdueNow: o?.overdue ?? 0,
    calendarDaysMedian: roundDays(d?.calendarMedian ?? null),
    calendarDaysP90: roundDays(d?.calendarP90 ?? null),
    workingDaysMedian: roundDays(d?.workingMedian ?? null),
    workingDaysP90: roundDays(d?.workingP90 ?? null),
  };
}
export type EserviceFigures = ReturnType<typeof figuresOf>;

/** The three aggregates grouped one way, each by its key (null: the total). */
async function aggregates(ctx: Context, filter: EserviceStatsFilter, by: EserviceStatsGroup) {
  const byKey = <T extends { key: number | null }>(rows: T[]) => new Map(rows.map((r) => [r.key, r]));
  const [received, decided, open] = await Promise.all([
    receivedBy(ctx.db, filter, by),
    decidedBy(ctx.db, filter, by),
    openBy(ctx.db, filter, by),
  ]);
  const maps = { received: byKey(received), decided: byKey(decided), open: byKey(open) };
  const figures = (key: number | null) => figuresOf(maps.received.get(key), maps.decided.get(key), maps.open.get(key));
  const keys = new Set([...maps.received.keys(), ...maps.decided.keys(), ...maps.open.keys()]);
  keys.delete(null);
  return { figures, keys: keys as Set<number> };
}

/** Per service in view: the period's figures against its regulated term, and the total. */
export async function eserviceStatsServices(ctx: Context, q: FiguresQuery, lang: Language) {
  const { filter, services, period } = await viewOf(ctx, q);
  const { figures } = await aggregates(ctx, filter, 'service');
  const names = await departmentNames(ctx.db, [...new Set(services.map((s) => s.departmentId))]);
  const items = services.map((s) => ({
    id: s.id,
    code: s.code,
    name: pick(s.name, lang),
    departmentId: s.departmentId,
    departmentName: departmentName(names.get(s.departmentId), lang),
    termDays: s.termDays,
    termUnit: s.termUnit,
    ...figures(s.id),
  }));
  items.sort((a, b) => a.departmentName.localeCompare(b.departmentName, 'ru') || a.name.localeCompare(b.name, 'ru'));
  return { period, items, total: figures(null) };
}
export type ServiceItem = Awaited<ReturnType<typeof eserviceStatsServices>>['items'][number];

/** Per department: the period's figures of its services, and the total. */
export async function eserviceStatsDepartments(ctx: Context, q: FiguresQuery, lang: Language) {
  const { filter, services, period } = await viewOf(ctx, q);
  const { figures, keys } = await aggregates(ctx, filter, 'department');
  const owned = new Map<number, number>();
  for (const s of services) owned.set(s.departmentId, (owned.get(s.departmentId) ?? 0) + 1);
  const ids = [...new Set([...owned.keys(), ...keys])];
  const names = await departmentNames(ctx.db, ids);
  const items = ids.map((id) => ({
    id,
    name: departmentName(names.get(id), lang),
    services: owned.get(id) ?? 0,
    ...figures(id),
  }));
  items.sort((a, b) => a.name.localeCompare(b.name, 'ru') || a.id - b.id);
  return { period, items, total: figures(null) };
}
export type DepartmentItem = Awaited<ReturnType<typeof eserviceStatsDepartments>>['items'][number];

/**
 * Time per stage of the services in view (or one): every stage of each service, with the days the
 * applications decided in the period spent in it against the stage's own term.
 */
export async function eserviceStatsStages(ctx: Context, q: StagesQuery, lang: Language) {
  const { filter, services, period } = await viewOf(ctx, q);
  const rows = await stagesBy(ctx.db, filter);
  const byKey = new Map(rows.map((r) => [`${r.serviceId}:${r.stage}`, r]));
  const items = services.flatMap((s) => {
    const seen = rows.filter((r) => r.serviceId === s.id).map((r) => r.stage);
    const count = Math.max(s.stages.length, ...seen.map((i) => i + 1));
    return Array.from({ length: count }, (_, i) => {
      const stage = s.stages[i];
      const r = byKey.get(`${s.id}:${i}`);
      return {
        serviceId: s.id,
        serviceCode: s.code,
        serviceName: pick(s.name, lang),
        stage: i,
        code: stage?.code ?? '',
        name: stage ? pick(stage.name, lang) : `${i + 1}`,
        termDays: stage?.termDays ?? null,
        applications: r?.applications ?? 0,
        overTerm: r?.overTerm ?? 0,
        calendarDaysMedian: roundDays(r?.calendarMedian ?? null),
        calendarDaysP90: roundDays(r?.calendarP90 ?? null),
        workingDaysMedian: roundDays(r?.workingMedian ?? null),
        workingDaysP90: roundDays(r?.workingP90 ?? null),
      };
    });
  });
  return { period, items };
}
export type StageItem = Awaited<ReturnType<typeof eserviceStatsStages>>['items'][number];
