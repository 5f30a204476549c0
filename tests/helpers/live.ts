import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import WebSocket from 'ws';

export type LiveMessage = { type: string; topic?: string; seq?: number; [k: string]: unknown };

/** A real websocket client of /api/live that keeps every message and waits for the ones asked for. */
export class LiveTestClient {
  readonly messages: LiveMessage[] = [];
  readonly raw: string[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: { pred: (m: LiveMessage) => boolean; resolve: (m: LiveMessage) => void }[] = [];
  private closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];
  readonly ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      const m = JSON.parse(text) as LiveMessage;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(m)) return true;
        w.resolve(m);
        return false;
      });
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const w of this.closeWaiters) w(this.closed);
    });
  }

  /** Connect to `baseUrl` (http://…) with the given headers (a session cookie); resolves on hello. */
  static async open(baseUrl: string, headers: Record<string, string> = {}): Promise<LiveTestClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/live`, {
      headers: { cookie: headers.cookie ?? '' },
    });
    const client = new LiveTestClient(ws);
    await client.next((m) => m.type === 'hello');
    return client;
  }

  send(msg: object) {
    this.ws.send(JSON.stringify(msg));
  }

  /** The first message (already received, from index `from` on, or to come) that matches, within `timeoutMs`. */
  next(pred: (m: LiveMessage) => boolean, timeoutMs = 10_000, from = 0): Promise<LiveMessage> {
    const seen = this.messages.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no such live message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-5))}`),
          ),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Subscribe and wait for the answer (subscribed or error). */
  async subscribe(topic: string, since?: number): Promise<LiveMessage> {
    const from = this.messages.length;
    this.send({ type: 'subscribe', topic, since });
    return this.next(
      (m) => m.topic === topic && (m.type === 'subscribed' || m.type === 'error' || m.type === 'resync'),
      10_000,
      from,
    );
  }

  events(topic?: string): LiveMessage[] {
    return this.messages.filter((m) => m.type === 'event' && (topic === undefined || m.topic === topic));
  }

  waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket not closed')), timeoutMs);
      this.closeWaiters.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  close() {
    this.ws.close();
  }
}

/**
 * A check of server messages against the protocol the OpenAPI document declares (its component
 * LiveServerMessage, from api/live/schemas.ts): for each message that does not fit, the message and why.
 */
export function undeclaredLiveMessages(openapi: object, messages: readonly unknown[]): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema(openapi, 'openapi');
  const validate = ajv.compile({ $ref: 'openapi#/components/schemas/LiveServerMessage' });
  return messages.flatMap((m) => (validate(m) ? [] : [`${JSON.stringify(m)}: ${ajv.errorsText(validate.errors)}`]));
}
