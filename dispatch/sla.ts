/**
 * SLA policies and clocks: how long an organisation has to accept and to resolve an appeal, and where
 * the two clocks of one appeal stand at a given instant, computed from what happened to it.
 */

import {
  ALWAYS,
  addWorkingMillis,
  MOSCOW_OFFICE_HOURS,
  type WorkingCalendar,
  workingDayMillis,
  workingMillisBetween,
} from './calendar.ts';
import type { Priority } from './taxonomy.ts';

/**
 * An amount of time on a calendar. A working day is the working time of the calendar's longest
 * weekday (9 h for 08:00–17:00; 24 h on 24x7), so "1 working day" from Friday 16:30 ends Monday 16:30.
 */
export type SlaDuration = { amount: number; unit: 'minutes' | 'hours' | 'working_days' };

export type SlaTarget = { duration: SlaDuration; calendar: WorkingCalendar };

/** Admin-managed: the targets for one category (null: every category) and priority. */
export type SlaPolicy = {
  categoryId: number | null;
  priority: Priority;
  /** Time to accept: the response clock. */
  accept: SlaTarget;
  /** Time to resolve: the resolution clock. */
  resolve: SlaTarget;
};

/**
 * The defaults of the city: emergency 30 min / 24 h around the clock; the others in working time
 * (Mon–Fri 08:00–17:00 Moscow time with the production calendar): high 2 h / 1 working day, normal
 * 1 / 3 working days, low 2 / 8 working days.
 */
export function defaultSlaPolicy(
  priority: Priority,
  workingCalendar: WorkingCalendar = MOSCOW_OFFICE_HOURS,
): SlaPolicy {
  const target = (amount: number, unit: SlaDuration['unit'], calendar = workingCalendar): SlaTarget => ({
    duration: { amount, unit },
    calendar,
  });
  switch (priority) {
    case 'emergency':
      return {
        categoryId: null,
        priority,
        accept: target(30, 'minutes', ALWAYS),
        resolve: target(24, 'hours', ALWAYS),
      };
    case 'high':
      return { categoryId: null, priority, accept: target(2, 'hours'), resolve: target(1, 'working_days') };
    case 'normal':
      return { categoryId: null, priority, accept: target(1, 'working_days'), resolve: target(3, 'working_days') };
    case 'low':
      return { categoryId: null, priority, accept: target(2, 'working_days'), resolve: target(8, 'working_days') };
  }
}

/** The allowance of a target in working milliseconds of its calendar. */
export function allowedMillis(target: SlaTarget): number {
  const { amount, unit } = target.duration;
  if (unit === 'minutes') return amount * 60_000;
  if (unit === 'hours') return amount * 3_600_000;
  return amount * workingDayMillis(target.calendar);
}

/**
 * What happened to an appeal that matters for its clocks, in order. The first assignment starts the
 * clocks; a later one (or `reassigned`) hands the appeal to another organisation with the city's clocks
 * running on; `unassigned` sends it back to the dispatcher's triage, clocks still running.
 */
export type ClockEvent =
  | { type: 'assigned' | 'reassigned'; at: Date; organisationId: number }
  | { type: 'unassigned'; at: Date }
  | { type: 'accepted'; at: Date }
  /** needs_info: waiting for the resident. */
  | { type: 'paused'; at: Date }
  /** The resident replied. */
  | { type: 'resumed'; at: Date }
  | { type: 'resolved'; at: Date }
  /** The resident disputed the fix: a fresh resolution allowance from this instant. */
  | { type: 'reopened'; at: Date }
  | { type: 'closed' | 'cancelled'; at: Date };

export type SlaClock = {
  startedAt: Date | null;
  /** When the allowance runs out; null while paused (it moves) or before the clock starts. */
  dueAt: Date | null;
  allowedMillis: number;
  /** Working time counted so far in this cycle (pauses and non-working time excluded). */
  elapsedMillis: number;
  /** Allowance minus elapsed; negative when overdue. */
  remainingMillis: number;
  paused: boolean;
  /** Wall-clock time spent paused in this cycle. */
  pausedMillis: number;
  breached: boolean;
  /** The instant the clock went past its deadline while running. */
  breachedAt: Date | null;
  stopped: boolean;
  stoppedAt: Date | null;
  /** Running since (the start or the last resume); null when not running. Timers count from here. */
  runningSince: Date | null;
  /** Working time counted before `runningSince`. */
  elapsedBeforeRunningMillis: number;
  /** 0 for the first cycle; the resolution clock's cycle grows by one on every reopen. */
  cycle: number;
};

