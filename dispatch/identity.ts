/**
 * "Войти через Госуслуги": what a verified identity is made of, read from the claims an OpenID
 * Connect provider gives under the ESIA profile, and the rules of where a sign-in may return to.
 * Pure: the OIDC exchange lives in api/identity/, the rows in db/queries/identities.ts.
 */

/**
 * The ESIA profile of a generic OIDC provider: the scopes asked for and the claims read. ESIA gives
 * the person's name in three parts, the birth date, the registration address (the address of
 * record, "адрес регистрации") and a verified mobile phone. A plain OIDC provider's standard
 * `address.formatted` stands in for the registration address when the ESIA claim is absent.
 */
export const esiaProfile = {
  provider: 'esia',
  scope: 'openid profile address phone',
  /** The ESIA registration address claim (a string, or an object with `formatted`). */
  registrationClaim: 'registration_address',
} as const;

/** A sign-in started with the provider is valid for 10 minutes: the provider's own login takes a few. */
export const IDENTITY_LOGIN_TTL_MINUTES = 10;

/** What the provider vouches for, mapped from its claims. */
export type VerifiedClaims = {
  fullName: string;
  /** ISO date YYYY-MM-DD, when given. */
  birthDate: string | null;
  /** The registration address as the provider wrote it. */
  registrationAddress: string | null;
  /** E.164, only when the provider says it verified the phone. */
  phone: string | null;
};

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function addressOf(v: unknown): string | null {
  if (typeof v === 'string') return text(v);
  if (v && typeof v === 'object' && 'formatted' in v) return text((v as { formatted: unknown }).formatted);
  return null;
}

/** A Russian mobile number in E.164 (+7XXXXXXXXXX) from the ways providers write it; null otherwise. */
export function phoneE164(v: unknown): string | null {
  const raw = text(v);
  if (!raw) return null;
  const digits = raw.replace(/\D/g, '');
  if (digits.length === 11 && (digits.startsWith('7') || digits.startsWith('8'))) return `+7${digits.slice(1)}`;
  if (digits.length === 10 && digits.startsWith('9')) return `+7${digits}`;
  return null;
}

/**
 * Map the claims (ID token and userinfo, merged) to a verified identity by the ESIA profile:
 * family_name given_name middle_name → the full name (or `name` when the parts are missing),
 * birthdate, the registration address (ESIA claim, else `address.formatted`), and phone_number
 * only when phone_number_verified is true. Null when the provider gave no name at all.
 */
export function verifiedClaims(claims: Record<string, unknown>): VerifiedClaims | null {
  const parts = [claims.family_name, claims.given_name, claims.middle_name].map(text).filter(Boolean);
  const fullName = parts.length > 0 ? parts.join(' ') : text(claims.name);
  if (!fullName) return null;
  const birth = text(claims.birthdate);
  return {
    fullName: fullName.slice(0, 300),
    birthDate: birth && /^\d{4}-\d{2}-\d{2}$/.test(birth) ? birth : null,
    registrationAddress:
      (addressOf(claims[esiaProfile.registrationClaim]) ?? addressOf(claims.address))?.slice(0, 500) ?? null,
    phone: claims.phone_number_verified === true ? phoneE164(claims.phone_number) : null,
  };
}

/**
 * A registration address split into the building's part, searched in the register, and the
 * apartment kept apart: "420111, Республика Татарстан, г. Казань, ул. Баумана, д. 3, кв. 14" →
 * { building: "Республика Татарстан, г. Казань, ул. Баумана, д. 3", apartment: "14" }. The postcode
 * goes; the region's parts are left for the address normalisation to drop.
 */
export function splitRegistrationAddress(address: string): { building: string; apartment: string | null } {
  let apartment: string | null = null;
  const kept: string[] = [];
  for (const raw of address.split(',')) {
    const part = raw.trim();
    if (part === '' || /^\d{6}$/.test(part)) continue;
    const flat = /^(?:кв\.?|квартира|к-ра|пом\.?|помещение)\s*(\S+)$/iu.exec(part);
    if (flat) {
      apartment = flat[1];
      continue;
    }
    kept.push(part);
  }
  return { building: kept.join(', '), apartment };
}

/** Where a sign-in returns: a path on this site only (never `//host` or a URL), else the start page. */
export function safeReturnTo(target: string | null | undefined): string {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  if (target.length > 500 || /[\s\\]/.test(target)) return '/';
  return target;
}
