/**
 * The electronic queue (issue 16): an office's hours and service points, the free slots of a day, the
 * appointment's and the hall ticket's lifecycles as transition tables, ticket numbers, and whom an
 * operator calls next. Pure: dates and instants are passed in; nothing here reads the clock, the
 * database or the queue.
 *
 * Time: instants are epoch milliseconds; a day is a local date (yyyy-mm-dd) in the office's zone.
 * Slots lie on each service point's grid: from the start of each working interval of the day, one slot
 * length after another, each wholly inside the interval. A point that gives services of different
 * lengths keeps one grid per service; the database refuses two live appointments of one point that
 * overlap (an exclusion constraint), so a 30-minute slot and the 15-minute slot inside it cannot both
 * be booked, whatever the concurrency.
 */
import {
  localInstant,
  type WorkingCalendar,
  type WorkingInterval,
  type Weekday,
  workingIntervalsOn,
} from './calendar.ts';
import { addDays, type LocalDate, localDate, type Texts } from './eservices.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type OfficeCalendar = Extract<WorkingCalendar, { kind: 'working_hours' }>;

/** The rules an office keeps for its bookings and its hall. */
export type OfficeRules = {
  /** How many days ahead one may book (14: today and the next 14 days, once that day has opened). */
  horizonDays: number;
  /** Local time at which the last day of the horizon opens for booking ('08:00'). */
  opensAt: string;
  /** No booking of a slot that starts sooner than this. */
  minLeadMinutes: number;
  /** A resident reschedules or cancels until this long before the start. */
  changeCutoffMinutes: number;
  /** At most this many live appointments per person (all offices of the municipality). */
  maxActivePerPerson: number;
  /** Whether the kiosk gives walk-in tickets. */
  walkIns: boolean;
  /**
   * Whom an operator calls next: 'booked_first' — booked clients whose time has come, then walk-ins
   * by arrival; 'by_time' — everyone by the time they are due (a booked client's slot, a walk-in's
   * arrival), so walk-ins are not starved on a busy day.
   */
  callRule: 'booked_first' | 'by_time';
  /** A called client who has not come may be marked a no-show after this many minutes. */
  noShowMinutes: number;
  /** A booked client may check in from this long before the slot. */
  earlyCheckInMinutes: number;
  /** Checking in later than this after the slot's start is late: recorded, and queued as a walk-in. */
  lateMinutes: number;
};

export const DEFAULT_OFFICE_RULES: OfficeRules = {
  horizonDays: 14,
  opensAt: '08:00',
  minLeadMinutes: 30,
  changeCutoffMinutes: 120,
  maxActivePerPerson: 3,
  walkIns: true,
  callRule: 'booked_first',
  noShowMinutes: 5,
  earlyCheckInMinutes: 30,
  lateMinutes: 15,
};

/** Slot lengths a service may have at a point, in minutes. */
export const SLOT_MINUTES = [5, 10, 15, 20, 30, 40, 45, 60, 90, 120] as const;

/** A service point (a window or a cabinet): its own weekly hours or the office's, and what it gives. */
export type PointSchedule = {
  id: number;
  /** Its own hours, or null for the office's. Holidays and shortened days follow the office's calendar. */
  week: Partial<Record<Weekday, readonly WorkingInterval[]>> | null;
  services: readonly { serviceId: number; slotMinutes: number }[];
};

/**
 * A change to one day: the whole office (`pointId` null) or one point. `hours` null closes it for the
 * day; otherwise these hours replace the day's (a window open only in the morning, a worked Saturday).
 * A point's own exception wins over the office's.
 */
export type ScheduleException = { date: LocalDate; pointId: number | null; hours: readonly WorkingInterval[] | null };

/** A stretch of a point's time, [start, end) in epoch ms. */
export type Slot = { pointId: number; start: number; end: number };

/** The working intervals of a point on a local date, after holidays, shortened days and exceptions. */
export function pointIntervals(
  calendar: OfficeCalendar,
  point: Pick<PointSchedule, 'id' | 'week'>,
  exceptions: readonly ScheduleException[],
  date: LocalDate,
): readonly (readonly [number, number])[] {
  const own = exceptions.find((e) => e.date === date && e.pointId === point.id);
  const office = exceptions.find((e) => e.date === date && e.pointId === null);
  const exception = own ?? office;
  if (exception) {
    if (exception.hours === null) return [];
    return exception.hours
      .map(
        (i) => [localInstant(calendar.timeZone, date, i.start), localInstant(calendar.timeZone, date, i.end)] as const,
      )
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
  }
  return workingIntervalsOn(point.week ? { ...calendar, week: point.week } : calendar, date);
}

