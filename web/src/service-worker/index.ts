/**
 * Web push only: shows the notifications the platform sends (payload {title, body, url}) and opens
 * the appeal when one is clicked. No fetch handler: pages and data always come from the network.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

sw.addEventListener('push', (event) => {
  const data = (event.data?.json() ?? {}) as { title?: string; body?: string; url?: string };
  event.waitUntil(
    sw.registration.showNotification(data.title ?? 'Отклик', {
      body: data.body ?? '',
      data: { url: data.url ?? '/' },
      lang: 'ru',
    }),
  );
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? '/';
  event.waitUntil(sw.clients.openWindow(url));
});
