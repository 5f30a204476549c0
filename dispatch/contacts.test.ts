import { describe, expect, it } from 'vitest';
import {
  maskContact,
  maskEmail,
  maskPhone,
  normaliseEmail,
  normalisePhone,
  parseSignInDestination,
} from './contacts.ts';

describe('normalisePhone', () => {
  it.each([
    ['8 917 123-45-67'],
    ['+7 (917) 1234567'],
    ['9171234567'],
    ['79171234567'],
    ['+7 917 123 45 67'],
    ['8(917)123.45.67'],
    ['  +7\u00a0917\u00a0123–45–67 '],
  ])('reads %j as +79171234567', (input) => {
    expect(normalisePhone(input)).toEqual({ ok: true, value: '+79171234567' });
  });

  it('keeps a landline of Kazan (843)', () => {
    expect(normalisePhone('8 (843) 221-00-00')).toEqual({ ok: true, value: '+78432210000' });
  });

  it.each([
    ['', 'contact.phone_empty'],
    ['   ', 'contact.phone_empty'],
    ['917-123-45', 'contact.phone_ten_digits'],
    ['8 917 123-45-678', 'contact.phone_ten_digits'],
    ['+1 202 555 0143', 'contact.phone_plus_seven_only'],
    ['+44 20 7946 0958', 'contact.phone_plus_seven_only'],
    ['+7 701 123 45 67', 'contact.phone_not_russian'],
    ['8 917 ABC-45-67', 'contact.phone_digits_only'],
    ['+7 917 123 45 67 доб. 2', 'contact.phone_digits_only'],
    ['++79171234567', 'contact.phone_digits_only'],
    ['79171234567+', 'contact.phone_digits_only'],
  ])('refuses %j with a reason', (input, reason) => {
    const result = normalisePhone(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toEqual({ id: reason });
  });
});

describe('normaliseEmail', () => {
  it.each([
    ['Ivan.Petrov@Mail.RU', 'ivan.petrov@mail.ru'],
    ['  anna+otklik@yandex.ru ', 'anna+otklik@yandex.ru'],
    ['user@sub.domain.example.com', 'user@sub.domain.example.com'],
    ['ivan@Почта.РФ', 'ivan@почта.рф'],
  ])('reads %j as %j', (input, value) => {
    expect(normaliseEmail(input)).toEqual({ ok: true, value });
  });

  it.each([
    [''],
    ['ivan'],
    ['ivan@'],
    ['@mail.ru'],
    ['ivan@@mail.ru'],
    ['ivan@mail'],
    ['ivan@mail.r'],
    ['ivan@mail..ru'],
    ['ivan@-mail.ru'],
    ['iv an@mail.ru'],
    ['.ivan@mail.ru'],
    ['ivan.@mail.ru'],
    ['iv..an@mail.ru'],
    ['ivan@mail.ru.'],
    [`${'a'.repeat(65)}@mail.ru`],
    [`ivan@${'a'.repeat(250)}.ru`],
  ])('refuses %j', (input) => {
    const result = normaliseEmail(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.id).toMatch(/^contact\.email_/);
  });
});

describe('parseSignInDestination', () => {
  it('takes anything with @ as an e-mail address', () => {
    expect(parseSignInDestination(' I@Mail.ru ')).toEqual({ ok: true, value: { kind: 'email', value: 'i@mail.ru' } });
  });

  it('takes a mobile number as a phone', () => {
    expect(parseSignInDestination('8 917 123-45-67')).toEqual({
      ok: true,
      value: { kind: 'phone', value: '+79171234567' },
    });
  });

  it('refuses a landline, which cannot receive an SMS code', () => {
    const result = parseSignInDestination('8 (843) 221-00-00');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toEqual({ id: 'contact.phone_mobile_required' });
  });

  it('passes on the reason for a malformed e-mail address', () => {
    expect(parseSignInDestination('ivan@mail').ok).toBe(false);
  });
});

describe('masking for logs', () => {
  it('keeps the country, operator code and last four digits of a phone', () => {
    expect(maskPhone('+79171234567')).toBe('+7917***4567');
  });

  it('keeps the first letter and the domain of an e-mail address', () => {
    expect(maskEmail('ivan@mail.ru')).toBe('i***@mail.ru');
    expect(maskEmail('i@mail.ru')).toBe('i***@mail.ru');
  });

  it('never returns the full contact', () => {
    for (const contact of [
      { kind: 'phone', value: '+79171234567' },
      { kind: 'email', value: 'anna.sidorova@yandex.ru' },
    ] as const) {
      const masked = maskContact(contact);
      expect(masked).not.toBe(contact.value);
      expect(masked).toContain('***');
    }
  });

  it('gives stars for something that is not a contact', () => {
    expect(maskPhone('+7')).toBe('***');
    expect(maskEmail('nobody')).toBe('***');
  });
});
