/**
 * Outages' messages, in the caller's transaction: rendered once per language and template,
 * written set-based to the outbox with their delivery jobs.
 */
import { getMunicipality } from '../../db/queries/municipalities.ts';
import {
  getOutage,
  insertRenderedNotices,
  listOutageAudience,
  type OutageListRow,
  type RenderedNotice,
} from '../../db/queries/outages.ts';
import { type OutageTemplate, renderOutageMessage } from '../../dispatch/notification-texts.ts';
import { heldUntil, type Language, type NotificationKind } from '../../dispatch/notifications.ts';
import { type OutageDelivery, outageDeliveries } from '../../dispatch/outages.ts';
import { enqueueMany } from '../../jobs/queues.ts';
import type { Context } from '../context.ts';

/** What a message about an outage says besides the outage itself, and where its link points. */
export type OutageMessageOptions = { note: string | null; publicUrl: string };

/** The facts an outage's texts are rendered from. */
function messageFacts(outage: OutageListRow, timeZone: string, opts: OutageMessageOptions) {
  return {
    id: outage.id,
    service: outage.service,
    kind: outage.kind,
    reason: outage.reason,
    organisationRu: outage.organisationRu,
    organisationEn: outage.organisationEn,
    firstAddress: outage.firstAddress,
    buildingCount: outage.buildingCount,
    startsAt: outage.startsAt,
    expectedEndAt: outage.expectedEndAt,
    restoredAt: outage.restoredAt,
    timeZone,
    note: opts.note,
    link: `${opts.publicUrl.replace(/\/$/, '')}/outages/${outage.id}`,
  };
}

/** Render the deliveries (one text per language and template), write them and queue their jobs. */
export async function queueOutageMessages(
  ctx: Context,
  outage: OutageListRow,
  deliveries: readonly OutageDelivery[],
  opts: OutageMessageOptions,
): Promise<number> {
  if (deliveries.length === 0) return 0;
  const now = ctx.clock();
  const municipality = await getMunicipality(ctx.db, outage.municipalityId);
  const timeZone = municipality?.timeZone ?? 'Europe/Moscow';
  const facts = messageFacts(outage, timeZone, opts);
  const texts = new Map<string, { subject: string; text: string }>();
  const textOf = (template: OutageTemplate, language: Language) => {
    const key = `${template}:${language}`;
    let t = texts.get(key);
    if (!t) {
      t = renderOutageMessage(template, language, facts);
      texts.set(key, t);
    }
    return t;
  };
  // Emergencies wake people like emergency appeals do; planned work waits for the morning.
  const sendAfter = heldUntil(now, timeZone, outage.kind === 'emergency');
  const rows: RenderedNotice[] = deliveries.map((d) => {
    const t = textOf(d.template, d.language);
    return {
      userId: d.userId,
      channel: d.channel,
      destination: d.destination,
      kind: d.kind,
      template: d.template,
      subject: t.subject,
      body: t.text,
      sendAfter,
    };
  });
  const ids = await insertRenderedNotices(ctx.db, outage.municipalityId, rows, now);
  await enqueueMany(
    ctx.boss,
    ctx.db,
    'notify.deliver',
    ids.map((outboxId) => ({
      data: { outboxId },
      singletonKey: `notify:${outboxId}`,
      ...(sendAfter ? { startAfter: sendAfter } : {}),
    })),
  );
  return ids.length;
}

const residentKind: Record<
  'outage_published' | 'outage_changed' | 'outage_cancelled' | 'outage_restored',
  NotificationKind
> = {
  outage_published: 'outage_published',
  outage_changed: 'outage_changed',
  outage_cancelled: 'outage_changed',
  outage_restored: 'outage_restored',
};

/**
 * Tell the residents of the affected buildings (confirmed apartment links) and the authors of open
 * appeals linked to the outage; call it in the transaction that writes the change.
 */
export async function notifyOutageResidents(
  ctx: Context,
  outageId: number,
  template: keyof typeof residentKind,
  opts: OutageMessageOptions & { actorId: number | null },
): Promise<number> {
  const outage = await getOutage(ctx.db, outageId);
  if (!outage) return 0;
  const people = await listOutageAudience(ctx.db, outageId);
  const deliveries = outageDeliveries(people, { kind: residentKind[template], template }, { actorId: opts.actorId });
  return queueOutageMessages(ctx, outage, deliveries, opts);
}
