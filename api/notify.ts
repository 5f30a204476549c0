import type { notificationChannels } from '../db/schema/index.ts';

export type NotificationChannel = (typeof notificationChannels)[number];

/**
 * Can a gateway deliver on this channel? None is configured yet (SMS and e-mail delivery arrive in a
 * later issue), so every message is kept as `dev`: printed to the log and shown to admins on the
 * dev outbox page, which is the documented way to sign in on a demo installation.
 */
export function deliveryConfigured(_channel: NotificationChannel): boolean {
  return false;
}

/** The sign-in code message, in Russian and English. */
export function loginCodeMessage(code: string, validMinutes: number): { subject: string; body: string } {
  return {
    subject: 'Код входа в Отклик / Your Otklik sign-in code',
    body:
      `Код входа в Отклик: ${code}. Действует ${validMinutes} минут. Никому его не сообщайте. / ` +
      `Your Otklik sign-in code: ${code}. Valid for ${validMinutes} minutes. Do not share it.`,
  };
}
