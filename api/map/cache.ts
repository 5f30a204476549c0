import type { FastifyBaseLogger } from 'fastify';

type Entry<T> = { value?: T; takenAt: number; pending?: Promise<T> };

/**
 * A small stale-while-revalidate cache: a value older than `ttlMs` is still answered while one
 * background load replaces it, so no request waits on a reload; only the first request for a key
 * waits. Concurrent requests for a missing key share one load. Least recently used keys go first.
 */
export class StaleWhileRevalidate<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #clock: () => Date;
  readonly #log: FastifyBaseLogger;

  constructor(opts: { ttlMs: number; maxEntries: number; clock: () => Date; log: FastifyBaseLogger }) {
    this.#ttlMs = opts.ttlMs;
    this.#maxEntries = opts.maxEntries;
    this.#clock = opts.clock;
    this.#log = opts.log;
  }

  /** The value for a key and when it was taken (possibly up to ttlMs plus one load old). */
  async get(key: string, load: (takenAt: Date) => Promise<T>): Promise<{ value: T; takenAt: Date }> {
    const now = this.#clock().getTime();
    let entry = this.#entries.get(key);
    if (entry) {
      // most recently used last
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    } else {
      entry = { takenAt: now };
      this.#entries.set(key, entry);
      if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    }
    if (entry.value !== undefined) {
      if (now - entry.takenAt >= this.#ttlMs && !entry.pending) {
        this.#reload(entry, load, now).catch((err) =>
          this.#log.warn({ err, key }, 'map cache reload failed; serving the older counts'),
        );
      }
      return { value: entry.value, takenAt: new Date(entry.takenAt) };
    }
    const value = await (entry.pending ?? this.#reload(entry, load, now));
    return { value, takenAt: new Date(entry.takenAt) };
  }

  #reload(entry: Entry<T>, load: (takenAt: Date) => Promise<T>, now: number): Promise<T> {
    const pending = load(new Date(now)).then(
      (value) => {
        entry.value = value;
        entry.takenAt = now;
        entry.pending = undefined;
        return value;
      },
      (err) => {
        entry.pending = undefined;
        throw err;
      },
    );
    entry.pending = pending;
    return pending;
  }
}
