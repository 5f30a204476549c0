/**
 * Public discussions of the demo city (issue 17), organised by Kazan's Department of Architecture
 * and Urban Planning (УАиГ, organisation 'uaig'; its logins uaig.head and uaig.staff come with the
 * city): six projects on real Kazan streets, each territory drawn around a seeded building — one
 * open now with about thirty proposals in every state, one announced (opening next week), one closed
 * awaiting moderation, two concluded with their protocol, recommendations and conclusion (the
 * archive), one cancelled. Residents get verified identities (registration inside the open one's
 * territory, and some outside); the open territory is drawn around the building with the most
 * confirmed apartment links, so a few take part through those. Each discussion has its notice as a
 * PDF in the uploads directory. Written after the apartments' links, in one transaction, set-based.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { noticePdf } from '../../api/protocols/pdf.ts';
import {
  type Basis,
  type DiscussionKind,
  type DiscussionStatus,
  defaultSchedule,
  type Recommendation,
  type Schedule,
} from '../../dispatch/discussions.ts';
import { addDays, localDate } from '../../dispatch/eservices.ts';
import { ruDate } from '../../dispatch/protocols.ts';
import type { Territory } from '../../dispatch/territory.ts';
import type { Database, Db } from '../client.ts';
import * as s from '../schema/index.ts';
import { Random } from './random.ts';

const DAY = 86_400_000;

type Plan = {
  status: DiscussionStatus;
  kind: DiscussionKind;
  /** The street the territory is drawn on; the open one takes the building with the most confirmed links. */
  street: string | null;
  /** Days from today to the notice. */
  noticeIn: number;
  title: (street: string) => string;
  summary: string;
  proposals: number;
};

/** The six projects: the texts are the kind Kazan's department publishes. */
const PLANS: Plan[] = [
  {
    status: 'open',
    kind: 'planning_project',
    street: null,
    noticeIn: -12,
    title: (st) => `Проект планировки территории квартала у ${st}: школа на 1 100 мест и сквер`,
    summary:
      'Размещение общеобразовательной школы на 1 100 мест, реконструкция внутриквартальных проездов, сквер с детской и спортивной площадками, парковка на 120 мест.',
    proposals: 30,
  },
  {
    status: 'announced',
    kind: 'land_survey_project',
    street: 'ул. Чистопольская',
    noticeIn: -1,
    title: (st) => `Проект межевания территории жилого квартала по ${st}`,
    summary: 'Образование земельных участков под многоквартирными домами и территорией общего пользования.',
    proposals: 0,
  },
  {
    status: 'closed',
    kind: 'planning_project',
    street: 'пр. Победы',
    noticeIn: -24,
    title: (st) => `Проект планировки территории в районе ${st}: транспортно-пересадочный узел`,
    summary: 'Транспортно-пересадочный узел у станции метро, перехватывающая парковка, пешеходные переходы.',
    proposals: 12,
  },
  {
    status: 'concluded',
    kind: 'planning_project',
    street: 'ул. Академика Сахарова',
    noticeIn: -75,
    title: (st) => `Проект планировки территории по ${st}: благоустройство набережной`,
    summary: 'Благоустройство прибрежной полосы, велодорожка, смотровые площадки, освещение.',
    proposals: 9,
  },
  {
    status: 'concluded',
    kind: 'land_survey_project',
    street: 'пр. Ямашева',
    noticeIn: -140,
    title: (st) => `Проект межевания территории квартала по ${st}`,
    summary: 'Границы земельных участков многоквартирных домов и внутриквартальной территории.',
    proposals: 7,
  },
  {
    status: 'cancelled',
    kind: 'planning_project',
    street: 'ул. Баумана',
    noticeIn: -40,
    title: (st) => `Проект планировки территории в историческом центре: ${st}`,
    summary: 'Реконструкция пешеходной зоны и размещение гостиницы.',
    proposals: 0,
  },
];

const PROPOSAL_TEXTS = [
  'Прошу сохранить сквер во дворе и все взрослые деревья, школу разместить на месте гаражей.',
  'Нужен регулируемый пешеходный переход к школе и освещение вдоль тротуара.',
  'Парковку на 120 мест сделать подземной, во дворах оставить детские площадки.',
  'Предлагаю предусмотреть велодорожку вдоль улицы и стоянку для велосипедов у школы.',
  'Просим учесть шум от стройки: работы вести только днём, с 8 до 20 часов, и не в выходные.',
  'Добавить в проект поликлинику или хотя бы кабинет врача общей практики.',
  'Спортивную площадку сделать с резиновым покрытием и ограждением, отдельно от детской.',
  'Сквер назвать в честь учителей школы № 39, там же поставить скамейки и урны.',
  'Внутриквартальный проезд сделать односторонним, чтобы не было транзита машин.',
  'Прошу предусмотреть пандусы и понижение бордюров для колясок и маломобильных жителей.',
];
const OFF_TOPIC = ['Когда отремонтируют крышу в нашем доме?', 'Продам гараж, недорого.'];
const REJECT_REASON = 'Не относится к предмету общественных обсуждений: обращение передано в управляющую компанию.';

