import { describe, expect, it } from 'vitest';
import { type BoardAppeal, boardListOf, isOverdue, lateMillis, needsTriage } from './board.ts';
import { organisationFits, ruleTargetsOf } from './routing.ts';
import { appealStatuses } from './taxonomy.ts';

const now = new Date('2026-12-07T09:00:00Z');
const past = new Date('2026-12-01T09:00:00Z');
const future = new Date('2026-12-09T09:00:00Z');
const appeal = (a: Partial<BoardAppeal>): BoardAppeal => ({
  status: 'assigned',
  assignedOrgId: 10,
  triageReason: null,
  responseDueAt: null,
  resolutionDueAt: null,
  ...a,
});

describe('the dispatch board’s lists', () => {
  it('never puts an appeal on both lists, whatever its status and clocks', () => {
    for (const status of appealStatuses)
      for (const triageReason of [null, 'no_organisation_of_kind'])
        for (const assignedOrgId of [null, 10])
          for (const due of [null, past, future]) {
            const a = appeal({ status, triageReason, assignedOrgId, responseDueAt: due, resolutionDueAt: due });
            expect(needsTriage(a) && isOverdue(a, now), JSON.stringify(a)).toBe(false);
          }
  });

  it('leaves a returned appeal past the city’s deadline to triage: the dispatcher decides', () => {
    expect(boardListOf(appeal({ status: 'rejected', assignedOrgId: null, resolutionDueAt: past }), now)).toBe('triage');
    expect(boardListOf(appeal({ status: 'new', assignedOrgId: null, triageReason: 'no_building' }), now)).toBe(
      'triage',
    );
    // Still being routed: nothing to decide yet.
    expect(boardListOf(appeal({ status: 'new', assignedOrgId: null }), now)).toBeNull();
  });

  it('calls overdue what an organisation holds past a running deadline', () => {
    expect(boardListOf(appeal({ responseDueAt: past, resolutionDueAt: future }), now)).toBe('overdue');
    expect(boardListOf(appeal({ status: 'accepted', resolutionDueAt: future }), now)).toBeNull();
    expect(boardListOf(appeal({ status: 'resolved', resolutionDueAt: past }), now)).toBeNull();
    expect(lateMillis(appeal({ responseDueAt: past, resolutionDueAt: future }), now)).toBe(6 * 86_400_000);
  });
});

describe('whether an organisation fits a category', () => {
  const busSchedule = { id: 7, group: 'transport', responsibleKind: 'city_department' } as const;
  const housingCompany = { id: 10, kind: 'management_company' } as const;
  const transportDepartment = { id: 31, kind: 'city_department' } as const;
  const rule = { id: 1, categoryId: null, districtIds: null, buildingIds: null, priority: 0, active: true };

  it('fits the category’s responsible kind, not another', () => {
    expect(organisationFits(busSchedule, transportDepartment, [])).toBe(true);
    expect(organisationFits(busSchedule, housingCompany, [])).toBe(false);
  });

  it('fits whatever its kind when a routing rule for the category or its group names it', () => {
    const byGroup = { ...rule, group: 'transport', targetOrgId: 10 } as const;
    expect(organisationFits(busSchedule, housingCompany, [byGroup])).toBe(true);
    expect(organisationFits(busSchedule, housingCompany, [{ ...byGroup, active: false }])).toBe(false);
    // A rule by district alone says where, not what.
    const byDistrict = { ...rule, group: null, districtIds: [1], targetOrgId: 10 } as const;
    expect(ruleTargetsOf(busSchedule, [byDistrict])).toEqual([]);
  });
});