export type SlaClocks = {
  response: SlaClock;
  resolution: SlaClock;
  reopenCount: number;
  /** The organisation holding the appeal now, if any. */
  organisationId: number | null;
  /** Resolution-clock working time while each organisation held the appeal, in order of first holding. */
  byOrganisation: Array<{ organisationId: number; elapsedMillis: number }>;
  /** When the organisation holding the appeal now received it (its own clock starts there); null when none does. */
  organisationSince: Date | null;
};

type Track = {
  calendar: WorkingCalendar;
  allowance: number;
  startedAt: number | null;
  runningSince: number | null;
  elapsed: number;
  elapsedBeforeRunning: number;
  pausedSince: number | null;
  pausedMillis: number;
  exhaustedAt: number | null;
  breachedAt: number | null;
  stoppedAt: number | null;
  cycle: number;
};

const newTrack = (target: SlaTarget, cycle: number): Track => ({
  calendar: target.calendar,
  allowance: allowedMillis(target),
  startedAt: null,
  runningSince: null,
  elapsed: 0,
  elapsedBeforeRunning: 0,
  pausedSince: null,
  pausedMillis: 0,
  exhaustedAt: null,
  breachedAt: null,
  stoppedAt: null,
  cycle,
});

/** Count the running span [a, b) into the track; note when the allowance ran out and the breach. */
function count(track: Track, a: number, b: number): number {
  if (b <= a) return 0;
  const worked = workingMillisBetween(track.calendar, new Date(a), new Date(b));
  const left = track.allowance - track.elapsed;
  if (track.exhaustedAt === null && worked >= left) {
    track.exhaustedAt = left <= 0 ? a : addWorkingMillis(track.calendar, new Date(a), left).getTime();
  }
  track.elapsed += worked;
  // Overdue once the clock runs past the deadline, even if only non-working time follows it.
  if (track.breachedAt === null && track.exhaustedAt !== null && b > track.exhaustedAt) {
    track.breachedAt = Math.max(a, track.exhaustedAt);
  }
  return worked;
}

function start(track: Track, at: number, paused: boolean): void {
  if (track.startedAt !== null || track.stoppedAt !== null) return;
  track.startedAt = at;
  if (paused) track.pausedSince = at;
  else track.runningSince = at;
}

function settle(track: Track, at: number): void {
  if (track.runningSince !== null) {
    count(track, track.runningSince, at);
    track.runningSince = null;
  }
  if (track.pausedSince !== null) {
    track.pausedMillis += at - track.pausedSince;
    track.pausedSince = null;
  }
}

function pause(track: Track, at: number): void {
  if (track.runningSince === null) return;
  settle(track, at);
  track.pausedSince = at;
}

function resume(track: Track, at: number): void {
  if (track.pausedSince === null) return;
  settle(track, at);
  track.runningSince = at;
  track.elapsedBeforeRunning = track.elapsed;
}

function stop(track: Track, at: number): void {
  if (track.stoppedAt !== null) return;
  settle(track, at);
  track.stoppedAt = at;
}

function snapshot(track: Track, now: number): SlaClock {
  // Count the running span up to now on a copy, so the track itself stays at the last event.
  const view: Track = { ...track };
  if (view.runningSince !== null) count(view, view.runningSince, now);
  const pausedMillis = view.pausedMillis + (view.pausedSince !== null ? now - view.pausedSince : 0);
  const left = view.allowance - view.elapsed;
  let dueAt: number | null = null;
  if (view.exhaustedAt !== null) dueAt = view.exhaustedAt;
  else if (view.runningSince !== null) {
    dueAt = addWorkingMillis(
      view.calendar,
      new Date(view.runningSince),
      view.allowance - view.elapsedBeforeRunning,
    ).getTime();
  } else if (view.stoppedAt !== null && view.startedAt !== null) {
    dueAt = addWorkingMillis(view.calendar, new Date(view.stoppedAt), left).getTime();
  }
  const date = (t: number | null) => (t === null ? null : new Date(t));
  return {
    startedAt: date(view.startedAt),
    dueAt: date(dueAt),
    allowedMillis: view.allowance,
    elapsedMillis: view.elapsed,
    remainingMillis: left,
    paused: view.pausedSince !== null,
    pausedMillis,
    breached: view.breachedAt !== null,
    breachedAt: date(view.breachedAt),
    stopped: view.stoppedAt !== null,
    stoppedAt: date(view.stoppedAt),
    runningSince: date(view.runningSince),
    elapsedBeforeRunningMillis: view.runningSince !== null ? view.elapsedBeforeRunning : view.elapsed,
    cycle: view.cycle,
  };
}

/**
 * The clocks of an appeal that no deadline applies to (filed during an outage of its service: it
 * follows the outage and is no breach of the company): time is still counted, but nothing is due,
 * nothing breached and nothing left to escalate.
 */
