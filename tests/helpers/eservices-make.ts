import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import * as s from '../../db/schema/index.ts';
import type { ServiceStage, TermUnit, Texts } from '../../dispatch/eservices.ts';

/*
 * Test data of municipal e-services written straight into the tables (no HTTP): a service of the
 * catalogue, and an application with its history of stage moves. For statistics and other readers
 * that need applications in every state at chosen instants.
 */

const uid = () => randomBytes(4).toString('hex');
const texts = (ru: string, en = ru, tt = ru): Texts => ({ ru, en, tt });

/** A stage: its code, Russian and English name and own term in working days. */
export function stage(code: string, ru: string, en: string, termDays: number): ServiceStage {
  return { code, name: texts(ru, en), termDays, unit: texts('Отдел', 'Unit') };
}

export type ApplicationSpec = {
  serviceId: number;
  departmentId: number;
  applicantId: number;
  municipalityId: number;
  channel?: 'online' | 'office';
  status: (typeof s.applicationStatus.enumValues)[number];
  /** Absent for a draft. */
  submittedAt?: string;
  termStartOn?: string;
  dueOn?: string | null;
  pauses?: { from: string; to: string | null }[];
  stageIndex?: number;
  decidedAt?: string;
  closedAt?: string;
  /** Stage moves after submission: when, from which stage to which, by which step. */
  moves?: { at: string; from: number | null; to: number | null; step?: string; status?: string }[];
};

export function eserviceMakers(db: Database) {
  return {
    async service(
      municipalityId: number,
      departmentId: number,
      o: { code?: string; ru?: string; en?: string; termDays: number; termUnit: TermUnit; stages: ServiceStage[] },
    ) {
      const [row] = await db
        .insert(s.eservices)
        .values({
          municipalityId,
          departmentId,
          code: o.code ?? `svc-${uid()}`,
          name: texts(o.ru ?? 'Услуга', o.en ?? 'Service', o.ru ?? 'Хезмәт'),
          description: texts('Описание'),
          applicantKinds: ['person'],
          resultKind: 'document',
          termDays: o.termDays,
          termUnit: o.termUnit,
          stages: o.stages,
          refusalGrounds: [],
          collection: texts('Каб. 101'),
        })
        .returning();
      return row;
    },

    /** An application and its events: `created`, `submit` (to stage 0), the moves, and the final step. */
    async application(a: ApplicationSpec) {
      const [row] = await db
        .insert(s.applications)
        .values({
          municipalityId: a.municipalityId,
          serviceId: a.serviceId,
          departmentId: a.departmentId,
          formVersion: 1,
          number: a.submittedAt ? `T-${uid()}` : null,
          applicantId: a.applicantId,
          applicantKind: 'person',
          channel: a.channel ?? 'online',
          status: a.status,
          stageIndex: a.stageIndex ?? 0,
          submittedAt: a.submittedAt ? new Date(a.submittedAt) : null,
          termStartOn: a.termStartOn ?? null,
          dueOn: a.dueOn ?? null,
          pauses: a.pauses ?? [],
          decidedAt: a.decidedAt ? new Date(a.decidedAt) : null,
          closedAt: a.closedAt ? new Date(a.closedAt) : null,
        })
        .returning();
      const events: (typeof s.applicationEvents.$inferInsert)[] = [];
      if (a.submittedAt) {
        events.push({
          applicationId: row.id,
          step: 'submit',
          actorId: a.applicantId,
          fromStatus: 'draft',
          toStatus: 'submitted',
          fromStage: null,
          toStage: 0,
          at: new Date(a.submittedAt),
        });
      }
      for (const m of a.moves ?? []) {
        events.push({
          applicationId: row.id,
          step: (m.step ?? 'advance') as 'advance',
          fromStatus: 'in_progress',
          toStatus: (m.status ?? 'in_progress') as 'in_progress',
          fromStage: m.from,
          toStage: m.to,
          at: new Date(m.at),
        });
      }
      if (events.length > 0) await db.insert(s.applicationEvents).values(events);
      return row;
    },
  };
}
