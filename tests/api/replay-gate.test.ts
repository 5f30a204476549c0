import { describe, expect, it } from 'vitest';
import { ReplayGate } from '../../api/live/replay-gate.ts';

describe('the replay gate', () => {
  it("charges an address's replays to its budget, which refills over a minute", () => {
    const gate = new ReplayGate({ replayIdsPerAddressPerMinute: 1000, replayConcurrency: 1, replayQueue: 1 });
    expect(gate.charge('10.0.0.1', 800, 0)).toBe(true);
    expect(gate.charge('10.0.0.1', 300, 0)).toBe(false);
    // Another address has its own budget.
    expect(gate.charge('10.0.0.2', 1000, 0)).toBe(true);
    // 200 left; 30 s later another 500.
    expect(gate.charge('10.0.0.1', 700, 30_000)).toBe(true);
    expect(gate.charge('10.0.0.1', 1, 30_000)).toBe(false);
    // Never more than a minute's worth at once.
    expect(gate.charge('10.0.0.1', 1001, 600_000)).toBe(false);
    expect(gate.charge('10.0.0.1', 1000, 600_000)).toBe(true);
  });

  it('runs replays a few at a time behind a bounded queue, and refuses beyond it', async () => {
    const gate = new ReplayGate({ replayIdsPerAddressPerMinute: 1000, replayConcurrency: 2, replayQueue: 1 });
    const a = await gate.turn();
    const b = await gate.turn();
    let cStarted = false;
    const c = gate.turn().then((release) => {
      cStarted = true;
      return release;
    });
    expect(await gate.turn()).toBeNull();
    await Promise.resolve();
    expect(cStarted).toBe(false);
    a?.();
    a?.(); // a second release changes nothing
    const releaseC = await c;
    expect(cStarted).toBe(true);
    // b and c run: the next one waits in the freed place in the queue, and the one after is refused.
    const d = gate.turn();
    expect(await gate.turn()).toBeNull();
    b?.();
    expect(await d).not.toBeNull();
    releaseC?.();
  });
});
