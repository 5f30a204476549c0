import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { defaultLimits, LiveClient, LiveHub } from '../../api/live/hub.ts';
import { type EventSnapshot, parseTopic } from '../../dispatch/live.ts';

/** A socket whose peer reads nothing: its send buffer only grows (the hub reads bufferedAmount). */
class StuckSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  terminated = false;
  closedWith: number | null = null;
  pings = 0;
  send(data: string) {
    this.bufferedAmount += Buffer.byteLength(data);
  }
  terminate() {
    this.terminated = true;
    this.readyState = 3;
  }
  close(code: number) {
    this.closedWith = code;
    this.readyState = 2;
  }
  ping() {
    this.pings++;
  }
}

const event = (id: number): EventSnapshot => ({
  id,
  appealId: 1,
  type: 'comment',
  fromStatus: 'accepted',
  toStatus: 'accepted',
  organisationId: 3,
  previousOrganisationId: null,
  visibility: 'public',
  at: new Date(),
  appeal: {
    number: 'KZN-2026-000001',
    municipalityId: 1,
    districtId: 5,
    status: 'accepted',
    priority: 'normal',
    categoryId: 2,
    assignedOrgId: 3,
    public: true,
    lat: 55.79,
    lon: 49.12,
    responseDueAt: null,
    resolutionDueAt: null,
    responseBreachedAt: null,
    resolutionBreachedAt: null,
  },
});

describe('the live hub', () => {
  const setup = () => {
    const hub = new LiveHub({
      ...defaultLimits,
      maxBufferedBytes: 10_000,
      maxSubscriptions: 5,
      pingIntervalMs: 1000,
      idleTimeoutMs: 5000,
    });
    const open = (name = 'public:district:5') => {
      const socket = new StuckSocket();
      const client = new LiveClient(socket as never, null, null, 0);
      hub.add(client);
      hub.subscribe(client, name, { topic: parseTopic(name)!, audience: { view: 'public', internal: false } });
      return { socket, client };
    };
    return { hub, open };
  };

  it('drops a client that does not read instead of buffering for it without limit, and keeps serving the others', () => {
    const { hub, open } = setup();
    const slow = open();
    const fast = open();
    for (let i = 1; i <= 200; i++) {
      hub.publish([event(i)]);
      fast.socket.bufferedAmount = 0; // this peer keeps up
    }
    expect(slow.socket.terminated).toBe(true);
    expect(slow.socket.bufferedAmount).toBeLessThan(10_000 + 1000);
    expect(hub.clients.has(slow.client)).toBe(false);
    expect(fast.socket.terminated).toBe(false);
    expect(hub.stats()).toMatchObject({ clients: 1, dropped: 1 });
  });

  it('pings, ends peers that stop answering, and closes sockets that follow nothing', () => {
    const { hub, open } = setup();
    const quiet = open();
    const answering = open();
    const idle = new StuckSocket();
    hub.add(new LiveClient(idle as never, null, null, 0));
    hub.heartbeat(1000);
    expect(quiet.socket.pings).toBe(1);
    answering.socket.emit('pong');
    idle.emit('pong');
    hub.heartbeat(2000);
    expect(quiet.socket.terminated).toBe(true);
    expect(answering.socket.terminated).toBe(false);
    expect(idle.closedWith).toBeNull();
    idle.emit('pong');
    hub.heartbeat(6000);
    expect(idle.closedWith).toBe(4000);
  });
});
