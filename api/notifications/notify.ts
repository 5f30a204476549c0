import type { notificationChannels } from '../../db/schema/index.ts';
import { type Language, t } from '../../dispatch/messages/index.ts';
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

/** The sign-in code message, in the language of the person asking for it. */
export function loginCodeMessage(
  code: string,
  validMinutes: number,
  lang: Language,
): { subject: string; body: string } {
  return {
    subject: t('notification.login_code.subject', lang),
    body: t('notification.login_code.body', lang, { code, minutes: validMinutes }),
  };
}
