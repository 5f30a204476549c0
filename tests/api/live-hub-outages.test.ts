import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LiveClient, LiveHub } from '../../api/live/hub.ts';
import { parseTopic } from '../../dispatch/live.ts';
import type { OutageSnapshot } from '../../dispatch/live-records.ts';

class RecordingSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  send(data: string | Buffer) {
    this.sent.push(data.toString());
  }
  terminate() {}
  close() {}
  ping() {}
}

const outageEvent = (buildingIds: number[]): OutageSnapshot => ({
  id: 7,
  outageId: 3,
  type: 'published',
  actorRole: 'org_staff',
  note: null,
  changes: {},
  at: new Date('2026-11-25T10:00:00Z'),
  outage: {
    id: 3,
    municipalityId: 1,
    organisationId: 4,
    organisationRu: 'АО «Водоканал»',
    organisationEn: 'Vodokanal',
    service: 'cold_water',
    kind: 'emergency',
    status: 'active',
    reason: 'Порыв',
    startsAt: new Date('2026-11-25T09:00:00Z'),
    expectedEndAt: new Date('2026-11-25T15:00:00Z'),
    restoredAt: null,
    area: null,
    districtId: null,
    buildingCount: buildingIds.length,
    escalationLevel: 0,
    version: 1,
    createdAt: new Date(),
    updatedAt: new Date(),
  },
  buildings: [],
  buildingIds,
});

describe('the live hub: outages', () => {
  it('sends one message per subscribed topic, the same body under each topic name, and none to other topics', () => {
    const hub = new LiveHub();
    const open = (...names: string[]) => {
      const socket = new RecordingSocket();
      const client = new LiveClient(socket as never, null, null, 0);
      hub.add(client);
      for (const name of names)
        hub.subscribe(client, name, { topic: parseTopic(name)!, audience: { view: 'public', internal: false } });
      return socket;
    };
    const list = open('outages:1');
    const home = open('building:12', 'building:13');
    const elsewhere = open('outages:2', 'building:99', 'public:district:5');
    hub.publishOutages([outageEvent([11, 12, 13])], new Date('2026-11-25T12:00:00Z'));
    const messages = [...list.sent, ...home.sent].map((m) => JSON.parse(m));
    expect(messages.map((m) => m.topic)).toEqual(['outages:1', 'building:12', 'building:13']);
    const bodies = messages.map(({ topic: _t, ...rest }) => rest);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[0]).toMatchObject({
      type: 'event',
      seq: 7,
      kind: 'outage.published',
      outage: { id: 3, phase: 'ongoing' },
    });
    expect(elsewhere.sent).toEqual([]);
  });
});