/** The last local date open for booking at `now`: the horizon's last day opens at `opensAt`. */
export function lastBookableDate(calendar: OfficeCalendar, rules: OfficeRules, now: number): LocalDate {
  const today = localDate(new Date(now), calendar.timeZone);
  const opened = now >= localInstant(calendar.timeZone, today, rules.opensAt);
  return addDays(today, opened ? rules.horizonDays : rules.horizonDays - 1);
}

export type DaySlotsInput = {
  calendar: OfficeCalendar;
  rules: OfficeRules;
  points: readonly PointSchedule[];
  exceptions: readonly ScheduleException[];
  serviceId: number;
  date: LocalDate;
  /** Live appointments of these points on the day (any service): their time is taken. */
  busy: readonly Slot[];
  now: number;
};

/**
 * The free slots of a service on a day, at every point that gives it, ordered by start then point.
 * None for a day outside the booking window; none that start sooner than the minimum lead.
 */
export function daySlots(input: DaySlotsInput): Slot[] {
  const { calendar, rules, date, now } = input;
  const today = localDate(new Date(now), calendar.timeZone);
  if (date < today || date > lastBookableDate(calendar, rules, now)) return [];
  const earliest = now + rules.minLeadMinutes * MINUTE;
  const slots: Slot[] = [];
  for (const point of input.points) {
    const length = point.services.find((s) => s.serviceId === input.serviceId)?.slotMinutes;
    if (!length) continue;
    const busy = input.busy.filter((b) => b.pointId === point.id);
    for (const [a, b] of pointIntervals(calendar, point, input.exceptions, date)) {
      for (let start = a; start + length * MINUTE <= b; start += length * MINUTE) {
        const end = start + length * MINUTE;
        if (start < earliest) continue;
        if (busy.some((x) => x.start < end && start < x.end)) continue;
        slots.push({ pointId: point.id, start, end });
      }
    }
  }
  return slots.sort((x, y) => x.start - y.start || x.pointId - y.pointId);
}

