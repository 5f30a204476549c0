/**
 * A one-line progress bar on stderr: phase, bar, percentage, rate and ETA. On a terminal it redraws
 * in place at most ten times a second; in a log (no TTY) it writes a line per phase and every 10 s.
 * Small enough not to justify a dependency. The seed's phases by default; another tool (the
 * registers' import) names its own.
 */
import type { SeedPhase } from './load.ts';

/** How far a phase got: `done` of `total` (and, optionally, what to show instead of the counts). */
export type Progress = { phase: string; done: number; total: number; counts?: string };

const PHASE_NAMES: Record<SeedPhase, string> = {
  reference: 'справочники / reference',
  buildings: 'дома / buildings',
  users: 'пользователи / users',
  appeals: 'обращения / appeals',
  events: 'история / events',
  indexes: 'индексы / indexes',
  sequences: 'счётчики / sequences',
};

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export class ProgressBar {
  #out: NodeJS.WriteStream;
  #tty: boolean;
  #phase: string | null = null;
  #names: Readonly<Record<string, string>>;
  #phaseStarted = 0;
  #lastDraw = 0;
  #lastLine = '';
  #completed = false;
  #clock: () => number;

  constructor(
    out: NodeJS.WriteStream = process.stderr,
    clock: () => number = () => performance.now(),
    names: Readonly<Record<string, string>> = PHASE_NAMES,
  ) {
    this.#names = names;
    this.#out = out;
    this.#tty = Boolean(out.isTTY);
    this.#clock = clock;
  }

  update = (p: Progress): void => {
    const now = this.#clock();
    const newPhase = p.phase !== this.#phase;
    if (newPhase) {
      if (this.#phase !== null) this.#finishLine();
      this.#phase = p.phase;
      this.#phaseStarted = now;
      this.#lastDraw = 0;
      this.#completed = false;
    }
    const complete = p.done >= p.total;
    if (complete && this.#completed) return;
    this.#completed = complete;
    const interval = this.#tty ? 100 : 10_000;
    // a log gets no line for a phase that has only just begun
    if (!complete && (newPhase ? !this.#tty : now - this.#lastDraw < interval)) return;
    this.#lastDraw = now;
    this.#draw(p, now);
  };

  /** End the current line (call once the work is over). */
  finish(): void {
    if (this.#phase !== null) this.#finishLine();
    this.#phase = null;
  }

  #draw(p: Progress, now: number): void {
    const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
    const width = 24;
    const filled = Math.round(fraction * width);
    const seconds = (now - this.#phaseStarted) / 1000;
    const rate = seconds > 0 ? p.done / seconds : 0;
    const eta = rate > 0 ? (p.total - p.done) / rate : Number.POSITIVE_INFINITY;
    const line =
      `${(this.#names[p.phase] ?? p.phase).padEnd(24)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` +
      `${(fraction * 100).toFixed(0).padStart(3)}% ${p.counts ?? `${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} ${Math.round(rate).toLocaleString('en')}/s`} ` +
      `${fraction >= 1 ? duration(seconds) : `ETA ${duration(eta)}`}`;
    this.#lastLine = line;
    if (this.#tty) this.#out.write(`\r\x1b[2K${line}`);
    else this.#out.write(`${line}\n`);
  }

  #finishLine(): void {
    if (this.#tty && this.#lastLine) this.#out.write('\n');
    this.#lastLine = '';
  }
}
