/**
 * What the platform says to the person at its terminal, apart from the structured log: start-up,
 * the demo sign-ins and, in dev mode, each sign-in code as one clear line. The structured log (pino,
 * JSON lines) is for machines and is quiet by default: warnings and errors only, LOG_LEVEL=info adds
 * a line per request and per thing done.
 */
import { type Contact, maskEmail, maskPhoneReadable } from '../dispatch/contacts.ts';
import type { Config } from './config.ts';

export type Terminal = (line: string) => void;

export type LogLevel = Config['LOG_LEVEL'];
const rank: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 99 };

/** Whether a log at `level` writes entries of level `entry` (pino's rule). */
export function logsAt(level: LogLevel, entry: Exclude<LogLevel, 'silent'>): boolean {
  return rank[entry] >= rank[level];
}

/** "Код для +7 917 ***-00-01: 123456": a dev-mode sign-in code, the destination masked as in the log. */
export function devCodeLine(destination: Contact, code: string, minutes: number): string {
  const to = destination.kind === 'phone' ? maskPhoneReadable(destination.value) : maskEmail(destination.value);
  return `Код для ${to}: ${code}  (код входа на ${minutes} мин / sign-in code, no SMS or e-mail gateway configured)`;
}
