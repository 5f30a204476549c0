import { describe, expect, it } from 'vitest';
import { phoneE164, safeReturnTo, splitRegistrationAddress, verifiedClaims } from './identity.ts';

describe('the ESIA profile of an OpenID Connect provider’s claims', () => {
  it('makes the full name of its three parts, and takes the birth date, the registration address and a verified phone', () => {
    expect(
      verifiedClaims({
        family_name: 'Галиева',
        given_name: 'Алсу',
        middle_name: 'Ринатовна',
        birthdate: '1986-04-12',
        registration_address: { formatted: 'г. Казань, ул. Баумана, д. 3, кв. 14' },
        address: { formatted: 'somewhere else' },
        phone_number: '+7 (999) 001-10-01',
        phone_number_verified: true,
      }),
    ).toEqual({
      fullName: 'Галиева Алсу Ринатовна',
      birthDate: '1986-04-12',
      registrationAddress: 'г. Казань, ул. Баумана, д. 3, кв. 14',
      phone: '+79990011001',
    });
  });

  it('falls back to the standard claims (name, address.formatted) and drops an unverified phone or a partial date', () => {
    expect(
      verifiedClaims({
        name: 'Ivan Petrov',
        birthdate: '1990',
        address: { formatted: 'ул. Пушкина, д. 2' },
        phone_number: '89170000000',
      }),
    ).toEqual({ fullName: 'Ivan Petrov', birthDate: null, registrationAddress: 'ул. Пушкина, д. 2', phone: null });
  });

  it('refuses claims without any name', () => {
    expect(verifiedClaims({ sub: 'x', birthdate: '1990-01-01' })).toBeNull();
  });

  it('reads Russian mobile numbers in E.164 only', () => {
    expect(phoneE164('8 917 123-45-67')).toBe('+79171234567');
    expect(phoneE164('9171234567')).toBe('+79171234567');
    expect(phoneE164('+1 555 0100')).toBeNull();
  });
});

describe('a registration address', () => {
  it('keeps the building apart from the postcode and the apartment', () => {
    expect(
      splitRegistrationAddress('420111, Республика Татарстан, г. Казань, ул. Кремлёвская, д. 10, корп. 1, кв. 27'),
    ).toEqual({
      building: 'Республика Татарстан, г. Казань, ул. Кремлёвская, д. 10, корп. 1',
      apartment: '27',
    });
    expect(splitRegistrationAddress('ул. Баумана, д. 3')).toEqual({ building: 'ул. Баумана, д. 3', apartment: null });
  });
});

describe('where a sign-in returns', () => {
  it('is a path of this site only', () => {
    expect(safeReturnTo('/discussions/12?tab=map')).toBe('/discussions/12?tab=map');
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', null])
      expect(safeReturnTo(bad)).toBe('/');
  });
});
