import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  countPushSubscriptions,
  deletePushSubscription,
  getLanguage,
  listPreferenceOverrides,
  savePreferenceOverrides,
  savePushSubscription,
  setLanguage,
} from '../../db/queries/notifications.ts';
import { getPersonal } from '../../db/queries/appeals.ts';
import {
  channels,
  effectivePreferences,
  kindsFor,
  languages,
  notificationKinds,
  type PreferenceOverride,
} from '../../dispatch/notifications.ts';
import type { UserActor } from '../../dispatch/lifecycle.ts';
import { NotFound, Unprocessable } from '../errors.ts';
import { problems } from '../schemas.ts';

const channelSwitches = z
  .object({ sms: z.boolean(), email: z.boolean(), push: z.boolean() })
  .meta({ id: 'NotificationChannels', description: 'Каналы, вкл./выкл. / Channels on or off' });

const preferencesSchema = z
  .object({
    language: z.enum(languages).describe('Язык сообщений / Language of messages'),
    kinds: z.array(z.object({ kind: z.enum(notificationKinds), channels: channelSwitches })),
    contacts: z
      .object({ sms: z.boolean(), email: z.boolean(), push: z.number().int() })
      .describe('Which channels can reach you: a phone, an e-mail, how many browsers subscribed to push'),
  })
  .meta({ id: 'NotificationPreferences' });

const preferencesInput = z
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

const subscriptionInput = z.object({
  endpoint: pushEndpoint,
  // P-256 public key (65 bytes) and auth secret (16 bytes), as a browser's PushSubscription.toJSON() gives them.
  keys: z.object({ p256dh: base64url('p256dh', 86, 90), auth: base64url('auth', 22, 24) }),
});

/** The preferences page's view: every kind the person can receive, defaults with their choices. */
async function preferencesView(app: Parameters<FastifyPluginAsyncZod>[0], actor: UserActor) {
  const [overrides, language, personal, pushCount] = await Promise.all([
    listPreferenceOverrides(app.db, actor.userId),
    getLanguage(app.db, actor.userId),
    getPersonal(app.db, actor.userId),
    countPushSubscriptions(app.db, actor.userId),
  ]);
  const effective = effectivePreferences(actor.role, overrides);
  return {
    language,
    kinds: kindsFor(actor.role).map((kind) => ({ kind, channels: effective[kind] })),
    contacts: { sms: Boolean(personal?.phone), email: Boolean(personal?.email), push: pushCount },
  };
}

/** The signed-in person's notification settings and web push subscriptions. */
const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me/notification-preferences',
    {
      config: { access: { action: 'notification.preferences' } },
      schema: {
        operationId: 'getNotificationPreferences',
        tags: ['notifications'],
        summary: 'Мои уведомления: каналы по видам сообщений / My notifications: channels per kind of message',
        description:
          'Defaults: e-mail for everything, push to subscribed browsers, SMS for information requests and resolutions (residents).',
        response: { 200: preferencesSchema, ...problems },
      },
    },
    async (request) => {
      return preferencesView(app, request.actor!);
    },
  );

  app.put(
    '/me/notification-preferences',
    {
      config: { access: { action: 'notification.preferences' } },
      schema: {
        operationId: 'updateNotificationPreferences',
        tags: ['notifications'],
        summary: 'Изменить мои уведомления / Change my notifications',
        description: 'Only the kinds and channels given change; the answer is the whole new view.',
        body: preferencesInput,
        response: { 200: preferencesSchema, ...problems },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const allowed = kindsFor(actor.role);
      const body = request.body;
      const overrides = new Map<string, PreferenceOverride>();
      for (const [i, entry] of (body.kinds ?? []).entries()) {
        if (!allowed.includes(entry.kind)) {
          throw new Unprocessable('Такие сообщения вам не приходят. You do not receive this kind of message.', [
            { field: `body.kinds.${i}.kind`, reason: `доступно / available: ${allowed.join(', ') || '—'}` },
          ]);
        }
        for (const channel of channels) {
          const enabled = entry.channels[channel];
          // The same kind twice in one body: the later entry wins (one row per kind and channel).
          if (enabled !== undefined) overrides.set(`${entry.kind}:${channel}`, { kind: entry.kind, channel, enabled });
        }
      }
      await app.db.transaction(async (tx) => {
        await savePreferenceOverrides(tx, actor.userId, [...overrides.values()], app.clock());
        if (body.language) await setLanguage(tx, actor.userId, body.language);
      });
      return preferencesView(app, actor);
    },
  );

  app.get(
    '/push/public-key',
    {
      config: { access: { public: 'the server’s VAPID public key: public by design' } },
      schema: {
        operationId: 'getPushPublicKey',
        tags: ['notifications'],
        summary: 'Открытый ключ VAPID для web push / The VAPID public key for web push',
        description: "Pass it as applicationServerKey to the browser's pushManager.subscribe().",
        response: { 200: z.object({ publicKey: z.string() }), ...problems },
      },
    },
    async () => ({ publicKey: app.config.vapid.publicKey }),
  );

  app.post(
    '/me/push-subscriptions',
    {
      config: { access: { action: 'push.subscribe' } },
      schema: {
        operationId: 'addPushSubscription',
        tags: ['notifications'],
        summary: 'Подписать браузер на push / Subscribe a browser to push',
        description:
          "The body is the browser's PushSubscription.toJSON(). Registering an endpoint again moves it to you.",
        body: subscriptionInput,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const { endpoint, keys } = request.body;
      await savePushSubscription(app.db, {
        userId: request.actor!.userId,
        endpoint,
        p256dh: keys.p256dh,
        auth: keys.auth,
        now: app.clock(),
      });
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/me/push-subscriptions',
    {
      config: { access: { action: 'push.subscribe' } },
      schema: {
        operationId: 'removePushSubscription',
        tags: ['notifications'],
        summary: 'Отписать браузер от push / Unsubscribe a browser from push',
        body: z.object({ endpoint: z.string().max(2048) }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      if (!(await deletePushSubscription(app.db, request.actor!.userId, request.body.endpoint)))
        throw new NotFound('Подписка / Subscription');
      return reply.code(204).send(null);
    },
  );
};

export default notificationRoutes;
