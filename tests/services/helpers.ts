import type { Context } from '../../api/context.ts';
import type { Role } from '../../db/schema/index.ts';
import type { TestApp } from '../helpers/app.ts';

/** A service's context over the test app's database and boss, acting as this user. */
export function actingAs(
  t: TestApp,
  user: { id: number; role: Role; municipalityId: number; organisationId: number | null },
): Context {
  return {
    db: t.db,
    boss: t.boss,
    clock: () => new Date(),
    actor: {
      userId: user.id,
      role: user.role,
      municipalityId: user.municipalityId,
      organisationId: user.organisationId,
    },
    log: { info() {}, warn() {}, error() {}, debug() {} },
  };
}
