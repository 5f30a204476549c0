import type { PgBoss } from 'pg-boss';
import { TIMER_CHANNEL, timersDueWithin } from '../db/queries/job-timers.ts';
import { TIMER_HORIZON_MS } from './queues.ts';

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
 * most a poll and never loses it. It runs beside pg-boss (jobs/boss.ts startBoss), on pg-boss's
 * pool and its reconnecting LISTEN connection, and wakes whatever workers the process registered.
 */
export class TimerWake {
  private readonly boss: PgBoss;
  private readonly onError: (err: unknown) => void;
  /** A min-heap of instants with their queue; `armed` holds each once. */
  private readonly heap: { at: number; queue: string }[] = [];
  private readonly armed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private passTimer: NodeJS.Timeout | null = null;
  private listener: { close(): Promise<void> } | null = null;
  private stopped = false;
  private passing: Promise<void> | null = null;

  constructor(boss: PgBoss, onError: (err: unknown) => void = (err) => console.error(err)) {
    this.boss = boss;
    this.onError = onError;
  }

  async start(): Promise<void> {
    const db = this.boss.getDb();
    if (!db.listen) throw new Error('the timer wheel needs pg-boss’s own pool (LISTEN)');
    this.listener = await db.listen(
      TIMER_CHANNEL,
      (payload) => this.onAnnounce(payload),
      // Every reconnect: what was announced while the connection was down is in the database.
      () => void this.pass(),
    );
    this.passTimer = setInterval(() => void this.pass(), PASS_MS);
    this.passTimer.unref();
  }

  /** This process's live workers, by queue. */
  private workers(): Map<string, string[]> {
    const byQueue = new Map<string, string[]>();
    for (const w of this.boss.getWipData()) {
      byQueue.set(w.name, [...(byQueue.get(w.name) ?? []), w.id]);
    }
    return byQueue;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.passTimer) clearInterval(this.passTimer);
    if (this.timer) clearTimeout(this.timer);
    await this.listener?.close().catch(() => {});
    await this.passing?.catch(() => {});
  }

  private onAnnounce(payload: string): void {
    const bar = payload.lastIndexOf('|');
    const at = Number(payload.slice(bar + 1));
    if (bar > 0 && Number.isFinite(at)) this.arm(payload.slice(0, bar), at);
  }

  /** Read the instants due within the horizon (one pass at a time). */
  pass(): Promise<void> {
    const names = [...this.workers().keys()];
    if (this.stopped || names.length === 0) return Promise.resolve();
    this.passing ??= timersDueWithin(this.boss.getDb(), {
      queues: names,
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
    if (this.stopped) return;
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
    const workers = this.workers();
    for (const queue of queues) for (const id of workers.get(queue) ?? []) this.boss.notifyWorker(id);
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
