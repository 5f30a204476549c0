import type { notificationChannels } from '../../db/schema/index.ts';
import { channelConfigured } from './transports.ts';
import type { Config } from '../config.ts';

export type NotificationChannel = (typeof notificationChannels)[number];

/**
 * Can a gateway deliver on this channel? Without SMTP_URL or SMS_GATEWAY_URL the channel's messages
 * are kept as `dev`: printed to the log and shown to admins on the dev outbox page, which is the
 * documented way to sign in on a demo installation.
 */
export function deliveryConfigured(
  config: Pick<Config, 'SMTP_URL' | 'SMS_GATEWAY_URL'>,
  channel: NotificationChannel,
): boolean {
  return channelConfigured(config, channel);
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
