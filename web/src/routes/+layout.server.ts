import type { LayoutServerLoad } from './$types';

// The API's session cookie (api/plugins/auth.ts): `__Host-` prefixed over HTTPS. It is HttpOnly, so only
// the server can tell the page whether there is a session to ask about.
const SESSION_COOKIES = ['otklik_session', '__Host-otklik_session'];

export const load: LayoutServerLoad = ({ locals, cookies }) => ({
  lang: locals.lang,
  mayBeSignedIn: SESSION_COOKIES.some((name) => cookies.get(name) !== undefined),
});