type Ctx = {
  db: Db;
  municipalityId: number;
  organiserId: number;
  headId: number;
  staffId: number;
  today: string;
  now: Date;
};

function scheduleFor(plan: Plan, today: string): Schedule {
  return defaultSchedule(addDays(today, plan.noticeIn), 14);
}

/** A rectangle of about 500 × 440 m around a point (Kazan's latitude). */
function territoryAround(lon: number, lat: number): Territory {
  const dx = 0.004;
  const dy = 0.002;
  return {
    areas: [
      {
        outer: [
          [lon - dx, lat - dy],
          [lon + dx, lat - dy],
          [lon + dx, lat + dy],
          [lon - dx, lat + dy],
        ],
        holes: [],
      },
    ],
    plots: [],
  };
}

/** The building the open territory is drawn around: the most confirmed apartment links of the city. */
async function anchorOf(c: Ctx, street: string | null) {
  const rows = street
    ? await c.db.execute<{ id: number; x: number; y: number; street: string }>(sql`
        select id, location[0] as x, location[1] as y, street from buildings
        where municipality_id = ${c.municipalityId} and street = ${street} order by id limit 1`)
    : await c.db.execute<{ id: number; x: number; y: number; street: string }>(sql`
        select b.id, b.location[0] as x, b.location[1] as y, b.street from buildings b
        join apartments a on a.building_id = b.id join apartment_links l on l.apartment_id = a.id and l.status = 'confirmed'
        where b.municipality_id = ${c.municipalityId} group by b.id order by count(*) desc, b.id limit 1`);
  if (rows[0]) return rows[0];
  const [any] = await c.db.execute<{ id: number; x: number; y: number; street: string }>(sql`
    select id, location[0] as x, location[1] as y, street from buildings where municipality_id = ${c.municipalityId} order by id limit 1`);
  return any;
}

/** When each step was taken: the schedule's dates at 9:00 Moscow time. */
const at = (day: string, hour = 9) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 3) * 3_600_000);

function stamps(status: DiscussionStatus, sc: Schedule) {
  const reached = (st: DiscussionStatus) =>
    ['announced', 'open', 'closed', 'protocol', 'concluded'].indexOf(status) >=
    ['announced', 'open', 'closed', 'protocol', 'concluded'].indexOf(st);
  const cancelled = status === 'cancelled';
  return {
    announcedAt: at(sc.noticeOn),
    openedAt: reached('open') || cancelled ? at(sc.expositionFrom, 0) : null,
    closedAt: reached('closed') && !cancelled ? at(addDays(sc.proposalsTo, 1), 0) : null,
    protocolSignedAt: reached('protocol') && !cancelled ? at(sc.protocolBy, 15) : null,
    concludedAt: reached('concluded') && !cancelled ? at(sc.conclusionBy, 12) : null,
    cancelledAt: cancelled ? at(addDays(sc.expositionFrom, 3), 11) : null,
  };
}

export type DiscussionSeedSummary = { discussions: number; proposals: number; identities: number; documents: number };

