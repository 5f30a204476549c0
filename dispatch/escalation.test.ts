import { describe, expect, it } from 'vitest';
import { ALWAYS } from './calendar.ts';
import { dueSteps, nextStepAt, stepId } from './escalation.ts';
import { computeClocks, type SlaPolicy } from './sla.ts';

const t0 = new Date('2026-06-01T08:00:00Z');
const at = (m: number) => new Date(t0.getTime() + m * 60_000);
const policy: SlaPolicy = {
  categoryId: null,
  priority: 'normal',
  accept: { duration: { amount: 10, unit: 'minutes' }, calendar: ALWAYS },
  resolve: { duration: { amount: 100, unit: 'minutes' }, calendar: ALWAYS },
};
const calendars = { response: ALWAYS, resolution: ALWAYS };
const assigned = [{ type: 'assigned' as const, at: t0, organisationId: 1 }];

describe('escalation steps', () => {
  it('are due in ladder order once reached, and not again once done', () => {
    const clocks = computeClocks(policy, assigned, at(8));
    const due = dueSteps(clocks, new Set());
    expect(due.map(stepId)).toEqual(['response:0:50', 'response:0:75']);
    expect(dueSteps(clocks, new Set(due.map(stepId)))).toEqual([]);
  });

  it('arm at the next step not done, across both clocks', () => {
    const clocks = computeClocks(policy, assigned, at(1));
    expect(nextStepAt(clocks, calendars, new Set())).toEqual(at(5));
    expect(nextStepAt(clocks, calendars, new Set(['response:0:50']))).toEqual(at(7.5));
  });

  it('wait while a clock is paused, and count from the resume', () => {
    const events = [...assigned, { type: 'paused' as const, at: at(2) }];
    const paused = computeClocks(policy, events, at(30));
    expect(dueSteps(paused, new Set())).toEqual([]);
    const resumed = computeClocks(policy, [...events, { type: 'resumed' as const, at: at(40) }], at(41));
    expect(nextStepAt(resumed, calendars, new Set())).toEqual(at(43));
  });

  it('owe a stopped clock only the steps it reached while running', () => {
    const clocks = computeClocks(policy, [...assigned, { type: 'accepted' as const, at: at(6) }], at(60));
    expect(dueSteps(clocks, new Set()).map(stepId)).toEqual(['response:0:50', 'resolution:0:50']);
  });
});
