import { describe, expect, it } from 'vitest';
import { formatAddress, normaliseAddress } from './address.ts';

describe('address normalisation', () => {
  it.each([
    ['ул. Баумана, д. 12', 'баумана 12'],
    ['ул Баумана д.12', 'баумана 12'],
    ['Баумана, 12', 'баумана 12'],
    ['ул. Чистопольская, д. 5 А', 'чистопольская 5а'],
    ['пр. Победы, д. 100, корп. 2', 'победы 100 к2'],
    ['Россия, Республика Татарстан, г. Казань, ул. Баумана, д. 12', 'баумана 12'],
    ['ул. Татарстан, д. 3', 'татарстан 3'],
    ['ул. Пушкина, д. 3/1', 'пушкина 3/1'],
    ['ул. Ёлочная, д. 1', 'елочная 1'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseAddress(input)).toBe(expected);
  });

  it('formats addresses in the postal style', () => {
    expect(formatAddress({ street: 'ул. Баумана', house: '12', block: '2' })).toBe('ул. Баумана, д. 12, корп. 2');
    expect(formatAddress({ street: 'ул. Баумана', house: '12' })).toBe('ул. Баумана, д. 12');
  });
});