export function withoutDeadlines(clocks: SlaClocks): SlaClocks {
  const free = (c: SlaClock): SlaClock => ({
    ...c,
    dueAt: null,
    remainingMillis: c.allowedMillis,
    breached: false,
    breachedAt: null,
  });
  return { ...clocks, response: free(clocks.response), resolution: free(clocks.resolution) };
}

/**
 * Who holds the appeal and since when it received it, and each organisation's working time on the
 * resolution calendar while it held the appeal and the resolution clock ran.
 */
class Holdings {
  organisationId: number | null = null;
  #receivedAt: number | null = null;
  #since: number | null = null;
  readonly #worked = new Map<number, number>();

  /** Count the span since the last event to the holder (if the resolution clock ran); a new span starts at `at`. */
  settle(at: number, resolution: Track): void {
    if (this.organisationId !== null && this.#since !== null && resolution.runningSince !== null) {
      const worked = workingMillisBetween(resolution.calendar, new Date(this.#since), new Date(at));
      this.#worked.set(this.organisationId, (this.#worked.get(this.organisationId) ?? 0) + worked);
    }
    this.#since = at;
  }

  hold(organisationId: number, at: number): void {
    if (this.organisationId !== organisationId) this.#receivedAt = at;
    this.organisationId = organisationId;
    if (!this.#worked.has(organisationId)) this.#worked.set(organisationId, 0);
  }

  release(): void {
    this.organisationId = null;
    this.#receivedAt = null;
  }

  view(): Pick<SlaClocks, 'organisationId' | 'byOrganisation' | 'organisationSince'> {
    return {
      organisationId: this.organisationId,
      byOrganisation: [...this.#worked].map(([id, elapsedMillis]) => ({ organisationId: id, elapsedMillis })),
      organisationSince: this.#receivedAt === null ? null : new Date(this.#receivedAt),
    };
  }
}

/**
 * Where the response and resolution clocks of an appeal stand at `now`, from its clock events in order
 * (events after `now` are not yet known and are ignored). The clocks start on the first assignment,
 * pause in needs_info, resume on the resident's reply; the response clock stops on acceptance (or on
 * resolve, close, cancel), the resolution clock on resolve (or close, cancel); a reopen restarts the
 * resolution clock with a fresh allowance. Reassignment changes nothing for the city's clocks.
 */
export function computeClocks(policy: SlaPolicy, clockEvents: readonly ClockEvent[], now: Date): SlaClocks {
  const nowMs = now.getTime();
  const response = newTrack(policy.accept, 0);
  let resolution = newTrack(policy.resolve, 0);
  let reopenCount = 0;
  let paused = false;
  const holdings = new Holdings();

  let previous = Number.NEGATIVE_INFINITY;
  for (const event of clockEvents) {
    const at = event.at.getTime();
    if (at < previous) throw new Error('clock events must be in order of time');
    previous = at;
    if (at > nowMs) break;
    holdings.settle(at, resolution);
    switch (event.type) {
      case 'assigned':
      case 'reassigned':
        holdings.hold(event.organisationId, at);
        start(response, at, paused);
        start(resolution, at, paused);
        break;
      case 'unassigned':
        holdings.release();
        break;
      case 'accepted':
        stop(response, at);
        break;
      case 'paused':
        paused = true;
        pause(response, at);
        pause(resolution, at);
        break;
      case 'resumed':
        paused = false;
        resume(response, at);
        resume(resolution, at);
        break;
      case 'resolved':
        stop(response, at);
        stop(resolution, at);
        break;
      case 'reopened':
        reopenCount += 1;
        paused = false;
        resume(response, at);
        resolution = newTrack(policy.resolve, reopenCount);
        start(resolution, at, false);
        break;
      case 'closed':
      case 'cancelled':
        stop(response, at);
        stop(resolution, at);
        break;
    }
  }
  holdings.settle(nowMs, resolution);

  return {
    response: snapshot(response, nowMs),
    resolution: snapshot(resolution, nowMs),
    reopenCount,
    ...holdings.view(),
  };
}

export const timerSteps = [50, 75, 100, 200] as const;
export type TimerStep = (typeof timerSteps)[number];

/**
 * The instants at which a running clock reaches 50 %, 75 %, 100 % (breach) and 200 % of its allowance,
 * counted from its current running span, for the steps not already reached before that span (those
 * fired then). Empty for a clock that is paused, stopped or not started. `calendar` is the clock's.
 */
export function clockTimers(clock: SlaClock, calendar: WorkingCalendar): Array<{ step: TimerStep; at: Date }> {
  if (clock.runningSince === null) return [];
  const timers: Array<{ step: TimerStep; at: Date }> = [];
  for (const step of timerSteps) {
    const left = (clock.allowedMillis * step) / 100 - clock.elapsedBeforeRunningMillis;
    if (left <= 0) continue;
    timers.push({ step, at: addWorkingMillis(calendar, clock.runningSince, left) });
  }
  return timers;
}
