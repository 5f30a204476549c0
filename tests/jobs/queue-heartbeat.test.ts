import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoss } from '../../jobs/boss.ts';
import { queues } from '../../jobs/queues.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * The jobs of a worker that died are handed on by their heartbeat (tests/faults/worker-kill.test.ts);
 * a database whose queues were created before the heartbeat existed gets it at the next start.
 */
describe('queue heartbeats', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('adds the heartbeat to routing and escalation queues created without it', async () => {
    const old = await startBoss(database.url, { supervise: false, schedule: false, max: 1 });
    for (const name of ['appeal.route', 'sla.step'] as const) {
      await old.deleteQueue(name);
      const { heartbeatSeconds: _, ...before } = queues[name].options;
      await old.createQueue(name, before);
      expect((await old.getQueue(name))?.heartbeatSeconds ?? null).toBeNull();
    }
    await old.stop({ graceful: false, close: true });
    const boss = await startBoss(database.url, { supervise: false, schedule: false, max: 1 });
    try {
      expect((await boss.getQueue('appeal.route'))?.heartbeatSeconds).toBe(10);
      expect((await boss.getQueue('sla.step'))?.heartbeatSeconds).toBe(10);
      expect((await boss.getQueue('appeal.route'))?.expireInSeconds).toBe(300);
    } finally {
      await boss.stop({ graceful: false, close: true });
    }
  });
});
