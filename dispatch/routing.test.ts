import { describe, expect, it } from 'vitest';
import { type RoutingFacts, type RoutingRule, route } from './routing.ts';

// A small city: two districts (1, 2), an MC (10), a water supplier (20), a roads department (30),
// a transport department (31), district administrations of districts 1 and 2 (41, 42).
const organisations: RoutingFacts['organisations'] = [
  { id: 10, kind: 'management_company', districtId: null },
  { id: 20, kind: 'resource_supplier', districtId: null },
  { id: 30, kind: 'city_department', districtId: null },
  { id: 31, kind: 'city_department', districtId: null },
  { id: 41, kind: 'district_administration', districtId: 1 },
  { id: 42, kind: 'district_administration', districtId: 2 },
];
const building = { id: 100, districtId: 1, managementCompanyId: 10, suppliers: { cold_water: 20, gas: null } };
const roof = { id: 1, group: 'housing', responsibleKind: 'management_company', utility: null } as const;
const noWater = { id: 2, group: 'utilities', responsibleKind: 'resource_supplier', utility: 'cold_water' } as const;
const gasSmell = { id: 3, group: 'utilities', responsibleKind: 'resource_supplier', utility: 'gas' } as const;
const pothole = { id: 4, group: 'roads', responsibleKind: 'city_department', utility: null } as const;
const noise = { id: 5, group: 'other', responsibleKind: 'district_administration', utility: null } as const;

const rule = (r: Partial<RoutingRule> & { id: number; targetOrgId: number }): RoutingRule => ({
  categoryId: null,
  group: null,
  districtIds: null,
  buildingIds: null,
  priority: 0,
  active: true,
  ...r,
});

const facts = (f: Partial<RoutingFacts>): RoutingFacts => ({
  category: roof,
  building,
  districtId: 1,
  rules: [],
  organisations,
  ...f,
});

describe('routing', () => {
  it.each([
    ['a housing appeal goes to the building’s management company', facts({}), 10, { kind: 'management_company' }],
    [
      'a utility appeal goes to the building’s supplier of that utility',
      facts({ category: noWater }),
      20,
      { kind: 'supplier', utility: 'cold_water' },
    ],
    [
      'an “other” appeal goes to the district’s administration',
      facts({ category: noise, building: null, districtId: 2 }),
      42,
      { kind: 'organisation_of_kind', organisationKind: 'district_administration', scope: 'district' },
    ],
  ])('%s', (_name, f, organisationId, basis) => {
    expect(route(f)).toEqual({ ok: true, organisationId, basis });
  });

  it.each([
    ['a housing appeal without a building', facts({ building: null }), 'no_building'],
    [
      'a building without a management company',
      facts({ building: { ...building, managementCompanyId: null } }),
      'no_management_company',
    ],
    ['a building without a gas supplier', facts({ category: gasSmell }), 'no_supplier'],
    [
      'a street appeal when two city departments could answer',
      facts({ category: pothole, building: null }),
      'ambiguous_organisation_of_kind',
    ],
    [
      'an “other” appeal outside every district',
      facts({ category: noise, building: null, districtId: null }),
      'no_district',
    ],
    [
      'a kind no organisation has',
      facts({ category: { ...noise, responsibleKind: 'contractor' } }),
      'no_organisation_of_kind',
    ],
  ])('sends %s to triage with the reason', (_name, f, reason) => {
    const decision = route(f);
    expect(decision.ok).toBe(false);
    if (!decision.ok) {
      expect(decision.reason).toBe(reason);
      expect(decision.detail.ru.length).toBeGreaterThan(0);
    }
  });

  describe('admin rules', () => {
    it('settle what the defaults cannot: roads to the roads department', () => {
      const rules = [
        rule({ id: 1, group: 'roads', targetOrgId: 30 }),
        rule({ id: 2, group: 'transport', targetOrgId: 31 }),
      ];
      expect(route(facts({ category: pothole, building: null, rules }))).toEqual({
        ok: true,
        organisationId: 30,
        basis: { kind: 'rule', ruleId: 1 },
      });
    });

    it('override the defaults, the higher priority first, then the more specific, then the older', () => {
      const rules = [
        rule({ id: 5, group: 'housing', targetOrgId: 77 }),
        rule({ id: 6, categoryId: 1, districtIds: [1], targetOrgId: 78 }),
        rule({ id: 7, categoryId: 1, districtIds: [1], targetOrgId: 79 }),
      ];
      expect(route(facts({ rules }))).toMatchObject({ organisationId: 78, basis: { ruleId: 6 } });
      const urgent = [...rules, rule({ id: 8, group: 'housing', priority: 10, targetOrgId: 80 })];
      expect(route(facts({ rules: urgent }))).toMatchObject({ organisationId: 80, basis: { ruleId: 8 } });
    });

    it('apply only where every criterion matches, and only while active', () => {
      const rules = [
        rule({ id: 1, categoryId: 1, districtIds: [2], targetOrgId: 77 }),
        rule({ id: 2, buildingIds: [999], targetOrgId: 78 }),
        rule({ id: 3, group: 'housing', active: false, targetOrgId: 79 }),
      ];
      expect(route(facts({ rules }))).toMatchObject({ organisationId: 10, basis: { kind: 'management_company' } });
      expect(route(facts({ rules, building: { ...building, id: 999 } }))).toMatchObject({ organisationId: 78 });
    });
  });
});
