/**
 * The hall's calls (issue 16): the kiosk (with its key), the hall display, the operator's console.
 * Types come from the API's document; the kiosk's key is kept in this browser's localStorage.
 */
import { answer, api, type Schemas } from './api.ts';

export type Kiosk = Schemas['Kiosk'];
export type IssuedTicket = Schemas['IssuedTicket'];
export type HallDisplay = Schemas['HallDisplay'];
export type HallConsole = Schemas['HallConsole'];
export type HallEvent = Schemas['LiveHallEvent'];
export type ConsoleStep = 'recall' | 'start' | 'finish' | 'no_show' | 'redirect';

const keyName = (officeId: number) => `otklik-kiosk-key-${officeId}`;

/**
 * The kiosk's key: given once in the address (?key=…), kept in localStorage and taken out of the
 * address bar, so it does not stay in the history or on the screen.
 */
export function kioskKey(officeId: number): string | null {
  const url = new URL(location.href);
  const given = url.searchParams.get('key');
  if (given) {
    localStorage.setItem(keyName(officeId), given);
    url.searchParams.delete('key');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  return localStorage.getItem(keyName(officeId));
}

const kioskHeaders = (key: string) => ({ 'x-kiosk-key': key });

export const getKiosk = (officeId: number, key: string) =>
  answer(api.GET('/api/offices/{id}/kiosk', { params: { path: { id: officeId }, header: kioskHeaders(key) } }));
export const kioskCheckIn = (officeId: number, key: string, code: string) =>
  answer(
    api.POST('/api/offices/{id}/kiosk/check-in', {
      params: { path: { id: officeId }, header: kioskHeaders(key) },
      body: { code },
    }),
  );
export const kioskWalkIn = (officeId: number, key: string, serviceId: number) =>
  answer(
    api.POST('/api/offices/{id}/kiosk/walk-in', {
      params: { path: { id: officeId }, header: kioskHeaders(key) },
      body: { serviceId },
    }),
  );

export const getHall = (officeId: number, signal?: AbortSignal) =>
  answer(api.GET('/api/offices/{id}/hall', { params: { path: { id: officeId } }, signal }));

export const myPoints = async () => (await answer(api.GET('/api/service-points/mine'))).items;
export const getConsole = (pointId: number, signal?: AbortSignal) =>
  answer(api.GET('/api/service-points/{id}/console', { params: { path: { id: pointId } }, signal }));
export const callNext = (pointId: number) =>
  answer(api.POST('/api/service-points/{id}/call-next', { params: { path: { id: pointId } } }));
export const ticketStep = (
  ticketId: number,
  step: ConsoleStep,
  body: { version: number; pointId?: number; note?: string },
) => answer(api.POST('/api/tickets/{id}/{step}', { params: { path: { id: ticketId, step } }, body }));

/** A time of day in Moscow, as the hall shows it: «10:05». */
export const clock = (at: Date | string, withSeconds = false) =>
  new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Europe/Moscow',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
  }).format(new Date(at));
