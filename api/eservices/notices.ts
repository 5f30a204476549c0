/** Who hears of an application's step (the applicant, the department); written in the step's transaction. */
import type { Application, InteragencyRequest, Service } from '../../db/queries/eservices.ts';
import type { ApplicationStep } from '../../dispatch/eservices.ts';
import type { Context } from '../context.ts';

export type StepFacts = {
  before: Application;
  after: Application;
  service: Service;
  step: ApplicationStep;
  note: string | null;
};

/** The notices of a step just written (same transaction). */
export async function notifyApplicationStep(_tx: Context, _facts: StepFacts): Promise<void> {}

/** The notices of an inter-agency request asked or answered (same transaction). */
export async function notifyInteragency(
  _tx: Context,
  _facts: { request: InteragencyRequest; application: Application; kind: 'asked' | 'answered' },
): Promise<void> {}
