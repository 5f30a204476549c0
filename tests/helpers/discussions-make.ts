import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import * as s from '../../db/schema/index.ts';
import {
  type Basis,
  type DiscussionKind,
  type DiscussionStatus,
  defaultSchedule,
  type ProposalStatus,
  type Schedule,
} from '../../dispatch/discussions.ts';
import { addDays, type LocalDate, localDate } from '../../dispatch/eservices.ts';
import { type Territory, territoryBox, territoryCentre, whereInTerritory } from '../../dispatch/territory.ts';

/*
 * Test data of public discussions written straight into the tables (no HTTP): a discussion in any
 * status with its territory's buildings, a document, a proposal with its author's personal data, a
 * verified identity. For the access matrix and for readers that need records in every state.
 */

const uid = () => randomBytes(4).toString('hex');

/** A square territory of `half` degrees around a point. */
export function squareTerritory(lon: number, lat: number, half = 0.005): Territory {
  return {
    areas: [
      {
        outer: [
          [lon - half, lat - half],
          [lon + half, lat - half],
          [lon + half, lat + half],
          [lon - half, lat + half],
        ],
        holes: [],
      },
    ],
    plots: [],
  };
}

/**
 * A schedule whose proposals period is open today (local Europe/Moscow), or ahead / past for
 * other statuses: the notice a week before the exposition, which runs 14 days around today.
 */
export function scheduleFor(status: DiscussionStatus, today = localDate(new Date(), 'Europe/Moscow')): Schedule {
  const shift: Record<DiscussionStatus, number> = {
    draft: 3,
    announced: -3,
    open: -14,
    closed: -40,
    protocol: -45,
    concluded: -60,
    cancelled: -14,
  };
  const noticeOn: LocalDate = addDays(today, shift[status]);
  const s = defaultSchedule(noticeOn, 14);
  if (status === 'open') {
    // Proposals taken from before today to after it, whatever the calendar does around them.
    return {
      ...s,
      expositionTo: addDays(today, 7),
      proposalsTo: addDays(today, 7),
      protocolBy: addDays(today, 14),
      conclusionBy: addDays(today, 21),
    };
  }
  return s;
}

