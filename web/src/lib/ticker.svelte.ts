/**
 * The current time for countdowns, advancing every `everyMs` while something shows it. One per
 * page: `const clock = new Ticker(); onMount(() => clock.start())`.
 */
export class Ticker {
  now = $state(Date.now());
  #everyMs: number;
  constructor(everyMs = 15_000) {
    this.#everyMs = everyMs;
  }
  start(): () => void {
    const timer = setInterval(() => (this.now = Date.now()), this.#everyMs);
    return () => clearInterval(timer);
  }
}
