import { violatedUniqueConstraint } from '../../db/queries/admin-directory.ts';
import { type FieldProblem, HttpProblem } from '../errors.ts';

/** Unique constraints of a record type → the field whose value is taken and why. */
export type UniqueFields = Record<string, [field: string, reason: FieldProblem['reason']]>;

/** An HTTP 409 naming the field whose value is taken. */
export const taken = (field: string, reason: FieldProblem['reason']) =>
  new HttpProblem(409, 'conflict', { id: 'directory.value_taken' }, { errors: [{ field, reason }] });

/** Run a write; a violated unique constraint listed in `fields` becomes a 409 naming its field. */
export async function uniquely<T>(work: () => Promise<T>, fields: UniqueFields): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const constraint = violatedUniqueConstraint(err);
    const hit = constraint === null ? undefined : fields[constraint];
    if (hit) throw taken(hit[0], hit[1]);
    throw err;
  }
}

/** The municipality the acting admin keeps the directory of (the route's access let only admins in). */
export function municipalityOf(actor: { municipalityId: number } | null): number {
  if (!actor) throw new Error('the directory needs a signed-in actor');
  return actor.municipalityId;
}
