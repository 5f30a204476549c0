import { describe, expect, it } from 'vitest';
import {
  conclusionFacts,
  missingRecommendations,
  type ProtocolSource,
  protocolFacts,
  protocolPublished,
  ruDate,
  summaryOf,
} from './protocols.ts';

const source = (over: Partial<ProtocolSource['discussion']> = {}): ProtocolSource => ({
  discussion: {
    id: 1,
    number: 'ПС-2026-07',
    kind: 'planning_project',
    status: 'closed',
    title: 'Квартал у ул. Баумана',
    summary: 'Школа и сквер',
    expositionPlace: 'ул. Баумана, 58',
    announcedAt: new Date('2026-11-01T07:00:00Z'),
    protocolSignedAt: null,
    concludedAt: null,
    conclusionText: null,
    noticeOn: '2026-11-01',
    expositionFrom: '2026-11-09',
    expositionTo: '2026-11-22',
    proposalsFrom: '2026-11-09',
    proposalsTo: '2026-11-22',
    protocolBy: '2026-11-27',
    conclusionBy: '2026-12-04',
    ...over,
  },
  organiser: 'УАиГ',
  municipality: 'Казань',
  timeZone: 'Europe/Moscow',
  territory: { buildings: 12, plots: ['16:50:011101:123'] },
  participants: 3,
  proposals: [
    {
      number: 2,
      body: 'b',
      submittedAt: new Date(),
      status: 'accepted',
      rejectReason: null,
      recommendation: null,
      recommendationReason: null,
    },
    {
      number: 1,
      body: 'a',
      submittedAt: new Date(),
      status: 'accepted',
      rejectReason: null,
      recommendation: 'decline',
      recommendationReason: 'r',
    },
    {
      number: 3,
      body: 'c',
      submittedAt: new Date(),
      status: 'rejected',
      rejectReason: 'off',
      recommendation: null,
      recommendationReason: null,
    },
  ],
});

describe('the protocol and the conclusion as data', () => {
  it('names the accepted proposals still without a recommendation, in number order, and never a rejected one', () => {
    expect(missingRecommendations(source().proposals)).toEqual([2]);
  });

  it('shortens a long proposal for the conclusion with an ellipsis and keeps a short one whole', () => {
    expect(summaryOf('  два   слова ')).toBe('два слова');
    const long = summaryOf('а'.repeat(700), 600);
    expect(long).toHaveLength(600);
    expect(long.endsWith('…')).toBe(true);
  });

  it('writes dates as Russian documents do and publishes the protocol once signed', () => {
    expect(ruDate('2026-12-07')).toBe('07.12.2026');
    expect(ruDate(null)).toBe('—');
    expect(['closed', 'protocol', 'concluded'].map((s) => protocolPublished(s as 'closed'))).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('states the protocol’s date (a draft’s marked), the notice, the periods, the territory and the numbers', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    const facts = Object.fromEntries(protocolFacts(source(), now).map((f) => [f.label, f.value]));
    expect(facts['Дата оформления протокола']).toBe('25.11.2026 (проект)');
    expect(facts.Оповещение).toContain('опубликовано 01.11.2026');
    expect(facts['Срок приёма предложений и замечаний']).toBe('с 09.11.2026 по 22.11.2026');
    expect(facts.Территория).toContain('16:50:011101:123');
    expect(facts['Число участников']).toBe('3');
    expect(facts['Предложений и замечаний принято в протокол']).toBe('2');
    expect(facts['Не подлежат рассмотрению']).toBe('1');
    const signed = source({ protocolSignedAt: new Date('2026-11-26T21:30:00Z') });
    // Signed late in the evening UTC: the next day in Kazan.
    expect(protocolFacts(signed, now)[0].value).toBe('27.11.2026');
    expect(conclusionFacts(signed, now).find((f) => f.label === 'Протокол')?.value).toBe('№ ПС-2026-07 от 27.11.2026');
  });
});
