/**
 * Phones and e-mail addresses as people type them: normalised to one stored form (E.164 for phones,
 * lower case for e-mail) so that one person has one account, and masked for logs.
 */

import type { Message } from './messages/index.ts';

export type ContactKind = 'phone' | 'email';
export type Contact = { kind: ContactKind; value: string };
/** A value read from what a person typed, or why it was refused (a message of the catalogue). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: Message };

// Separators people put into phone numbers: spaces (incl. no-break), dashes, dots, brackets.
const PHONE_SEPARATORS = /[\s\u00a0\-‐‑‒–—.()]/g;

/**
 * A Russian phone number in E.164 (+7 and 10 digits). Accepts `8 917 123-45-67`,
 * `+7 (917) 1234567`, `7 917 1234567` and the bare 10 digits `9171234567`.
 */
export function normalisePhone(input: string): Parsed<string> {
  const compact = input.trim().replace(PHONE_SEPARATORS, '');
  if (compact === '') return { ok: false, reason: { id: 'contact.phone_empty' } };
  if (!/^\+?\d+$/.test(compact)) {
    return { ok: false, reason: { id: 'contact.phone_digits_only' } };
  }
  let national: string;
  if (compact.startsWith('+')) {
    if (!compact.startsWith('+7')) {
      return { ok: false, reason: { id: 'contact.phone_plus_seven_only' } };
    }
    national = compact.slice(2);
  } else if (compact.length === 11 && (compact.startsWith('8') || compact.startsWith('7'))) {
    national = compact.slice(1);
  } else {
    national = compact;
  }
  if (national.length !== 10) {
    return { ok: false, reason: { id: 'contact.phone_ten_digits' } };
  }
  // Russian numbering: 3xx, 4xx, 8xx geographic and toll-free codes, 9xx mobile. +7 6xx/7xx is Kazakhstan.
  if (!/^[3489]/.test(national)) {
    return { ok: false, reason: { id: 'contact.phone_not_russian' } };
  }
  return { ok: true, value: `+7${national}` };
}

// What normalisePhone takes, as a pattern for the OpenAPI document (never more than it takes): +7, 7 or 8,
// then a 3xx/4xx/8xx/9xx code and nine more digits, with the separators above anywhere between digits.
// Only spaces, tabs and line breaks around it: the other white space (\v, \f) is refused as a control character.
const SPACE = '[ \\t\\r\\n]*';
const SEPARATORS = '[ \\t\\u00a0\\-‐‑‒–—.()]*';
const phonePattern = (first: string) =>
  `^${SPACE}(?:(?:\\+7|7|8)${SEPARATORS})?${first}(?:${SEPARATORS}[0-9]){9}${SEPARATORS}${SPACE}$`;
/** A Russian phone number as normalisePhone takes it. */
export const RUSSIAN_PHONE_PATTERN = phonePattern('[3489]');
/** A Russian mobile number (9xx), the only phone a sign-in code goes to. */
export const MOBILE_PHONE_PATTERN = phonePattern('9');

/** Is an E.164 Russian number a mobile one (the only kind that receives SMS)? */
export function isMobilePhone(e164: string): boolean {
  return /^\+79\d{9}$/.test(e164);
}

// RFC 5321 limits: 64 for the local part, 254 for the whole path.
const MAX_LOCAL = 64;
const MAX_EMAIL = 254;
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
// Letters of any script so that addresses such as `иван@почта.рф` pass; a top-level domain of 2+ letters.
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

const LOCAL_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
/**
 * What normaliseEmail takes, as a pattern for the OpenAPI document (a Unicode-aware pattern: domains of any
 * script). The local part's 64 characters are the one bound it cannot say (EMAIL_LOCAL_PART_WORDS).
 */
export const EMAIL_PATTERN =
  `^${SPACE}${LOCAL_ATOM}(?:\\.${LOCAL_ATOM})*@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+` +
  `\\p{L}{2,}${SPACE}$`;
/** Said in words beside the pattern. */
export const EMAIL_LOCAL_PART_WORDS = 'не больше 64 символов до @ / at most 64 characters before the @';

/** An e-mail address trimmed and lower-cased, after a basic check of its shape. */
export function normaliseEmail(input: string): Parsed<string> {
  const value = input.trim().toLowerCase();
  if (value === '') return { ok: false, reason: { id: 'contact.email_empty' } };
  if (value.length > MAX_EMAIL) return { ok: false, reason: { id: 'contact.email_too_long' } };
  const at = value.lastIndexOf('@');
  if (at <= 0 || value.indexOf('@') !== at || at === value.length - 1) {
    return { ok: false, reason: { id: 'contact.email_shape' } };
  }
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > MAX_LOCAL || !LOCAL_PART.test(local)) {
    return { ok: false, reason: { id: 'contact.email_local_part' } };
  }
  const labels = domain.split('.');
  const tld = labels.at(-1) ?? '';
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l)) || !/^\p{L}{2,}$/u.test(tld)) {
    return { ok: false, reason: { id: 'contact.email_domain' } };
  }
  return { ok: true, value };
}

/**
 * Where to send a sign-in code: an e-mail address (anything with @) or a mobile phone.
 */
export function parseSignInDestination(input: string): Parsed<Contact> {
  if (input.includes('@')) {
    const email = normaliseEmail(input);
    return email.ok ? { ok: true, value: { kind: 'email', value: email.value } } : email;
  }
  const phone = normalisePhone(input);
  if (!phone.ok) return phone;
  if (!isMobilePhone(phone.value)) {
    return { ok: false, reason: { id: 'contact.phone_mobile_required' } };
  }
  return { ok: true, value: { kind: 'phone', value: phone.value } };
}

/** `+79171234567` → `+7917***4567`: enough to tell numbers apart in a log, not to call one. */
export function maskPhone(e164: string): string {
  if (e164.length < 10) return '***';
  return `${e164.slice(0, 5)}***${e164.slice(-4)}`;
}

/** `ivan@mail.ru` → `i***@mail.ru`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/**
 * `+79171234567` → `+7 917 ***-45-67`: no more of the number than the log's mask shows, written the
 * way people read phones (for the terminal's dev-mode lines).
 */
export function maskPhoneReadable(e164: string): string {
  const m = /^\+7(\d{3})\d{3}(\d{2})(\d{2})$/.exec(e164);
  return m ? `+7 ${m[1]} ***-${m[2]}-${m[3]}` : maskPhone(e164);
}

/** Mask a normalised contact for logs. */
export function maskContact(contact: Contact): string {
  return contact.kind === 'phone' ? maskPhone(contact.value) : maskEmail(contact.value);
}