export function discussionMakers(db: Database) {
  return {
    async discussion(
      municipalityId: number,
      organiserId: number,
      createdBy: number,
      opts: {
        status?: DiscussionStatus;
        territory?: Territory;
        kind?: DiscussionKind;
        schedule?: Schedule;
        title?: string;
        /** Buildings to list beside those the territory holds. */
        listed?: number[];
      } = {},
    ) {
      const status = opts.status ?? 'open';
      const territory = opts.territory ?? squareTerritory(49.12, 55.79);
      const schedule = opts.schedule ?? scheduleFor(status);
      const box = territoryBox(territory) as [number, number, number, number];
      const centre = territoryCentre(territory) as [number, number];
      const title = opts.title ?? `Проект планировки ${uid()}`;
      const stamp = (reached: boolean) => (reached ? new Date() : null);
      const order: DiscussionStatus[] = ['draft', 'announced', 'open', 'closed', 'protocol', 'concluded'];
      const reached = (st: DiscussionStatus) => order.indexOf(status) >= order.indexOf(st) && status !== 'cancelled';
      const [d] = await db
        .insert(s.discussions)
        .values({
          municipalityId,
          number: `ПС-T-${uid()}`,
          kind: opts.kind ?? 'planning_project',
          organiserId,
          status,
          title: { ru: title, en: title, tt: title },
          summary: { ru: 'Размещение жилой застройки и сквера', en: 'Housing and a square', tt: 'Торак һәм скверу' },
          expositionPlace: 'ул. Баумана, 2, каб. 101, пн–пт 9:00–18:00',
          territory,
          west: box[0],
          south: box[1],
          east: box[2],
          north: box[3],
          centreLon: centre[0],
          centreLat: centre[1],
          ...schedule,
          announcedAt: stamp(reached('announced') || status === 'cancelled'),
          openedAt: stamp(reached('open')),
          closedAt: stamp(reached('closed')),
          protocolSignedAt: stamp(reached('protocol')),
          concludedAt: stamp(reached('concluded')),
          cancelledAt: stamp(status === 'cancelled'),
          cancelReason: status === 'cancelled' ? 'Проект отозван разработчиком' : null,
          createdBy,
        })
        .returning();
      await this.placeBuildings(d.id, municipalityId, territory, opts.listed ?? []);
      return d;
    },

    /** The buildings of the municipality the territory holds (by the rule of dispatch/territory.ts), and the listed ones. */
    async placeBuildings(discussionId: number, municipalityId: number, territory: Territory, listed: number[]) {
      const rows = await db
        .select({
          id: s.buildings.id,
          x: sql<number>`(${s.buildings.location})[0]`,
          y: sql<number>`(${s.buildings.location})[1]`,
        })
        .from(s.buildings)
        .where(eq(s.buildings.municipalityId, municipalityId));
      const inside = rows.filter((b) => whereInTerritory([b.x, b.y], territory) !== 'outside').map((b) => b.id);
      const values = [
        ...inside.map((buildingId) => ({ discussionId, buildingId, via: 'territory' as const })),
        ...listed
          .filter((id) => !inside.includes(id))
          .map((buildingId) => ({ discussionId, buildingId, via: 'listed' as const })),
      ];
      if (values.length > 0) await db.insert(s.discussionBuildings).values(values);
      return inside;
    },

    async document(discussionId: number, uploadedBy: number, opts: { title?: string; storagePath?: string } = {}) {
      const [doc] = await db
        .insert(s.discussionDocuments)
        .values({
          discussionId,
          title: opts.title ?? 'Проект планировки: основная часть',
          name: 'project.pdf',
          sha256: randomBytes(32).toString('hex'),
          mediaType: 'application/pdf',
          size: 1234,
          storagePath: opts.storagePath ?? `discussions/${uid()}.pdf`,
          uploadedBy,
        })
        .returning();
      return doc;
    },

    async proposal(
      discussionId: number,
      authorId: number,
      opts: {
        status?: ProposalStatus;
        body?: string;
        author?: { fullName: string; birthDate?: string; address: string; bases?: Basis[] };
        rejectReason?: string;
        point?: [number, number];
      } = {},
    ) {
      const [{ n }] = await db
        .select({ n: sql<number>`coalesce(max(${s.proposals.number}), 0) + 1` })
        .from(s.proposals)
        .where(eq(s.proposals.discussionId, discussionId));
      const status = opts.status ?? 'submitted';
      const [p] = await db
        .insert(s.proposals)
        .values({
          discussionId,
          number: Number(n),
          authorId,
          body: opts.body ?? 'Прошу сохранить сквер у дома и добавить детскую площадку.',
          lon: opts.point?.[0] ?? null,
          lat: opts.point?.[1] ?? null,
          status,
          rejectReason: status === 'rejected' ? (opts.rejectReason ?? 'Не относится к предмету обсуждения') : null,
          moderatedAt: status === 'submitted' ? null : new Date(),
        })
        .returning();
      const author = opts.author ?? { fullName: 'Участник Тестовый', address: 'г. Казань, ул. Баумана, д. 1' };
      await db.insert(s.proposalAuthors).values({
        proposalId: p.id,
        fullName: author.fullName,
        birthDate: author.birthDate ?? '1980-05-17',
        address: author.address,
        bases: author.bases ?? [{ kind: 'registration', address: author.address }],
      });
      return p;
    },

    /** A verified identity, as a sign-in with the identity provider would leave it. */
    async identity(
      userId: number,
      opts: {
        fullName?: string;
        birthDate?: string;
        address?: string;
        buildingId?: number | null;
        phone?: string;
      } = {},
    ) {
      const [row] = await db
        .insert(s.verifiedIdentities)
        .values({
          userId,
          provider: 'esia',
          issuer: 'https://esia.test',
          subject: `sub-${uid()}`,
          fullName: opts.fullName ?? 'Хабибуллин Марат Ренатович',
          birthDate: opts.birthDate ?? '1979-03-02',
          registrationAddress: opts.address ?? 'г. Казань, ул. Баумана, д. 1',
          registrationBuildingId: opts.buildingId ?? null,
          phone: opts.phone ?? null,
        })
        .onConflictDoUpdate({
          target: s.verifiedIdentities.userId,
          set: {
            registrationBuildingId: opts.buildingId ?? null,
            registrationAddress: opts.address ?? 'г. Казань, ул. Баумана, д. 1',
          },
        })
        .returning();
      return row;
    },
  };
}
