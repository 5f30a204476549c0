import { createContext } from 'svelte';
import type { Schemas } from './api.ts';

/** A message a stream's handlers get: its events and its resync (see the README's "Live status"). */
export type LiveMessage =
  | Schemas['LiveAppealEvent']
  | Schemas['LiveOutageEvent']
  | Schemas['LiveApplicationEvent']
  | Schemas['LiveHallEvent']
  | Schemas['LiveDiscussionEvent']
  | Schemas['LiveResync'];
/** Any message the server sends (api/live/schemas.ts, generated into ./api/schema.d.ts). */
type ServerMessage = Schemas['LiveServerMessage'];
type ClientMessage = Schemas['LiveClientMessageInput'];

type Handler = (message: LiveMessage) => void;
type Stream = { handlers: Set<Handler>; lastSeq: number | null; seen: Set<number> };

const RECONNECT_MAX_MS = 30_000;
/**
 * Close codes by which the server says "not now" (api/live/hub.ts closeCodes: too many sockets from
 * this address, too many anonymous sockets, too many messages): come back after a minute, not at once.
 */
const COME_BACK_LATER = new Set([4029, 4503, 1008]);
const COME_BACK_LATER_MS = 60_000;
// Replays may repeat a few sequences before `since`: remember this many per stream to drop them.
const SEEN_PER_STREAM = 1000;

/**
 * One websocket to /api/live per page tree. Streams are subscribed on demand; after a drop the
 * connection comes back (with backoff) and resubscribes each stream from the last sequence it saw,
 * so nothing is missed; repeats are dropped by sequence.
 */
export class LiveConnection {
  status: 'connecting' | 'open' | 'closed' = $state('closed');
  #socket: WebSocket | null = null;
  #streams = new Map<string, Stream>();
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  subscribe(topic: string, handler: Handler): () => void {
    let stream = this.#streams.get(topic);
    if (!stream) {
      stream = { handlers: new Set(), lastSeq: null, seen: new Set() };
      this.#streams.set(topic, stream);
      this.#send({ type: 'subscribe', topic });
    }
    stream.handlers.add(handler);
    this.#connect();
    return () => {
      stream.handlers.delete(handler);
      if (stream.handlers.size > 0) return;
      this.#streams.delete(topic);
      this.#send({ type: 'unsubscribe', topic });
    };
  }

  close() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#socket?.close();
    this.status = 'closed';
  }

  #send(message: ClientMessage) {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  #connect() {
    if (this.#socket || this.#stopped || typeof WebSocket === 'undefined') return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/live`;
    const socket = new WebSocket(url);
    this.#socket = socket;
    this.status = 'connecting';
    socket.onopen = () => {
      this.status = 'open';
      for (const [topic, stream] of this.#streams)
        this.#send({ type: 'subscribe', topic, since: stream.lastSeq ?? undefined });
    };
    socket.onmessage = (e) => this.#receive(JSON.parse(String(e.data)));
    socket.onclose = (e) => {
      this.#socket = null;
      this.status = 'closed';
      if (this.#stopped || this.#streams.size === 0) return;
      // A refused handshake (429/503) reaches a browser as a close before open: the backoff grows on.
      const wait = COME_BACK_LATER.has(e.code)
        ? COME_BACK_LATER_MS
        : Math.min(RECONNECT_MAX_MS, 500 * 2 ** this.#attempt);
      this.#attempt++;
      const delay = wait * (0.5 + Math.random() / 2);
      this.#timer = setTimeout(() => this.#connect(), delay);
    };
  }

  #receive(message: ServerMessage) {
    // Only a socket the server took (it says hello) ends the backoff; one closed at once does not.
    if (message.type === 'hello') this.#attempt = 0;
    if (!('topic' in message) || message.topic === undefined) return;
    const stream = this.#streams.get(message.topic);
    if (!stream) return;
    if (message.type === 'subscribed' && stream.lastSeq === null) stream.lastSeq = message.seq;
    if (message.type === 'resync') for (const handler of stream.handlers) handler(message);
    if (message.type !== 'event') return;
    if (stream.seen.has(message.seq)) return;
    stream.seen.add(message.seq);
    if (stream.seen.size > SEEN_PER_STREAM) stream.seen.delete(stream.seen.values().next().value as number);
    stream.lastSeq = Math.max(stream.lastSeq ?? 0, message.seq);
    for (const handler of stream.handlers) handler(message);
  }
}

const [get, set] = createContext<LiveConnection>();
export const getLive = get;
export const setLive = set;
