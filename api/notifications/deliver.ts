/**
 * Delivering one outbox row, the use case of a notify.deliver job (jobs/notify-deliver.ts). It
 * renders the message (texts of dispatch/notification-texts.ts, in the recipient's language), sends
 * it on the row's channel and logs the attempt. The row is locked for the whole attempt and re-read first, so a job run twice
 * (pg-boss is at-least-once) never sends twice. A failure throws after its attempt is committed:
 * pg-boss retries with exponential backoff, then moves the job to notify.dead, whose worker marks
 * the row dead. A channel with no gateway keeps the message as 'dev' (log + admin dev outbox).
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import {
  deletePushEndpoint,
  getAppealForNotices,
  getPushSubscription,
  lockOutboxRow,
  markOutboxDead,
  type OutboxRow,
  recordAttempt,
  updateOutboxRow,
} from '../../db/queries/notifications.ts';
import { maskContact } from '../../dispatch/contacts.ts';
import { DISPUTE_WINDOW_MS } from '../../dispatch/lifecycle.ts';
import { languages, templates } from '../../dispatch/notifications.ts';
import { renderMessage } from '../../dispatch/notification-texts.ts';
import { timerSteps } from '../../dispatch/sla.ts';
import { appealStatuses } from '../../dispatch/taxonomy.ts';
import { type Context, inTransaction } from '../context.ts';
import { DeliveryError, type OutgoingMessage, type Transports } from './transports.ts';

/** What delivery needs beside the context: the channels and where links in messages point. */
export type Delivery = { transports: Transports; publicUrl: string };

export type DeliveryOutcome = 'sent' | 'dev' | 'failed' | 'skipped' | 'dead';

const noticePayload = z.object({
  language: z.enum(languages).catch('ru'),
  emergency: z.boolean().catch(false),
  vars: z
    .object({
      status: z.enum(appealStatuses).optional(),
      note: z.string().nullable().optional(),
      step: z.union(timerSteps.map((n) => z.literal(n))).optional(),
      clock: z.enum(['response', 'resolution']).optional(),
    })
    .catch({}),
});

/** Subject, text and link of a row: stored ones (sign-in codes), else rendered from its template. */
async function compose(
  db: Db,
  publicUrl: string,
  row: OutboxRow,
): Promise<{ subject: string; text: string; link: string | null } | null> {
  if (row.body !== null) return { subject: row.subject ?? '', text: row.body, link: null };
  const template = templates.find((t) => t === row.template);
  if (!template || row.appealId === null) return null;
  const appeal = await getAppealForNotices(db, row.appealId);
  if (!appeal) return null;
  const payload = noticePayload.parse(row.payload);
  const link = `${publicUrl.replace(/\/$/, '')}/appeals/${encodeURIComponent(appeal.number)}`;
  const rendered = renderMessage(
    template,
    payload.language,
    {
      number: appeal.number,
      categoryRu: appeal.categoryRu,
      categoryEn: appeal.categoryEn,
      address: appeal.addressText,
      status: appeal.status,
      dueAt: appeal.responseDueAt ?? appeal.resolutionDueAt,
      timeZone: appeal.timeZone,
      disputeUntil: appeal.resolvedAt ? new Date(appeal.resolvedAt.getTime() + DISPUTE_WINDOW_MS) : null,
      link,
    },
    payload.vars,
  );
  return { ...rendered, link };
}

const masked = (row: Pick<OutboxRow, 'channel' | 'destination'>) =>
  row.channel === 'push'
    ? 'push subscription'
    : maskContact(
        row.channel === 'sms' ? { kind: 'phone', value: row.destination } : { kind: 'email', value: row.destination },
      );

/** Deliver one outbox row once; throws (after logging the attempt) when the channel refused it. */
export async function deliverOutboxRow(ctx: Context, delivery: Delivery, outboxId: number): Promise<DeliveryOutcome> {
  const result = await inTransaction(ctx, async ({ db: tx }): Promise<{ outcome: DeliveryOutcome; error?: string }> => {
    const row = await lockOutboxRow(tx, outboxId);
    if (!row || row.status === 'sent' || row.status === 'dev' || row.status === 'dead') return { outcome: 'skipped' };
    const message = await compose(tx, delivery.publicUrl, row);
    if (!message) {
      await updateOutboxRow(tx, outboxId, { status: 'dead', lastError: 'nothing to render' });
      return { outcome: 'dead' };
    }
    const configured = row.channel === 'push' || delivery.transports[row.channel] !== undefined;
    if (!configured) {
      await updateOutboxRow(tx, outboxId, { status: 'dev', subject: message.subject, body: message.text });
      // The documented dev mode: with no gateway for the channel the text is readable in the log.
      ctx.log.info(
        { outboxId, channel: row.channel, destination: masked(row), template: row.template, text: message.text },
        'message kept in the dev outbox (no gateway configured)',
      );
      return { outcome: 'dev' };
    }
    const attempt = row.attempts + 1;
    const started = performance.now();
    const at = ctx.clock();
    let error: string | null = null;
    // A push subscription the push service no longer knows (404/410) is gone for good: no retry.
    let gone = false;
    try {
      const outgoing: OutgoingMessage = {
        destination: row.destination,
        subject: message.subject,
        text: message.text,
        link: message.link,
      };
      if (row.channel === 'push') {
        const subscription = await getPushSubscription(tx, row.destination);
        if (!subscription) throw new DeliveryError('the push subscription was removed', 410);
        await delivery.transports.push(outgoing, { p256dh: subscription.p256dh, auth: subscription.auth });
      } else {
        await delivery.transports[row.channel]?.(outgoing);
      }
    } catch (err) {
      error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      gone = row.channel === 'push' && err instanceof DeliveryError && (err.status === 404 || err.status === 410);
    }
    if (gone) await deletePushEndpoint(tx, row.destination);
    const durationMs = Math.round(performance.now() - started);
    await recordAttempt(tx, { outboxId, attempt, at, channel: row.channel, ok: error === null, error, durationMs });
    await updateOutboxRow(tx, outboxId, {
      status: error === null ? 'sent' : gone ? 'dead' : 'failed',
      attempts: attempt,
      subject: message.subject,
      body: message.text,
      sentAt: error === null ? ctx.clock() : null,
      lastError: error,
    });
    // A refused message is a warning: it shows at the default log level.
    ctx.log[error === null ? 'info' : 'warn'](
      { outboxId, channel: row.channel, attempt, ok: error === null, durationMs, error },
      error === null ? 'message sent' : 'message not sent',
    );
    if (error === null) return { outcome: 'sent' };
    return gone ? { outcome: 'dead' } : { outcome: 'failed', error };
  });
  // Thrown after the commit, so the attempt stays logged while pg-boss schedules the retry.
  if (result.outcome === 'failed') throw new Error(result.error);
  return result.outcome;
}

/** A delivery that ran out of retries (notify.dead): its row is marked dead unless it went out. */
export async function markNoticeDead(ctx: Context, outboxId: number): Promise<void> {
  if (await markOutboxDead(ctx.db, outboxId)) ctx.log.info({ outboxId }, 'message dead-lettered after its retries');
}