/** Load the demo discussions (nothing when Kazan or its department of architecture is missing). */
export async function seedDiscussions(
  db: Database,
  opts: { seed: number; now: Date; uploadsDir?: string },
): Promise<DiscussionSeedSummary> {
  return db.transaction(async (tx) => {
    const [org] = await tx.execute<{
      municipality_id: number;
      id: number;
      head: string;
      staff: string;
      tz: string;
    }>(sql`
      select o.municipality_id, o.id, m.time_zone as tz,
        (select id from users where login = 'uaig.head') as head, (select id from users where login = 'uaig.staff') as staff
      from organisations o join municipalities m on m.id = o.municipality_id and m.code = 'KZN' where o.code = 'uaig'`);
    if (!org?.head || !org.staff) return { discussions: 0, proposals: 0, identities: 0, documents: 0 };
    const c: Ctx = {
      db: tx,
      municipalityId: org.municipality_id,
      organiserId: org.id,
      headId: Number(org.head),
      staffId: Number(org.staff),
      today: localDate(opts.now, org.tz),
      now: opts.now,
    };
    const rng = new Random(opts.seed, 'discussions');
    const made = [];
    let n = 0;
    for (const plan of PLANS) made.push(await insertDiscussion(c, plan, ++n));
    await tx.execute(sql`
      insert into discussion_numbers (municipality_id, year, last)
      select ${c.municipalityId}, split_part(number, '-', 2)::int, max(split_part(number, '-', 3)::int)
      from discussions where municipality_id = ${c.municipalityId} group by 2
      on conflict (municipality_id, year) do update set last = greatest(discussion_numbers.last, excluded.last)`);
    const identities = await seedIdentities(c, made[0].id, rng);
    let proposals = 0;
    for (const [i, d] of made.entries()) proposals += await seedProposals(c, d, PLANS[i], rng);
    const documents = opts.uploadsDir ? await seedNotices(c, made, opts.uploadsDir) : 0;
    return { discussions: made.length, proposals, identities, documents };
  });
}

async function insertDiscussion(c: Ctx, plan: Plan, n: number) {
  const anchor = await anchorOf(c, plan.street);
  const territory = territoryAround(anchor.x, anchor.y);
  const [west, south, east, north] = [anchor.x - 0.004, anchor.y - 0.002, anchor.x + 0.004, anchor.y + 0.002];
  const sc = scheduleFor(plan, c.today);
  const title = plan.title(anchor.street);
  const st = stamps(plan.status, sc);
  const [d] = await c.db
    .insert(s.discussions)
    .values({
      municipalityId: c.municipalityId,
      number: `ПС-${sc.noticeOn.slice(0, 4)}-${String(n).padStart(2, '0')}`,
      kind: plan.kind,
      organiserId: c.organiserId,
      status: plan.status,
      title: { ru: title, en: title, tt: title },
      summary: { ru: plan.summary, en: plan.summary, tt: plan.summary },
      expositionPlace: 'ул. Баумана, д. 58 (УАиГ), холл 1-го этажа, пн–пт 9:00–18:00',
      territory,
      west,
      south,
      east,
      north,
      centreLon: anchor.x,
      centreLat: anchor.y,
      ...sc,
      ...st,
      cancelReason: plan.status === 'cancelled' ? 'Проект отозван заказчиком на доработку' : null,
      conclusionText:
        plan.status === 'concluded'
          ? {
              ru: 'Общественные обсуждения признать состоявшимися. Проект рекомендовать к утверждению с учётом предложений, которые рекомендовано учесть.',
              en: 'The public discussion took place. The project is recommended for approval, taking into account the proposals recommended.',
              tt: 'Җәмәгать тикшерүләре узды дип танырга. Проектны тәкъдимнәрне исәпкә алып расларга тәкъдим итәргә.',
            }
          : null,
      createdBy: c.headId,
      createdAt: at(addDays(sc.noticeOn, -5)),
      updatedAt:
        st.concludedAt ?? st.cancelledAt ?? st.protocolSignedAt ?? st.closedAt ?? st.openedAt ?? st.announcedAt,
    })
    .returning();
  // The territory is a rectangle: its buildings are those whose point lies in it, the border counted in.
  await c.db.execute(sql`
    insert into discussion_buildings (discussion_id, building_id, via)
    select ${d.id}, id, 'territory' from buildings
    where municipality_id = ${c.municipalityId} and location[0] between ${west} and ${east} and location[1] between ${south} and ${north}`);
  await stepEvents(c, d.id, plan.status, st);
  return d;
}

async function stepEvents(c: Ctx, id: number, status: DiscussionStatus, st: ReturnType<typeof stamps>) {
  const steps: [string, string | null, string, Date | null, number | null, string | null][] = [
    ['announce', 'draft', 'announced', st.announcedAt, c.headId, null],
    ['open', 'announced', 'open', st.openedAt, null, null],
    ['close', 'open', 'closed', st.closedAt, null, null],
    ['sign_protocol', 'closed', 'protocol', st.protocolSignedAt, c.headId, null],
    ['publish_conclusion', 'protocol', 'concluded', st.concludedAt, c.headId, null],
    ['cancel', 'open', 'cancelled', st.cancelledAt, c.headId, 'Проект отозван заказчиком на доработку'],
  ];
  const rows = steps
    .filter(([, , , when]) => when !== null)
    .map(([step, fromStatus, toStatus, when, actorId, reason]) => ({
      discussionId: id,
      step: step as 'announce',
      fromStatus,
      toStatus,
      actorId,
      reason,
      at: when!,
    }));
  if (status !== 'draft') await c.db.insert(s.discussionEvents).values(rows);
}

