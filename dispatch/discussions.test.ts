import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  defaultSchedule,
  discussionKinds,
  discussionStatuses,
  discussionSteps,
  eligibility,
  isPublicStatus,
  nextDiscussionStatus,
  nextProposalStatus,
  type Participant,
  proposalTiming,
  type Schedule,
  scheduleProblems,
  workingDayFrom,
} from './discussions.ts';
import { addDays, isWorkingDay } from './eservices.ts';
import type { Territory } from './territory.ts';

const ids = (problems: { field: string; reason: { id: string } }[]) => problems.map((p) => `${p.field}:${p.reason.id}`);

describe('the stage dates on the production calendar', () => {
  it('starts the exposition a week after the notice, on a working day, and counts the protocol and conclusion in working days', () => {
    // Notice on Wednesday 2 December 2026; the exposition from Wednesday 9 December for 14 days to
    // the 22nd; the protocol within 5 working days after: 23, 24, 25, 28, 29 → the 29th; the
    // conclusion 5 working days after: 30 Dec, then the New Year holidays to 8 Jan 2027 → 11, 12,
    // 13, 14 Jan.
    const s = defaultSchedule('2026-12-02');
    expect(s).toEqual({
      noticeOn: '2026-12-02',
      expositionFrom: '2026-12-09',
      expositionTo: '2026-12-22',
      proposalsFrom: '2026-12-09',
      proposalsTo: '2026-12-22',
      protocolBy: '2026-12-29',
      conclusionBy: '2027-01-14',
    });
    expect(scheduleProblems('planning_project', s, '2026-12-01')).toEqual([]);
  });

  it('moves an exposition that would open on a holiday to the next working day', () => {
    // A notice on 26 December: a week later is 2 January 2027, inside the New Year holidays.
    expect(workingDayFrom('2027-01-02')).toBe('2027-01-11');
    expect(defaultSchedule('2026-12-26').expositionFrom).toBe('2027-01-11');
  });

  it('always makes dates in order on working days within the working-day terms; only the length can break the law', () => {
    // Across the New Year holidays a default month-long kind can run past its month: the organiser
    // then shortens the exposition, and the check says so.
    const day = fc.integer({ min: 0, max: 700 }).map((n) => addDays('2025-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 7, max: 30 }), (noticeOn, days) => {
        const s = defaultSchedule(noticeOn, days);
        expect(isWorkingDay(s.expositionFrom)).toBe(true);
        expect(isWorkingDay(s.protocolBy)).toBe(true);
        expect(isWorkingDay(s.conclusionBy)).toBe(true);
        for (const kind of discussionKinds) {
          const problems = ids(scheduleProblems(kind, s, noticeOn));
          const lengthOnly = ['conclusionBy:discussion.too_long', 'conclusionBy:discussion.too_short'];
          expect(problems.every((p) => lengthOnly.includes(p))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  const base: Schedule = defaultSchedule('2026-12-02');

  it('names the field of each problem: order, notice lead, exposition length, the protocol and conclusion late', () => {
    expect(ids(scheduleProblems('planning_project', { ...base, proposalsTo: '2026-12-08' }, '2026-12-01'))).toEqual([
      'proposalsTo:discussion.date_order',
    ]);
    expect(ids(scheduleProblems('planning_project', { ...base, noticeOn: '2026-12-05' }, '2026-12-01'))).toEqual([
      'expositionFrom:discussion.notice_lead',
    ]);
    expect(
      ids(
        scheduleProblems(
          'planning_project',
          { ...base, expositionTo: '2026-12-14', proposalsTo: '2026-12-14' },
          '2026-12-01',
        ),
      ),
    ).toEqual(['expositionTo:discussion.exposition_short', 'protocolBy:discussion.protocol_late']);
    // Five working days after 22 December is the 29th; the 30th is late.
    expect(ids(scheduleProblems('planning_project', { ...base, protocolBy: '2026-12-30' }, '2026-12-01'))).toEqual([
      'protocolBy:discussion.protocol_late',
    ]);
    expect(ids(scheduleProblems('planning_project', { ...base, conclusionBy: '2027-01-15' }, '2026-12-01'))).toEqual([
      'conclusionBy:discussion.conclusion_late',
    ]);
    expect(ids(scheduleProblems('planning_project', base, '2026-12-03'))).toEqual(['noticeOn:discussion.date_past']);
    // Once announced, the notice day is history, not a mistake.
    expect(scheduleProblems('planning_project', base, '2026-12-03', true)).toEqual([]);
  });

  it('holds each kind to its length in the law: a permitted use at most a month, a planning project at least one', () => {
    expect(scheduleProblems('permitted_use', defaultSchedule('2026-03-16', 7), '2026-03-16')).toEqual([]);
    // 2 December → 14 January is more than a month: too long for a permitted use, enough for a planning project.
    expect(ids(scheduleProblems('permitted_use', base, '2026-12-01'))).toEqual(['conclusionBy:discussion.too_long']);
    expect(scheduleProblems('master_plan', base, '2026-12-01')).toEqual([]);
    const short = defaultSchedule('2026-03-02', 7);
    expect(ids(scheduleProblems('planning_project', short, '2026-03-01'))).toEqual([
      'conclusionBy:discussion.too_short',
    ]);
    for (const kind of discussionKinds)
      expect(scheduleProblems(kind, defaultSchedule('2026-03-02', 7), '2026-03-01').length).toBeLessThanOrEqual(1);
  });

  it('adds months keeping the day, or the month’s last', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
  });
});

describe('when proposals are taken', () => {
  const s = { proposalsFrom: '2026-12-09', proposalsTo: '2026-12-22' };
  it('opens at local midnight of the first day and closes at the end of the last, in the municipality’s zone', () => {
    // Moscow is UTC+3: the 9th begins at 21:00 UTC on the 8th.
    expect(proposalTiming(s, new Date('2026-12-08T20:59:59Z'), 'Europe/Moscow')).toBe('before');
    expect(proposalTiming(s, new Date('2026-12-08T21:00:00Z'), 'Europe/Moscow')).toBe('open');
    expect(proposalTiming(s, new Date('2026-12-22T20:59:59Z'), 'Europe/Moscow')).toBe('open');
    expect(proposalTiming(s, new Date('2026-12-22T21:00:00Z'), 'Europe/Moscow')).toBe('after');
    // Samara (UTC+4) closes an hour earlier in UTC.
    expect(proposalTiming(s, new Date('2026-12-22T20:30:00Z'), 'Europe/Samara')).toBe('after');
  });
});

describe('the transition tables', () => {
  it('runs a discussion from draft to conclusion, and cancels only before the protocol', () => {
    const path = ['announce', 'open', 'close', 'sign_protocol', 'publish_conclusion'] as const;
    let status: (typeof discussionStatuses)[number] = 'draft';
    for (const step of path) {
      const next = nextDiscussionStatus(status, step);
      expect(next).not.toBeNull();
      status = next!;
    }
    expect(status).toBe('concluded');
    for (const from of discussionStatuses) {
      const cancellable = ['draft', 'announced', 'open', 'closed'].includes(from);
      expect(nextDiscussionStatus(from, 'cancel') !== null).toBe(cancellable);
    }
    // No step leaves the end states.
    for (const step of discussionSteps) {
      expect(nextDiscussionStatus('concluded', step)).toBeNull();
      expect(nextDiscussionStatus('cancelled', step)).toBeNull();
    }
    // The timer's steps are taken only in their turn.
    expect(nextDiscussionStatus('draft', 'open')).toBeNull();
    expect(nextDiscussionStatus('announced', 'close')).toBeNull();
  });

  it('shows a discussion to the public once announced, a cancelled draft never', () => {
    expect(isPublicStatus('draft', null)).toBe(false);
    expect(isPublicStatus('cancelled', null)).toBe(false);
    expect(isPublicStatus('cancelled', new Date())).toBe(true);
    expect(isPublicStatus('open', new Date())).toBe(true);
  });

  it('lets the organiser accept, reject and reconsider a proposal', () => {
    expect(nextProposalStatus('submitted', 'accept')).toBe('accepted');
    expect(nextProposalStatus('submitted', 'reject')).toBe('rejected');
    expect(nextProposalStatus('accepted', 'reject')).toBe('rejected');
    expect(nextProposalStatus('rejected', 'accept')).toBe('accepted');
    expect(nextProposalStatus('accepted', 'accept')).toBeNull();
  });
});

describe('who may take part', () => {
  const territory: Territory = {
    areas: [
      {
        outer: [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
        ],
        holes: [
          [
            [4, 4],
            [6, 4],
            [6, 6],
            [4, 6],
          ],
        ],
      },
    ],
    plots: [],
  };
  const inside = { buildingId: 1, address: 'ул. Баумана, д. 1', point: [2, 2] as [number, number] };
  const onBorder = { buildingId: 2, address: 'ул. Баумана, д. 2', point: [10, 5] as [number, number] };
  const inHole = { buildingId: 3, address: 'ул. Баумана, д. 3', point: [5, 5] as [number, number] };
  const outside = { buildingId: 4, address: 'ул. Пушкина, д. 4', point: [20, 20] as [number, number] };
  const person = (p: Partial<Participant>): Participant => ({ identity: null, apartments: [], ...p });
  const identityAt = (place: typeof inside | null) => ({
    registration: place,
    registrationAddress: place?.address ?? 'д. Кукушкино',
  });

  it('lets in a resident registered on the territory, its border included', () => {
    expect(eligibility(person({ identity: identityAt(inside) }), territory, new Set())).toEqual({
      eligible: true,
      bases: [{ kind: 'registration', address: inside.address }],
    });
    expect(eligibility(person({ identity: identityAt(onBorder) }), territory, new Set()).eligible).toBe(true);
  });

  it('lets in a holder of premises there by a confirmed apartment, and a listed building outside the outline', () => {
    const flat = { ...inside, apartment: '12' };
    expect(eligibility(person({ apartments: [flat] }), territory, new Set())).toEqual({
      eligible: true,
      bases: [{ kind: 'apartment', address: inside.address, apartment: '12' }],
    });
    expect(eligibility(person({ identity: identityAt(outside) }), territory, new Set([4])).eligible).toBe(true);
  });

  it('refuses with the reason: not signed in, not identified, an unknown address, outside (naming the addresses)', () => {
    expect(eligibility(null, territory, new Set())).toEqual({ eligible: false, reason: 'anonymous', addresses: [] });
    expect(eligibility(person({}), territory, new Set())).toEqual({
      eligible: false,
      reason: 'unidentified',
      addresses: [],
    });
    expect(eligibility(person({ identity: identityAt(null) }), territory, new Set())).toEqual({
      eligible: false,
      reason: 'address_unknown',
      addresses: ['д. Кукушкино'],
    });
    expect(
      eligibility(
        person({ identity: identityAt(inHole), apartments: [{ ...outside, apartment: '7' }] }),
        territory,
        new Set(),
      ),
    ).toEqual({ eligible: false, reason: 'outside', addresses: [inHole.address, `${outside.address}, 7`] });
  });
});
