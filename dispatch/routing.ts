/**
 * Routing: which organisation answers an appeal, decided from category × building × district.
 * Admin rules override the defaults; no answer sends the appeal to the dispatcher's triage queue
 * with the reason. Pure: the caller looks up the facts.
 */

import type { CategoryGroup, OrganisationKind, Utility } from './taxonomy.ts';

/** An admin-managed rule; a null criterion matches anything. */
export type RoutingRule = {
  id: number;
  categoryId: number | null;
  group: CategoryGroup | null;
  districtIds: readonly number[] | null;
  buildingIds: readonly number[] | null;
  targetOrgId: number;
  /** Higher wins; among equal priorities the more specific rule wins, then the older one. */
  priority: number;
  active: boolean;
};

export type RoutingFacts = {
  category: { id: number; group: CategoryGroup; responsibleKind: OrganisationKind; utility: Utility | null };
  building: {
    id: number;
    districtId: number;
    managementCompanyId: number | null;
    suppliers: Partial<Record<Utility, number | null>>;
  } | null;
  /** The appeal's district (the building's, or the one containing the point). */
  districtId: number | null;
  rules: readonly RoutingRule[];
  /** Organisations that serve by kind: a district's own (districtId set) or city-wide (null). */
  organisations: readonly { id: number; kind: OrganisationKind; districtId: number | null }[];
};

export type RoutingBasis =
  | { kind: 'rule'; ruleId: number }
  | { kind: 'management_company' }
  | { kind: 'supplier'; utility: Utility }
  | { kind: 'organisation_of_kind'; organisationKind: OrganisationKind; scope: 'district' | 'city' };

export type TriageReason =
  | 'no_building'
  | 'no_management_company'
  | 'no_supplier'
  | 'no_district'
  | 'no_organisation_of_kind'
  | 'ambiguous_organisation_of_kind';

export type RoutingDecision =
  | { ok: true; organisationId: number; basis: RoutingBasis }
  | { ok: false; reason: TriageReason; detail: { ru: string; en: string } };

function specificity(rule: RoutingRule): number {
  return [rule.categoryId, rule.group, rule.districtIds, rule.buildingIds].filter((c) => c !== null).length;
}

/** The rule that applies to these facts, if any. */
export function matchRule(facts: RoutingFacts): RoutingRule | null {
  const matching = facts.rules.filter(
    (r) =>
      r.active &&
      (r.categoryId === null || r.categoryId === facts.category.id) &&
      (r.group === null || r.group === facts.category.group) &&
      (r.districtIds === null || (facts.districtId !== null && r.districtIds.includes(facts.districtId))) &&
      (r.buildingIds === null || (facts.building !== null && r.buildingIds.includes(facts.building.id))),
  );
  matching.sort((a, b) => b.priority - a.priority || specificity(b) - specificity(a) || a.id - b.id);
  return matching[0] ?? null;
}

const triage = (reason: TriageReason, ru: string, en: string): RoutingDecision => ({
  ok: false,
  reason,
  detail: { ru, en },
});

/** Decide the responsible organisation, or why the dispatcher has to. */
export function route(facts: RoutingFacts): RoutingDecision {
  const rule = matchRule(facts);
  if (rule) return { ok: true, organisationId: rule.targetOrgId, basis: { kind: 'rule', ruleId: rule.id } };

  const { category, building } = facts;
  if (category.responsibleKind === 'management_company') {
    if (!building) return triage('no_building', 'Не указан дом', 'No building given');
    if (building.managementCompanyId === null)
      return triage(
        'no_management_company',
        'У дома нет управляющей компании',
        'The building has no management company',
      );
    return { ok: true, organisationId: building.managementCompanyId, basis: { kind: 'management_company' } };
  }
  if (category.responsibleKind === 'resource_supplier' && category.utility) {
    if (!building) return triage('no_building', 'Не указан дом', 'No building given');
    const supplier = building.suppliers[category.utility] ?? null;
    if (supplier === null)
      return triage('no_supplier', 'У дома нет поставщика этой услуги', 'The building has no supplier of this utility');
    return { ok: true, organisationId: supplier, basis: { kind: 'supplier', utility: category.utility } };
  }

  const kind = category.responsibleKind;
  const own = facts.organisations.filter(
    (o) => o.kind === kind && o.districtId !== null && o.districtId === facts.districtId,
  );
  if (own.length === 1) {
    return {
      ok: true,
      organisationId: own[0].id,
      basis: { kind: 'organisation_of_kind', organisationKind: kind, scope: 'district' },
    };
  }
  const citywide = facts.organisations.filter((o) => o.kind === kind && o.districtId === null);
  if (own.length === 0 && citywide.length === 1) {
    return {
      ok: true,
      organisationId: citywide[0].id,
      basis: { kind: 'organisation_of_kind', organisationKind: kind, scope: 'city' },
    };
  }
  if (own.length > 1 || citywide.length > 1) {
    return triage(
      'ambiguous_organisation_of_kind',
      'Несколько подходящих организаций: нужно правило маршрутизации',
      'Several organisations could answer: a routing rule is needed',
    );
  }
  if (facts.districtId === null && kind === 'district_administration') {
    return triage('no_district', 'Место вне районов города', 'The place is outside every district');
  }
  return triage(
    'no_organisation_of_kind',
    'Нет организации, отвечающей за эту категорию',
    'No organisation answers for this category',
  );
}

/** What decides whether an organisation is of the kind that answers for a category. */
export type CategoryProfile = { id: number; group: CategoryGroup; responsibleKind: OrganisationKind };

/**
 * The organisations the admins' routing rules send a category to (a rule naming the category, or
 * its group): an explicit decision that such an organisation answers for it, whatever its kind.
 * Rules by district or building alone say where, not what, and are left out.
 */
export function ruleTargetsOf(category: CategoryProfile, rules: readonly RoutingRule[]): number[] {
  const targets = rules
    .filter(
      (r) =>
        r.active &&
        (r.categoryId === category.id || (r.categoryId === null && r.group !== null && r.group === category.group)),
    )
    .map((r) => r.targetOrgId);
  return [...new Set(targets)].sort((a, b) => a - b);
}

/**
 * Whether an organisation fits a category: it is of the category's responsible kind, or a routing
 * rule for the category names it. A bus-schedule complaint handed to a housing company does not
 * fit; the dispatcher is warned and has to confirm.
 */
export function organisationFits(
  category: CategoryProfile,
  organisation: { id: number; kind: OrganisationKind },
  rules: readonly RoutingRule[],
): boolean {
  return organisation.kind === category.responsibleKind || ruleTargetsOf(category, rules).includes(organisation.id);
}
