/** The domain's fixed vocabularies; the database schema stores them as enums. */

export const organisationKinds = [
  'management_company',
  'resource_supplier',
  'city_department',
  'district_administration',
  'dispatch_centre',
  'city_hall',
  'contractor',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const categoryGroups = ['housing', 'utilities', 'roads', 'transport', 'landscaping', 'other'] as const;
export type CategoryGroup = (typeof categoryGroups)[number];

export const priorities = ['emergency', 'high', 'normal', 'low'] as const;
export type Priority = (typeof priorities)[number];

/** Which of a building's suppliers a utility category goes to. */
export const utilities = ['cold_water', 'hot_water', 'heating', 'electricity', 'gas'] as const;
export type Utility = (typeof utilities)[number];

/** The appeal lifecycle's states (dispatch/lifecycle.ts moves between them). */
export const appealStatuses = [
  'new',
  'assigned',
  'accepted',
  'needs_info',
  'resolved',
  'closed',
  'rejected',
  'duplicate',
  'cancelled',
  'reopened',
] as const;
export type AppealStatus = (typeof appealStatuses)[number];
