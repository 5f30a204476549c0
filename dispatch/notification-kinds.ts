/** The vocabularies of notifications: message kinds people choose channels for, and languages. */

/**
 * Kinds of message, the unit of a person's channel preferences:
 * - residents: status_changed, info_requested, resolved;
 * - organisations: assignment, appeal_update (the resident replied, confirmed, disputed, rated…),
 *   reminder (50 %), warning (75 % and breach, to supervisors);
 * - dispatchers: triage (rejected back to them), overdue (the overdue queue);
 * - supervisors and city hall: escalation (a dispatcher's escalation, the 200 % step);
 * - residents of affected buildings: outage_published, outage_changed, outage_restored.
 */
export const notificationKinds = [
  'status_changed',
  'info_requested',
  'resolved',
  'assignment',
  'appeal_update',
  'reminder',
  'warning',
  'triage',
  'overdue',
  'escalation',
  'outage_published',
  'outage_changed',
  'outage_restored',
  // residents: the meter-reading window closes soon (issue 6)
  'reading_reminder',
  // residents: a link request answered by the company (its apartment was removed)
  'apartment_link',
  // residents: a booking at an office confirmed, reminded, or cancelled by the office (issue 16)
  'appointment',
  // residents of a discussion's territory: it opened, its conclusion is published (issue 17)
  'discussion',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export { type Language, languages } from './messages/index.ts';