/** The distinct start times of slots, each with the points free then (what a resident chooses from). */
export function freeTimes(slots: readonly Slot[]): { start: number; end: number; pointIds: number[] }[] {
  const byStart = new Map<number, { start: number; end: number; pointIds: number[] }>();
  for (const s of slots) {
    const time = byStart.get(s.start);
    if (time) time.pointIds.push(s.pointId);
    else byStart.set(s.start, { start: s.start, end: s.end, pointIds: [s.pointId] });
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** Up to `n` free start times nearest to the wanted one (earlier first on a tie): a 409's alternatives. */
export function nearestTimes(slots: readonly Slot[], wanted: number, n = 3): number[] {
  const starts = [...new Set(slots.map((s) => s.start))];
  return starts.sort((a, b) => Math.abs(a - wanted) - Math.abs(b - wanted) || a - b).slice(0, n);
}

/** Why a wanted time cannot be booked (each a 422 naming `startsAt`, or `serviceId`). */
export type BookingProblem =
  | 'not_provided'
  | 'past'
  | 'too_soon'
  | 'beyond_horizon'
  | 'holiday'
  | 'closed'
  | 'outside_hours'
  | 'off_grid';

/**
 * Is `start` a slot of the service at this office at all (free or not)? The problem when not: a
 * service the office does not give, the past, sooner than the lead, beyond the horizon, a day off by
 * the production calendar ('holiday'), a day the office or every point is closed by an exception
 * ('closed'), a time outside the hours, or a time off the points' grids.
 */
export function bookingProblem(
  input: Omit<DaySlotsInput, 'busy' | 'date'> & { start: number; holiday: (date: LocalDate) => boolean },
): BookingProblem | null {
  const { calendar, rules, now, start } = input;
  const giving = input.points.filter((p) => p.services.some((s) => s.serviceId === input.serviceId));
  if (giving.length === 0) return 'not_provided';
  if (start < now) return 'past';
  if (start < now + rules.minLeadMinutes * MINUTE) return 'too_soon';
  const date = localDate(new Date(start), calendar.timeZone);
  if (date > lastBookableDate(calendar, rules, now)) return 'beyond_horizon';
  const hasException = input.exceptions.some((e) => e.date === date);
  if (!hasException && input.holiday(date)) return 'holiday';
  const dayIntervals = giving.map((p) => pointIntervals(calendar, p, input.exceptions, date));
  if (dayIntervals.every((i) => i.length === 0)) return hasException ? 'closed' : 'holiday';
  const slots = daySlots({ ...input, date, busy: [], now: Math.min(now, start - rules.minLeadMinutes * MINUTE) });
  if (slots.some((s) => s.start === start)) return null;
  const inHours = dayIntervals.some((day) => day.some(([a, b]) => a <= start && start < b));
  return inHours ? 'off_grid' : 'outside_hours';
}

/** Why a person may not book one more (a 422 naming `serviceId`). */
export type LimitProblem = 'one_per_service' | 'too_many';

/** The person's live appointments against the limits: one per service, at most `maxActivePerPerson`. */
export function limitProblem(
  live: readonly { serviceId: number }[],
  serviceId: number,
  rules: Pick<OfficeRules, 'maxActivePerPerson'>,
): LimitProblem | null {
  if (live.some((a) => a.serviceId === serviceId)) return 'one_per_service';
  if (live.length >= rules.maxActivePerPerson) return 'too_many';
  return null;
}

/** May the resident still reschedule or cancel? Until the cut-off before the start. */
export function mayChange(start: number, now: number, rules: Pick<OfficeRules, 'changeCutoffMinutes'>): boolean {
  return now <= start - rules.changeCutoffMinutes * MINUTE;
}

// ---------------------------------------------------------------------------------------------
// Reminders

export type ReminderKind = 'day_before' | 'two_hours';

/** Quiet hours: a reminder due in them goes at the evening before (day_before) or is skipped. */
const QUIET = { from: '21:00', to: '08:00' } as const;

/**
 * When to remind of an appointment starting at `start`, booked at `bookedAt`: the day before (24 h
 * earlier, or at 20:00 the evening before when that falls in the night) and 2 hours before. A reminder
 * whose time has passed when booking is not sent (booking at 10:00 for 11:30 gets neither).
 */
export function reminderSchedule(
  start: number,
  bookedAt: number,
  timeZone: string,
): { kind: ReminderKind; at: number }[] {
  const result: { kind: ReminderKind; at: number }[] = [];
  let dayBefore = start - 24 * HOUR;
  const date = localDate(new Date(dayBefore), timeZone);
  const quietFrom = localInstant(timeZone, date, QUIET.from);
  const quietTo = localInstant(timeZone, date, QUIET.to);
  if (dayBefore >= quietFrom) dayBefore = quietFrom - HOUR;
  else if (dayBefore < quietTo) dayBefore = localInstant(timeZone, addDays(date, -1), '20:00');
  if (dayBefore > bookedAt && start - dayBefore > 3 * HOUR) result.push({ kind: 'day_before', at: dayBefore });
  const twoHours = start - 2 * HOUR;
  if (twoHours > bookedAt) result.push({ kind: 'two_hours', at: twoHours });
  return result;
}

// ---------------------------------------------------------------------------------------------
// The appointment's lifecycle

export const appointmentStatuses = ['booked', 'checked_in', 'served', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

/** Statuses that hold a slot and count against the person's limits. */
export const liveAppointmentStatuses: readonly AppointmentStatus[] = ['booked', 'checked_in'];
/** Statuses whose slot stays taken (the exclusion constraint's condition): a served slot was used. */
export const slotHoldingStatuses: readonly AppointmentStatus[] = ['booked', 'checked_in', 'served'];

export const appointmentSteps = ['book', 'reschedule', 'cancel', 'check_in', 'serve', 'miss'] as const;
export type AppointmentStep = (typeof appointmentSteps)[number];

/**
 * From a status, a step leads to a status. `serve` is the hall's finish of the appointment's ticket;
 * `miss` is a no-show: not checked in by the end of the slot (the timer) or not come when called.
 */
export const appointmentTransitions: Readonly<
  Record<AppointmentStatus | 'new', Partial<Record<AppointmentStep, AppointmentStatus>>>
> = {
  new: { book: 'booked' },
  booked: { reschedule: 'booked', cancel: 'cancelled', check_in: 'checked_in', miss: 'no_show' },
  checked_in: { serve: 'served', miss: 'no_show' },
  served: {},
  cancelled: {},
  no_show: {},
};

export function nextAppointmentStatus(
  from: AppointmentStatus | 'new',
  step: AppointmentStep,
): AppointmentStatus | null {
  return appointmentTransitions[from][step] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Codes

/** Booking codes: 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L), about 40 bits. */
export const BOOKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const BOOKING_CODE_LENGTH = 8;

/** A booking code from 8 random bytes (the caller passes crypto's), e.g. 'K7M29QXD' (shown 'K7M2-9QXD'). */
export function bookingCode(random: Uint8Array): string {
  let code = '';
  for (let i = 0; i < BOOKING_CODE_LENGTH; i += 1)
    code += BOOKING_CODE_ALPHABET[random[i] % BOOKING_CODE_ALPHABET.length];
  return code;
}

/** A code as typed at the kiosk or read from the QR: spaces and dashes dropped, upper case. */
export function normaliseBookingCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** The purpose of an appointment service: a consultation, handing in documents, or collecting a result. */
export const appointmentPurposes = ['consultation', 'hand_in', 'collect'] as const;
export type AppointmentPurpose = (typeof appointmentPurposes)[number];

export type { LocalDate, Texts };
