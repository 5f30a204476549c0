/**
 * The channels messages leave by: e-mail over SMTP (nodemailer), SMS through an HTTP gateway and
 * web push (encrypted and signed by web-push, sent with fetch). Each send resolves when the other
 * side accepted the message and throws with the reason when it did not.
 */
import { createTransport } from 'nodemailer';
import webpush from 'web-push';
import type { Channel } from '../../dispatch/notifications.ts';

/** The settings the channels read (a part of the app's config). */
export type DeliverySettings = {
  SMTP_URL?: string;
  SMTP_FROM: string;
  SMS_GATEWAY_URL?: string;
  SMS_GATEWAY_METHOD: 'POST' | 'PUT' | 'GET';
  SMS_GATEWAY_BODY: string;
  SMS_GATEWAY_CONTENT_TYPE: string;
  SMS_GATEWAY_AUTH?: string;
  SMS_GATEWAY_AUTH_HEADER: string;
  VAPID_SUBJECT: string;
  vapid: { publicKey: string; privateKey: string };
};

export type OutgoingMessage = { destination: string; subject: string; text: string; link: string | null };
export type PushKeys = { p256dh: string; auth: string };

export type Transports = {
  email?: (m: OutgoingMessage) => Promise<void>;
  sms?: (m: OutgoingMessage) => Promise<void>;
  push: (m: OutgoingMessage, keys: PushKeys) => Promise<void>;
};

// 10 s: an attempt that takes longer is a failure; the job retries later with backoff.
export const SEND_TIMEOUT_MS = 10_000;

/** Can a message go out on this channel, or does it stay in the dev outbox? */
export function channelConfigured(
  settings: Pick<DeliverySettings, 'SMTP_URL' | 'SMS_GATEWAY_URL'>,
  channel: Channel,
): boolean {
  if (channel === 'email') return settings.SMTP_URL !== undefined;
  if (channel === 'sms') return settings.SMS_GATEWAY_URL !== undefined;
  // Push needs no gateway of ours: the browser's push service is named by its subscription.
  return true;
}

/** A push service's or gateway's refusal, with its HTTP status. */
export class DeliveryError extends Error {
  readonly status: number | null;
  constructor(message: string, status: number | null = null) {
    super(message);
    this.status = status;
  }
}

/** Put a value into the gateway's body template, escaped for its content type. */
function escapeFor(contentType: string, value: string): string {
  if (/json/i.test(contentType)) return JSON.stringify(value).slice(1, -1);
  if (/x-www-form-urlencoded/i.test(contentType)) return encodeURIComponent(value);
  return value;
}

const fill = (template: string, values: Record<string, string>, encode: (v: string) => string) =>
  template.replace(/\{\{(to|text)\}\}/g, (_, name: string) => encode(values[name]));

async function answerText(res: Response): Promise<string> {
  const body = await res.text().catch(() => '');
  return body.slice(0, 200);
}

/** Build the channels the settings configure. */
export function createTransports(settings: DeliverySettings): Transports {
  const transports: Transports = {
    push: async (m, keys) => {
      const payload = JSON.stringify({ title: m.subject, body: m.text, url: m.link });
      // web-push encrypts and signs; its own https-only sender is replaced by fetch, which also
      // reaches a plain-http push endpoint (a local one in tests).
      const request = webpush.generateRequestDetails({ endpoint: m.destination, keys }, payload, {
        vapidDetails: {
          subject: settings.VAPID_SUBJECT,
          publicKey: settings.vapid.publicKey,
          privateKey: settings.vapid.privateKey,
        },
        TTL: 24 * 3600,
      });
      const res = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body ?? undefined,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      if (!res.ok) throw new DeliveryError(`push service answered ${res.status}: ${await answerText(res)}`, res.status);
    },
  };
  if (settings.SMTP_URL) {
    const mailer = createTransport({
      url: settings.SMTP_URL,
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    });
    transports.email = async (m) => {
      await mailer.sendMail({ from: settings.SMTP_FROM, to: m.destination, subject: m.subject, text: m.text });
    };
  }
  const smsUrl = settings.SMS_GATEWAY_URL;
  if (smsUrl) {
    transports.sms = async (m) => {
      const values = { to: m.destination, text: m.text };
      const url = fill(smsUrl, values, encodeURIComponent);
      const headers: Record<string, string> = {};
      if (settings.SMS_GATEWAY_AUTH) headers[settings.SMS_GATEWAY_AUTH_HEADER] = settings.SMS_GATEWAY_AUTH;
      let body: string | undefined;
      if (settings.SMS_GATEWAY_METHOD !== 'GET') {
        headers['content-type'] = settings.SMS_GATEWAY_CONTENT_TYPE;
        body = fill(settings.SMS_GATEWAY_BODY, values, (v) => escapeFor(settings.SMS_GATEWAY_CONTENT_TYPE, v));
      }
      const res = await fetch(url, {
        method: settings.SMS_GATEWAY_METHOD,
        headers,
        body,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      if (!res.ok) throw new DeliveryError(`SMS gateway answered ${res.status}: ${await answerText(res)}`, res.status);
    };
  }
  return transports;
}
