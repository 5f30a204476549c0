import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import { preferencesInput, preferencesSchema, subscriptionInput, unsubscribeInput } from './schemas.ts';
import {
  changeNotificationPreferences,
  showNotificationPreferences,
  subscribeToPush,
  unsubscribeFromPush,
} from './service.ts';

/** The signed-in person's notification settings. */
const preferenceRoutes: FastifyPluginAsyncZod = async (app) => {
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
    async (request) => showNotificationPreferences(contextOf(request)),
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
    async (request) => changeNotificationPreferences(contextOf(request), request.body),
  );
};

/** Web push: the server's key, and the signed-in person's browsers. */
const pushRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/push/public-key',
    {
      config: { access: { public: 'the server’s VAPID public key: public by design' }, cache: { maxAge: 3600 } },
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
      await subscribeToPush(contextOf(request), request.body);
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
        body: unsubscribeInput,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await unsubscribeFromPush(contextOf(request), request.body.endpoint);
      return reply.code(204).send(null);
    },
  );
};

/** The signed-in person's notification settings and web push subscriptions. */
const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(preferenceRoutes);
  await app.register(pushRoutes);
};

export default notificationRoutes;
