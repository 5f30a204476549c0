import fc from 'fast-check';
import { render } from './messages/index.ts';
import { describe, expect, it } from 'vitest';
import {
  type ApartmentValues,
  apartmentFields,
  apartmentProblems,
  applyPatch,
  deletionRefusal,
  diffApartment,
  normaliseNumber,
} from './apartments.ts';

const flat: ApartmentValues = { number: '12', entrance: 1, floor: 3, area: 45.3, accountNumber: '1100012' };
const building = { entrances: 4, floors: 9 };

describe('editing an apartment', () => {
  it('changes only the fields given and lists each change with its old and new value', () => {
    const next = applyPatch(flat, { number: '  12 А ', accountNumber: '1100099' });
    expect(next).toEqual({ ...flat, number: '12 А', accountNumber: '1100099' });
    expect(diffApartment(flat, next)).toEqual([
      { field: 'number', oldValue: '12', newValue: '12 А' },
      { field: 'accountNumber', oldValue: '1100012', newValue: '1100099' },
    ]);
  });

  it('sees no change when the values are the same, and clears a blank account to null', () => {
    expect(diffApartment(flat, applyPatch(flat, { number: '12', area: 45.3 }))).toEqual([]);
    expect(applyPatch(flat, { accountNumber: '   ' }).accountNumber).toBeNull();
    expect(applyPatch(flat, { entrance: null }).entrance).toBeNull();
  });

  it('collapses whitespace inside a number', () => {
    expect(normaliseNumber(' 12\t  а ')).toBe('12 а');
  });

  it('refuses an entrance or a floor the building does not have, only for fields that change', () => {
    const next = applyPatch(flat, { entrance: 5, floor: 10 });
    expect(apartmentProblems(next, ['entrance', 'floor'], building).map((p) => p.field)).toEqual(['entrance', 'floor']);
    expect(apartmentProblems(next, ['number'], building)).toEqual([]);
    expect(apartmentProblems(next, ['entrance', 'floor'], { entrances: null, floors: null })).toEqual([]);
    expect(apartmentProblems(applyPatch(flat, { area: 45.25 }), ['area'], building).map((p) => p.field)).toEqual([
      'area',
    ]);
    expect(apartmentProblems(applyPatch(flat, { area: 45.3 }), ['area'], building)).toEqual([]);
  });

  it('a patch and its diff agree: applying the diff’s new values to the old apartment gives the new one', () => {
    const values: fc.Arbitrary<ApartmentValues> = fc.record({
      number: fc.stringMatching(/^[0-9]{1,3}[А-Я]?$/),
      entrance: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
      floor: fc.option(fc.integer({ min: -2, max: 30 }), { nil: null }),
      area: fc.option(
        fc.integer({ min: 0, max: 5000 }).map((n) => n / 10),
        { nil: null },
      ),
      accountNumber: fc.option(fc.stringMatching(/^[0-9]{5,10}$/), { nil: null }),
    });
    fc.assert(
      fc.property(values, values, (before, patch) => {
        const after = applyPatch(before, patch);
        const changes = diffApartment(before, after);
        const replayed = { ...before };
        for (const c of changes) (replayed as Record<string, unknown>)[c.field] = c.newValue;
        expect(replayed).toEqual(after);
        expect(changes.every((c) => apartmentFields.includes(c.field) && c.oldValue !== c.newValue)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('removing an apartment', () => {
  it('is allowed with no readings and no confirmed residents', () => {
    expect(deletionRefusal({ readings: 0, confirmedLinks: 0 })).toBeNull();
  });

  it('is refused with readings or confirmed residents, naming each and suggesting retirement', () => {
    const both = deletionRefusal({ readings: 3, confirmedLinks: 1 });
    expect(both?.blockers).toEqual(['readings', 'confirmed_links']);
    expect(both?.message.id).toBe('apartment.cannot_remove');
    expect(render(both!.message, 'ru')).toContain('Снимите её счётчики');
    expect(render(both!.message, 'en')).toContain('Retire its meters and revoke the links');
    expect(deletionRefusal({ readings: 2, confirmedLinks: 0 })?.blockers).toEqual(['readings']);
    expect(deletionRefusal({ readings: 0, confirmedLinks: 2 })?.blockers).toEqual(['confirmed_links']);
  });
});
