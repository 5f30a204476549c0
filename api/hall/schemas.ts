/** The hall's inputs and answers (issue 16): kiosk, check-in, hall display, operator's console. */
import { z } from 'zod';
import { ticketStatuses, ticketSteps } from '../../dispatch/hall.ts';
import { bigRecordIdParam, recordId, recordIdParam, userText } from '../schemas.ts';

const instant = z.iso.datetime({ offset: true });
const textsOut = z.object({ ru: z.string(), en: z.string(), tt: z.string() });
const ticketKind = z.enum(['booked', 'walk_in']);
const steps = z.enum(ticketSteps);

export const officeKey = z.object({ id: recordIdParam });
export const pointKey = z.object({ id: recordIdParam });

/** The console's steps on a ticket (a call is the point's: POST /service-points/{id}/call-next). */
export const consoleSteps = ['recall', 'start', 'finish', 'no_show', 'redirect'] as const;
export const ticketStepKey = z.object({ id: bigRecordIdParam, step: z.enum(consoleSteps) });

export const kioskHeaders = z.object({
  'x-kiosk-key': z.string().max(200).optional().describe('The office’s kiosk key (POST /api/offices/{id}/kiosk-key)'),
});

export const kioskKeyAnswer = z
  .object({ key: z.string().describe('Shown once: only its hash is kept'), issuedAt: instant })
  .meta({ id: 'KioskKey' });

export const kioskAnswer = z
  .object({
    office: z.object({ id: z.number().int(), name: textsOut }),
    walkIns: z.boolean(),
    open: z.boolean(),
    services: z.array(z.object({ id: z.number().int(), name: textsOut, letter: z.string() })),
  })
  .meta({ id: 'Kiosk' });

export const checkInInput = z.object({
  code: z
    .string()
    .max(40)
    .regex(/^[\s\-0-9A-Za-z]*$/)
    .describe('The booking code as typed or read from the QR (spaces, dashes and case ignored)'),
});
export const walkInInput = z.object({ serviceId: recordId });

export const issuedTicket = z
  .object({
    ticket: z.object({
      id: z.number().int(),
      number: z.string(),
      kind: ticketKind,
      issuedAt: instant,
      lateMinutes: z.number().int().nullable(),
    }),
    service: z.object({ id: z.number().int(), name: textsOut, letter: z.string() }),
    ahead: z.number().int().describe('Tickets of the service waiting before this one'),
    expectedWaitMinutes: z.number().int(),
  })
  .meta({ id: 'IssuedTicket' });

export const hallAnswer = z
  .object({
    office: z.object({ id: z.number().int(), name: textsOut }),
    day: z.iso.date(),
    timeZone: z.string(),
    seq: z.number().int().describe('The queue stream’s position when read (live topic hall:{officeId})'),
    called: z.array(
      z.object({
        ticketId: z.number().int(),
        number: z.string(),
        serviceId: z.number().int(),
        status: z.enum(ticketStatuses),
        pointLabel: z.string(),
        calledAt: instant.nullable(),
      }),
    ),
    services: z.array(
      z.object({ id: z.number().int(), name: textsOut, letter: z.string(), waiting: z.number().int() }),
    ),
  })
  .meta({ id: 'HallDisplay' });

export const myPointsAnswer = z
  .object({
    items: z.array(
      z.object({ id: z.number().int(), label: z.string(), office: z.object({ id: z.number().int(), name: textsOut }) }),
    ),
  })
  .meta({ id: 'MyServicePoints' });

export const consoleAnswer = z
  .object({
    point: z.object({ id: z.number().int(), label: z.string(), officeId: z.number().int() }),
    office: z.object({ id: z.number().int(), name: textsOut, timeZone: z.string() }),
    services: z.array(z.object({ id: z.number().int(), name: textsOut, letter: z.string() })),
    current: z
      .object({
        ticketId: z.number().int(),
        number: z.string(),
        serviceId: z.number().int(),
        kind: ticketKind,
        status: z.enum(ticketStatuses),
        version: z.number().int(),
        calls: z.number().int(),
        calledAt: instant.nullable(),
        startedAt: instant.nullable(),
        lateMinutes: z.number().int().nullable(),
        allowed: z.array(steps),
        noShowFrom: instant.nullable().describe('From when a no-show may be marked'),
        person: z
          .object({ fullName: z.string().nullable(), phone: z.string().nullable() })
          .nullable()
          .describe('A booked client’s name and phone, for those who may read them'),
      })
      .nullable(),
    waiting: z.array(
      z.object({
        ticketId: z.number().int(),
        number: z.string(),
        serviceId: z.number().int(),
        kind: ticketKind,
        redirected: z.boolean(),
        dueAt: instant,
        arrivedAt: instant,
        waitedMinutes: z.number().int(),
      }),
    ),
    otherPoints: z.array(z.object({ id: z.number().int(), label: z.string() })),
    now: instant.describe('The server’s time of the answer (a console counts down to noShowFrom by it)'),
  })
  .meta({ id: 'HallConsole' });

export const stepInput = z.object({
  version: z.number().int().positive(),
  pointId: recordId.optional().describe('redirect: the point the client is sent to'),
  note: userText(500).optional(),
});

export const stepAnswer = z
  .object({
    ticket: z.object({
      id: z.number().int(),
      number: z.string(),
      status: z.enum(ticketStatuses),
      pointId: z.number().int().nullable(),
      version: z.number().int(),
    }),
    allowed: z.array(steps),
  })
  .meta({ id: 'TicketStepTaken' });

export const callAnswer = z
  .object({
    ticket: z
      .object({ id: z.number().int(), number: z.string(), status: z.enum(ticketStatuses), version: z.number().int() })
      .nullable()
      .describe('The ticket called; null when nobody waits for this point'),
  })
  .meta({ id: 'TicketCalled' });
