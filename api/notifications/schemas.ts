/** The shapes of the notification settings: a person's preferences and a browser's push subscription. */
import { z } from 'zod';
import { languages, notificationKinds } from '../../dispatch/notifications.ts';

const channelSwitches = z
  .object({ sms: z.boolean(), email: z.boolean(), push: z.boolean() })
  .meta({ id: 'NotificationChannels', description: 'Каналы, вкл./выкл. / Channels on or off' });

export const preferencesSchema = z
  .object({
    language: z.enum(languages).describe('Язык сообщений / Language of messages'),
    kinds: z.array(z.object({ kind: z.enum(notificationKinds), channels: channelSwitches })),
    contacts: z
      .object({ sms: z.boolean(), email: z.boolean(), push: z.number().int() })
      .describe('Which channels can reach you: a phone, an e-mail, how many browsers subscribed to push'),
  })
  .meta({ id: 'NotificationPreferences' });

export const preferencesInput = z
  .object({
    language: z.enum(languages, { error: 'язык: ru, en или tt / language: ru, en or tt' }).optional(),
    kinds: z
      .array(
        z.object({
          kind: z.enum(notificationKinds, { error: 'нет такого вида сообщений / no such kind of message' }),
          channels: z
            .object({ sms: z.boolean().optional(), email: z.boolean().optional(), push: z.boolean().optional() })
            .strict(),
        }),
      )
      .max(notificationKinds.length * 2, 'слишком много / too many')
      .optional(),
  })
  .strict();

// Browsers' push services are https; http is accepted for this machine only (development, tests).
const pushEndpoint = z
  .url({ protocol: /^https?$/, error: 'ожидается адрес https:// / expected an https:// URL' })
  .max(2048, 'слишком длинный адрес / URL too long')
  .refine(
    (u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(u),
    'ожидается адрес https:// / expected an https:// URL',
  );
const base64url = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what}: base64url`)
    .min(min, `${what}: слишком короткий / too short`)
    .max(max, `${what}: слишком длинный / too long`);

export const subscriptionInput = z.object({
  endpoint: pushEndpoint,
  // P-256 public key (65 bytes) and auth secret (16 bytes), as a browser's PushSubscription.toJSON() gives them.
  keys: z.object({ p256dh: base64url('p256dh', 86, 90), auth: base64url('auth', 22, 24) }),
});

export const unsubscribeInput = z.object({ endpoint: z.string().max(2048) });
