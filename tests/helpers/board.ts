import type { Database } from '../../db/client.ts';
import * as s from '../../db/schema/index.ts';
import type { smallCity } from './make.ts';

type City = Awaited<ReturnType<typeof smallCity>>;

/**
 * Many appeals on the dispatcher's board at once, written straight into the tables (filing a hundred
 * through the API would only slow the test): `triage`, new ones routing found nobody for; `overdue`,
 * ones the management company received at `filedAt` and has held past the city's deadline since.
 */
export async function manyBoardAppeals(
  db: Database,
  c: City,
  n: number,
  list: 'triage' | 'overdue',
  opts: { prefix: string; filedAt: Date; categoryId?: number },
): Promise<{ id: number; number: string }[]> {
  const due = new Date(opts.filedAt.getTime() + 3_600_000);
  const rows = await db
    .insert(s.appeals)
    .values(
      Array.from({ length: n }, (_, i) => ({
        municipalityId: c.city.id,
        number: `${opts.prefix}-${String(i + 1).padStart(4, '0')}`,
        authorId: c.users.resident.id,
        categoryId: opts.categoryId ?? c.roof.id,
        buildingId: c.building.id,
        location: { x: 49.12, y: 55.79 },
        addressText: c.building.address,
        description: `Обращение ${i + 1} для доски диспетчера`,
        priority: 'normal' as const,
        channel: 'web' as const,
        public: true,
        // a second apart, so "the oldest first" has one order
        createdAt: new Date(opts.filedAt.getTime() + i * 1000),
        ...(list === 'triage'
          ? { status: 'new' as const, triageReason: 'no_organisation_of_kind' }
          : { status: 'assigned' as const, assignedOrgId: c.mc.id, responseDueAt: due, resolutionDueAt: due }),
      })),
    )
    .returning({ id: s.appeals.id, number: s.appeals.number });
  if (list === 'overdue') {
    await db.insert(s.appealEvents).values(
      rows.map((r) => ({
        appealId: r.id,
        type: 'assigned',
        fromStatus: 'new' as const,
        toStatus: 'assigned' as const,
        organisationId: c.mc.id,
        payload: { system: 'routing', organisationId: c.mc.id },
        at: opts.filedAt,
      })),
    );
  }
  return rows;
}
