import type { Database } from '../db/client.ts';
import { TIMER_CHANNEL, timersDueWithin } from '../db/queries/job-timers.ts';
import type { Boss } from './boss.ts';
import { queues, TIMER_HORIZON_MS } from './queues.ts';

/** How often the look-ahead pass runs; it sees TIMER_HORIZON_MS ahead, so passes overlap. */
const PASS_MS = 5_000;
/** At most this many instants per pass (a pass later picks up the rest while they are still ahead). */
const PASS_LIMIT = 10_000;
/** pg-boss compares start_after with the database's now(); a wake this late makes sure it has passed. */
const MARGIN_MS = 5;

/**
 * The timer wheel of one process: wakes the workers of a delayed job's queue at the job's instant
 * (`boss.notifyWorker`), instead of at their next poll. Instants come from two sources: the
 * look-ahead pass (jobs due within TIMER_HORIZON_MS, every PASS_MS) and the announcements of timers
 * armed closer than that (TIMER_CHANNEL, sent in the arming transaction by jobs/queues.ts). Both
 * are only hints: the workers' polling still finds every job, so a lost wake delays a step by at
 * most a poll and never loses it.
 */
export class TimerWake {
  private readonly boss: Boss;
  private readonly db: Database;
  private readonly onError: (err: unknown) => void;
  /** The workers of each queue that opted into wakes (`notify: true`), by id. */
  private readonly workerIds = new Map<string, string[]>();
  /** A min-heap of instants with their queue; `armed` holds each once. */
  private readonly heap: { at: number; queue: string }[] = [];
  private readonly armed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private passTimer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private stopped = false;
  private passing: Promise<void> | null = null;

  constructor(boss: Boss, db: Database, onError: (err: unknown) => void = (err) => console.error(err)) {
    this.boss = boss;
    this.db = db;
    this.onError = onError;
  }

  /** Start once the workers are registered: it wakes the workers this process runs. */
  async start(): Promise<void> {
    for (const worker of this.boss.getWipData()) {
      const def = queues[worker.name as keyof typeof queues];
      if (!def || !('notify' in def.options && def.options.notify)) continue;
      this.workerIds.set(worker.name, [...(this.workerIds.get(worker.name) ?? []), worker.id]);
    }
    const listener = await this.db.$client.listen(
      TIMER_CHANNEL,
      (payload) => this.onAnnounce(payload),
      // Every (re)connect: what was announced while the connection was down is in the database.
      () => void this.pass(),
    );
    this.unlisten = listener.unlisten;
    this.passTimer = setInterval(() => void this.pass(), PASS_MS);
    this.passTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.passTimer) clearInterval(this.passTimer);
    if (this.timer) clearTimeout(this.timer);
    await this.unlisten?.().catch(() => {});
    await this.passing?.catch(() => {});
  }

  private onAnnounce(payload: string): void {
    const bar = payload.lastIndexOf('|');
    const at = Number(payload.slice(bar + 1));
    if (bar > 0 && Number.isFinite(at)) this.arm(payload.slice(0, bar), at);
  }

  /** Read the instants due within the horizon (one pass at a time). */
  pass(): Promise<void> {
    if (this.stopped || this.workerIds.size === 0) return Promise.resolve();
    this.passing ??= timersDueWithin(this.db, {
      queues: [...this.workerIds.keys()],
      horizonMs: TIMER_HORIZON_MS,
      limit: PASS_LIMIT,
    })
      .then((due) => {
        for (const t of due) this.arm(t.queue, t.dueMs);
      })
      .catch(this.onError)
      .finally(() => {
        this.passing = null;
      });
    return this.passing;
  }

  private arm(queue: string, at: number): void {
    if (this.stopped || !this.workerIds.has(queue)) return;
    const key = `${queue}|${at}`;
    if (this.armed.has(key)) return;
    this.armed.add(key);
    push(this.heap, { at, queue });
    this.schedule();
  }

  private schedule(): void {
    const next = this.heap[0];
    if (!next || next.at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next.at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, next.at - Date.now() + MARGIN_MS));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    const queues = new Set<string>();
    while (this.heap.length > 0 && this.heap[0].at <= now) {
      const t = pop(this.heap);
      this.armed.delete(`${t.queue}|${t.at}`);
      queues.add(t.queue);
    }
    for (const queue of queues) for (const id of this.workerIds.get(queue) ?? []) this.boss.notifyWorker(id);
    this.schedule();
  }
}

type Entry = { at: number; queue: string };

function push(heap: Entry[], e: Entry): void {
  heap.push(e);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent].at <= heap[i].at) break;
    [heap[parent], heap[i]] = [heap[i], heap[parent]];
    i = parent;
  }
}

function pop(heap: Entry[]): Entry {
  const top = heap[0];
  const last = heap.pop() as Entry;
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && heap[l].at < heap[m].at) m = l;
      if (r < heap.length && heap[r].at < heap[m].at) m = r;
      if (m === i) break;
      [heap[m], heap[i]] = [heap[i], heap[m]];
      i = m;
    }
  }
  return top;
}
