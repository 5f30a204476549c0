/**
 * Submitting a proposal or remark to a public discussion (issue 17). The gate (api/proposals/
 * eligibility.ts) refused who may not take part and a submission out of the period before the
 * form was read; here the form's files are checked by content (PDF, PNG, JPEG; 415 otherwise),
 * the point must lie in the municipality (422), and the proposal is written under the discussion's
 * row lock: the next number within the discussion (no two alike however many submit at once), its
 * author as identified now (personal data, apart), its files, a `submitted` event and a notice to
 * the participant. The same Idempotency-Key answers the proposal it made.
 */
import { municipalityContains } from '../../db/queries/municipalities.ts';
import {
  announceDiscussionCounts,
  insertProposal,
  type ParticipantFacts,
  proposalByKey,
} from '../../db/queries/proposals.ts';
import { lockDiscussion } from '../../db/queries/discussions.ts';
import type { Basis } from '../../dispatch/discussions.ts';
import { type Context, inTransaction, signedInActor } from '../context.ts';
import { Conflict, HttpProblem, Unprocessable } from '../errors.ts';
import { sniffImage, storeContent, storePhoto } from '../uploads.ts';
import { outOfPeriod, type Participation, takingOf } from './eligibility.ts';
import { notifyProposal, proposalNoticeFacts } from './notices.ts';

export type ProposalInput = { text: string; lon?: number; lat?: number };
/** A file of the form, read whole (the multipart limits refused one over 10 MB with 413). */
export type ProposalUpload = { name: string; bytes: Buffer };
type StoredFile = { name: string; sha256: string; mediaType: string; size: number; storagePath: string };

const isPdf = (bytes: Buffer) => bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-';

/** The type of a file by its content: PDF, PNG or JPEG, else null (a WebP too: drawings and scans only). */
export function sniffProposalFile(bytes: Buffer): 'application/pdf' | 'image/png' | 'image/jpeg' | null {
  if (isPdf(bytes)) return 'application/pdf';
  const image = sniffImage(bytes);
  return image === 'image/png' || image === 'image/jpeg' ? image : null;
}

export function unsupportedFile(field: string): HttpProblem {
  return new HttpProblem(
    415,
    'unsupported-media-type',
    { id: 'proposal.file_type' },
    { errors: [{ field, reason: { id: 'proposal.file_type.reason' } }] },
  );
}

/** Store the files content-addressed; images lose their metadata (EXIF, GPS) as photos do. */
async function storeFiles(uploadsDir: string, files: readonly ProposalUpload[]): Promise<StoredFile[]> {
  const out: StoredFile[] = [];
  for (const [i, f] of files.entries()) {
    const field = `files[${i}]`;
    const type = sniffProposalFile(f.bytes);
    if (!type) throw unsupportedFile(field);
    const name = f.name.slice(0, 200) || `file-${i + 1}`;
    if (type === 'application/pdf') {
      const { sha256, storagePath } = await storeContent(uploadsDir, f.bytes, 'pdf', field);
      out.push({ name, sha256, mediaType: type, size: f.bytes.length, storagePath });
    } else {
      const photo = await storePhoto(uploadsDir, f.bytes, field);
      out.push({
        name,
        sha256: photo.sha256,
        mediaType: photo.mediaType,
        size: photo.size,
        storagePath: photo.storagePath,
      });
    }
  }
  return out;
}

/**
 * Who made the proposal, as the protocol names them (art. 5.1 part 12): the verified identity's
 * name and birth date, the registration address when that is the ground, else the apartment's
 * address (and the account's own name when there is no verified identity).
 */
export function authorOf(facts: ParticipantFacts, bases: Basis[]) {
  const registration = bases.find((b) => b.kind === 'registration');
  const apartment = bases.find((b) => b.kind === 'apartment');
  const address = registration
    ? (facts.identity?.registrationAddress ?? registration.address)
    : apartment
      ? `${apartment.address}, кв. ${apartment.apartment}`
      : '';
  return {
    fullName: facts.identity?.fullName ?? facts.accountName ?? '',
    birthDate: facts.identity?.birthDate ?? null,
    address,
    bases,
  };
}

/** The proposal a key made before: this one again, or a 409 when the key made one in another discussion. */
function answeredBefore(earlier: { id: number; discussionId: number }, discussionId: number) {
  if (earlier.discussionId !== discussionId) throw new Conflict({ id: 'proposal.idempotency_key_reused' });
  return { id: earlier.id, created: false };
}

/**
 * Submit a proposal through the gate `gate` (already passed); returns the proposal's id and whether
 * it was made now (false: the key's earlier proposal).
 */
export async function submitProposal(
  ctx: Context,
  gate: Participation,
  input: ProposalInput,
  files: readonly ProposalUpload[],
  key: string | undefined,
  uploadsDir: string,
): Promise<{ id: number; created: boolean }> {
  const actor = signedInActor(ctx);
  const d = gate.discussion;
  if (key) {
    const earlier = await proposalByKey(ctx.db, actor.userId, key);
    if (earlier) return answeredBefore(earlier, d.id);
  }
  if (input.lon !== undefined && input.lat !== undefined) {
    if (!(await municipalityContains(ctx.db, d.municipalityId, input.lon, input.lat))) {
      throw new Unprocessable({ id: 'proposal.invalid' }, [
        { field: 'body.lon', reason: { id: 'proposal.field.point_outside_city' } },
      ]);
    }
  }
  const stored = await storeFiles(uploadsDir, files);
  if (!gate.result.eligible || !gate.facts) throw new Error('submitProposal: the gate was not passed');
  const author = authorOf(gate.facts, gate.result.bases);
  const notice = await proposalNoticeFacts(ctx, actor.userId, d.municipalityId);
  const made = await inTransaction(ctx, async (tx) => {
    // The row lock orders submissions of one discussion: numbers are given one at a time, and a
    // close or a cancellation waits for the submissions begun before it. Everything that can be
    // read before it was; after it come only the writes.
    const locked = await lockDiscussion(tx.db, d.id);
    if (!locked) throw outOfPeriod(d, 'cancelled');
    const taking = takingOf(locked, tx.clock(), gate.timeZone);
    if (taking !== 'open') throw outOfPeriod(locked, taking);
    const proposal = await insertProposal(
      tx.db,
      {
        discussionId: d.id,
        authorId: actor.userId,
        body: input.text,
        lon: input.lon ?? null,
        lat: input.lat ?? null,
        idempotencyKey: key ?? null,
        at: tx.clock(),
      },
      author,
      stored,
    );
    // The same key raced in from a retry and was written first: answer that one.
    if (!proposal) return answeredBefore((await proposalByKey(tx.db, actor.userId, key!))!, d.id);
    await notifyProposal(tx, locked, proposal, 'received', notice);
    return { id: proposal.id, created: true };
  });
  if (made.created) await announceDiscussionCounts(ctx.db, d.id);
  return made;
}
