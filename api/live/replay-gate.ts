/**
 * What replaying missed events may cost. A reconnecting client's catch-up reads up to thousands of
 * events back, and a socket may ask for it on each of its subscriptions: cheap to ask, dear to serve
 * (issue 14: ten anonymous sockets kept the server busy for 53 s). So replay work is paid for from a
 * budget per client address (event ids read, a token bucket), and runs a few at a time in the whole
 * process, behind a bounded queue. A replay refused either way is a resync: the live stream goes on,
 * and the client reloads what it missed over HTTP.
 */
export type ReplayGateLimits = {
  /** Event ids an address may have replayed per minute (and at once: the bucket's size). */
  replayIdsPerAddressPerMinute: number;
  /** Replays running at once in the process. */
  replayConcurrency: number;
  /** Replays waiting for a turn; beyond that a replay is refused at once. */
  replayQueue: number;
};

type Bucket = { tokens: number; at: number };

// Full buckets are forgotten once there are this many addresses (they are what a new one starts with).
const PRUNE_AT = 10_000;

export class ReplayGate {
  private readonly buckets = new Map<string, Bucket>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly limits: ReplayGateLimits;
  constructor(limits: ReplayGateLimits) {
    this.limits = limits;
  }

  /** Take `ids` from the address's budget at `now` (ms); false, and nothing taken, when it is spent. */
  charge(address: string, ids: number, now: number): boolean {
    const size = this.limits.replayIdsPerAddressPerMinute;
    const bucket = this.buckets.get(address) ?? { tokens: size, at: now };
    bucket.tokens = Math.min(size, bucket.tokens + ((now - bucket.at) * size) / 60_000);
    bucket.at = now;
    if (bucket.tokens < ids) {
      this.buckets.set(address, bucket);
      return false;
    }
    bucket.tokens -= ids;
    this.buckets.set(address, bucket);
    if (this.buckets.size > PRUNE_AT) this.prune(now);
    return true;
  }

  /** A turn to replay: resolves with its release once one is free, or null when too many wait. */
  async turn(): Promise<(() => void) | null> {
    if (this.running >= this.limits.replayConcurrency) {
      if (this.waiting.length >= this.limits.replayQueue) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The turn passes straight to the next in line; `running` stays as it is.
      if (next) next();
      else this.running--;
    };
  }

  private prune(now: number) {
    const size = this.limits.replayIdsPerAddressPerMinute;
    for (const [address, b] of this.buckets)
      if (b.tokens + ((now - b.at) * size) / 60_000 >= size) this.buckets.delete(address);
  }
}
