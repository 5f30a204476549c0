/**
 * The escalation ladder: what happens when a running clock reaches 50 %, 75 %, 100 % (breach) and
 * 200 % of its allowance. Pure: the timers worker asks which steps are due and records them once.
 */
import type { WorkingCalendar } from './calendar.ts';
import { clockTimers, type SlaClock, type SlaClocks, type TimerStep, timerSteps } from './sla.ts';

export type ClockName = 'response' | 'resolution';
export const ladderActions = ['remind_organisation', 'warn_supervisor', 'overdue_queue', 'notify_city_hall'] as const;
export type LadderAction = (typeof ladderActions)[number];
/** Per municipality; the default follows the issue: remind, warn, overdue + warn, city hall. */
export type Ladder = Record<TimerStep, readonly LadderAction[]>;

export const defaultLadder: Ladder = {
  50: ['remind_organisation'],
  75: ['warn_supervisor'],
  100: ['overdue_queue', 'warn_supervisor'],
  200: ['notify_city_hall'],
};

/** One rung of one clock in one cycle (a reopen starts a new resolution cycle). */
export type StepKey = { clock: ClockName; cycle: number; step: TimerStep };
export const stepId = (k: StepKey) => `${k.clock}:${k.cycle}:${k.step}`;

const clockNames: readonly ClockName[] = ['response', 'resolution'];

function reached(clock: SlaClock, step: TimerStep): boolean {
  return clock.startedAt !== null && clock.elapsedMillis >= (clock.allowedMillis * step) / 100;
}

/**
 * The steps reached and not yet done, in ladder order. A stopped clock still owes the steps it
 * reached while running (a worker outage must lose nothing), never later ones.
 */
export function dueSteps(clocks: SlaClocks, done: ReadonlySet<string>): StepKey[] {
  const due: StepKey[] = [];
  for (const name of clockNames) {
    const clock = clocks[name];
    for (const step of timerSteps) {
      const key = { clock: name, cycle: clock.cycle, step };
      if (reached(clock, step) && !done.has(stepId(key))) due.push(key);
    }
  }
  return due;
}

/** When the next step not yet done falls due, if any clock is running. */
export function nextStepAt(
  clocks: SlaClocks,
  calendars: Record<ClockName, WorkingCalendar>,
  done: ReadonlySet<string>,
): Date | null {
  let next: Date | null = null;
  for (const name of clockNames) {
    const clock = clocks[name];
    for (const timer of clockTimers(clock, calendars[name])) {
      if (done.has(stepId({ clock: name, cycle: clock.cycle, step: timer.step }))) continue;
      if (next === null || timer.at < next) next = timer.at;
    }
  }
  return next;
}
