import type { listTriage } from '../../db/queries/sla.ts';
import type { QueueBase } from './schemas.ts';

type QueueRow = Pick<
  Awaited<ReturnType<typeof listTriage>>['rows'][number],
  | 'id'
  | 'number'
  | 'status'
  | 'priority'
  | 'addressText'
  | 'category'
  | 'createdAt'
  | 'responseDueAt'
  | 'resolutionDueAt'
>;

/** What every queue shows of an appeal. */
export const queueBaseOf = (r: QueueRow): QueueBase => ({
  id: r.id,
  number: r.number,
  status: r.status,
  priority: r.priority,
  address: r.addressText,
  category: r.category,
  createdAt: r.createdAt.toISOString(),
});

export const dueTimesOf = (r: QueueRow) => ({
  responseDueAt: r.responseDueAt?.toISOString() ?? null,
  resolutionDueAt: r.resolutionDueAt?.toISOString() ?? null,
});