const birthDate = (rng: Random) =>
  `${rng.int(1946, 2005)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;

/**
 * Verified identities: the first demo resident and 24 more registered on the open territory; the
 * second demo resident and the rest outside it, on the other discussions' territories (they took
 * part there; in the open one they are refused, with the reason).
 */
async function seedIdentities(c: Ctx, openId: number, rng: Random): Promise<number> {
  const inside = await c.db.execute<{ id: number; address: string }>(sql`
    select b.id, b.address from discussion_buildings db join buildings b on b.id = db.building_id
    where db.discussion_id = ${openId} order by b.id`);
  // Outside the open one: on the other discussions' territories (they take part there), else anywhere.
  const outside = await c.db.execute<{ id: number; address: string }>(sql`
    (select b.id, b.address from discussion_buildings db join buildings b on b.id = db.building_id
     join discussions d on d.id = db.discussion_id and d.status in ('closed', 'concluded')
     where b.id not in (select building_id from discussion_buildings where discussion_id = ${openId}) order by d.id, b.id)
    union all
    (select id, address from buildings where municipality_id = ${c.municipalityId}
     and id not in (select building_id from discussion_buildings) order by id limit 5)`);
  const residents = await c.db.execute<{ id: string; full_name: string; phone: string | null }>(sql`
    select u.id, p.full_name, p.phone from users u join user_personal p on p.user_id = u.id
    where u.role = 'resident' and u.municipality_id = ${c.municipalityId} and p.full_name is not null
    order by (p.phone like '+7917000000%') desc, p.phone, u.id limit 50`);
  if (inside.length === 0 || residents.length < 2) return 0;
  // Demo residents first (+79170000001 inside, +79170000002 outside), then the others.
  const order = [residents[0], ...residents.slice(2, 26), residents[1], ...residents.slice(26)];
  const rows = order.map((r, i) => {
    const home = i < 25 ? inside[i % inside.length] : (outside[(i - 25) % Math.max(outside.length, 1)] ?? inside[0]);
    const apartment = String(rng.int(1, 180));
    return {
      userId: Number(r.id),
      provider: 'esia',
      issuer: 'https://esia.gosuslugi.ru/',
      subject: `demo-${r.id}`,
      fullName: r.full_name,
      birthDate: birthDate(rng),
      registrationAddress: `г. Казань, ${home.address}, кв. ${apartment}`,
      registrationBuildingId: home.id,
      registrationApartment: apartment,
      phone: r.phone,
      verifiedAt: new Date(c.now.getTime() - rng.int(1, 200) * DAY),
    };
  });
  await c.db.insert(s.verifiedIdentities).values(rows).onConflictDoNothing();
  return rows.length;
}

/** Who may take part in the open discussion: identities on its territory and confirmed links there. */
async function participants(c: Ctx, openId: number) {
  return c.db.execute<{
    user_id: string;
    full_name: string;
    birth_date: string | null;
    address: string;
    kind: string;
    apartment: string | null;
  }>(sql`
    select v.user_id, v.full_name, v.birth_date::text, v.registration_address as address, 'registration' as kind, null as apartment
    from verified_identities v join discussion_buildings db on db.building_id = v.registration_building_id and db.discussion_id = ${openId}
    union all
    select l.user_id, coalesce(p.full_name, 'Житель'), null, 'г. Казань, ' || b.address, 'apartment', a.number
    from apartment_links l join apartments a on a.id = l.apartment_id join buildings b on b.id = a.building_id
    join discussion_buildings db on db.building_id = b.id and db.discussion_id = ${openId}
    left join user_personal p on p.user_id = l.user_id
    where l.status = 'confirmed' and not exists (select 1 from verified_identities v where v.user_id = l.user_id)
    order by 1`);
}

type Made = typeof s.discussions.$inferSelect;

/** The status of the i-th of n proposals of a discussion in this status. */
function proposalStatus(status: DiscussionStatus, i: number): 'submitted' | 'accepted' | 'rejected' {
  if (status === 'open') return i % 3 === 0 ? 'submitted' : i % 7 === 6 ? 'rejected' : 'accepted';
  if (status === 'closed') return i < 8 ? 'submitted' : i === 11 ? 'rejected' : 'accepted';
  return i % 5 === 4 ? 'rejected' : 'accepted';
}

async function seedProposals(c: Ctx, d: Made, plan: Plan, rng: Random): Promise<number> {
  if (plan.proposals === 0) return 0;
  const people = await participants(c, d.id);
  const pool = people.length > 0 ? people : await participants(c, (await firstOpen(c)) ?? d.id);
  if (pool.length === 0) return 0;
  const from = Date.parse(`${d.proposalsFrom}T06:00:00Z`);
  const until = Math.min(Date.parse(`${d.proposalsTo}T18:00:00Z`), c.now.getTime() - 3_600_000);
  const rows = Array.from({ length: plan.proposals }, (_, i) => {
    const status = proposalStatus(plan.status, i);
    const author = pool[i % pool.length];
    const body = status === 'rejected' ? rng.pick(OFF_TOPIC) : PROPOSAL_TEXTS[i % PROPOSAL_TEXTS.length];
    const recommendation: Recommendation | null =
      plan.status === 'concluded' && status === 'accepted' ? (i % 3 === 2 ? 'decline' : 'take_into_account') : null;
    return {
      discussionId: d.id,
      number: i + 1,
      authorId: Number(author.user_id),
      body,
      status,
      rejectReason: status === 'rejected' ? REJECT_REASON : null,
      moderatedBy: status === 'submitted' ? null : c.staffId,
      moderatedAt: status === 'submitted' ? null : new Date(Math.min(until + DAY, c.now.getTime())),
      recommendation,
      recommendationReason:
        recommendation === 'take_into_account'
          ? 'Предложение соответствует целям проекта; будет учтено при доработке.'
          : recommendation === 'decline'
            ? 'Противоречит нормативам градостроительного проектирования г. Казани.'
            : null,
      submittedAt: new Date(from + ((until - from) * (i + 1)) / (plan.proposals + 1)),
    };
  });
  const inserted = await c.db
    .insert(s.proposals)
    .values(rows)
    .returning({ id: s.proposals.id, number: s.proposals.number });
  await c.db.insert(s.proposalAuthors).values(
    inserted.map((p, i) => {
      const a = pool[i % pool.length];
      const bases: Basis[] =
        a.kind === 'registration'
          ? [{ kind: 'registration', address: a.address }]
          : [{ kind: 'apartment', address: a.address, apartment: a.apartment ?? '' }];
      return { proposalId: p.id, fullName: a.full_name, birthDate: a.birth_date, address: a.address, bases };
    }),
  );
  await c.db.insert(s.discussionEvents).values(
    inserted.map((p, i) => ({
      discussionId: d.id,
      proposalId: p.id,
      step: 'submitted' as const,
      actorId: rows[i].authorId,
      toStatus: 'submitted',
      at: rows[i].submittedAt,
    })),
  );
  return inserted.length;
}

async function firstOpen(c: Ctx): Promise<number | null> {
  const [row] = await c.db.execute<{ id: number }>(sql`
    select id from discussions where municipality_id = ${c.municipalityId} and status = 'open' order by id limit 1`);
  return row ? Number(row.id) : null;
}

/** Each discussion's notice as a PDF in the uploads directory, and its document row. */
async function seedNotices(c: Ctx, made: Made[], uploadsDir: string): Promise<number> {
  await mkdir(path.join(uploadsDir, 'discussions'), { recursive: true });
  const rows = [];
  for (const d of made) {
    const bytes = await noticePdf({
      number: d.number,
      title: d.title.ru,
      summary: d.summary.ru,
      organiser: 'МКУ «Управление архитектуры и градостроительства Исполнительного комитета г. Казани»',
      lines: [
        {
          label: 'Экспозиция',
          value: `с ${ruDate(d.expositionFrom)} по ${ruDate(d.expositionTo)}, ${d.expositionPlace}`,
        },
        { label: 'Приём предложений', value: `с ${ruDate(d.proposalsFrom)} по ${ruDate(d.proposalsTo)}` },
        { label: 'Где участвовать', value: 'платформа «Отклик», раздел «Общественные обсуждения»' },
      ],
    });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const storagePath = `discussions/${sha256}.pdf`;
    await writeFile(path.join(uploadsDir, storagePath), bytes);
    rows.push({
      discussionId: d.id,
      title: 'Оповещение о начале общественных обсуждений',
      name: `opoveshchenie-${d.id}.pdf`,
      sha256,
      mediaType: 'application/pdf',
      size: bytes.length,
      storagePath,
      position: 0,
      uploadedBy: c.headId,
      createdAt: d.announcedAt ?? c.now,
    });
  }
  await c.db.insert(s.discussionDocuments).values(rows);
  return rows.length;
}
