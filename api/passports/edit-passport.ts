/** Editing a passport by form: the whole of it, or some fields; each changed field recorded. */
import { getPassport, savePassports, type StoredPassport } from '../../db/queries/passports.ts';
import {
  checkPassport,
  diffPassport,
  mergePassport,
  normalisePassport,
  type Passport,
} from '../../dispatch/passport.ts';
import { can } from '../../dispatch/permissions.ts';
import { type Context, inTransaction } from '../context.ts';
import { Conflict, NotFound, Unprocessable } from '../errors.ts';
import { fullPassportView, resourceOf } from './read-passport.ts';
import type { EditBody } from './schemas.ts';

function rulesOrThrow(passport: Passport, now: Date, prefix: string) {
  const found = checkPassport(passport, now);
  if (found.length > 0) {
    throw new Unprocessable(
      { id: 'passport.invalid' },
      found.map((p) => ({ field: `${prefix}${p.field}`, reason: p.reason })),
    );
  }
}

/** Save a passport under the building's row lock when the version still matches: the change rows with it. */
async function editPassport(
  ctx: Context,
  buildingId: number,
  version: number,
  change: (current: Passport) => Passport,
): Promise<StoredPassport> {
  const actor = ctx.actor!;
  const now = ctx.clock();
  return inTransaction(ctx, async (tx) => {
    const stored = await getPassport(tx.db, buildingId, { forUpdate: true });
    if (!stored || !can(actor, 'passport.edit', resourceOf(stored))) throw new NotFound('building');
    if (stored.version !== version) {
      throw new Conflict(
        { id: 'passport.changed_meanwhile' },
        {
          currentVersion: stored.version,
        },
      );
    }
    const next = change(stored.passport);
    rulesOrThrow(next, now, 'body.passport.');
    const changes = diffPassport(stored.passport, next);
    if (changes.length === 0) return stored;
    await savePassports(tx.db, [{ buildingId, passport: next, changes }], {
      actorId: actor.userId,
      source: 'form',
      now,
    });
    return (await getPassport(tx.db, buildingId))!;
  });
}

/** Replace the whole passport: fields left out become empty. */
export async function replacePassport(ctx: Context, buildingId: number, { version, passport }: EditBody) {
  const saved = await editPassport(ctx, buildingId, version, () => normalisePassport({}, passport));
  return fullPassportView(ctx, saved);
}

/** Change only the fields given: objects merge field by field, lists are replaced whole, null clears. */
export async function patchPassport(ctx: Context, buildingId: number, { version, passport }: EditBody) {
  const saved = await editPassport(ctx, buildingId, version, (current) => mergePassport(current, passport));
  return fullPassportView(ctx, saved);
}
