/** «Войти через Госуслуги» in the web app: the link that starts it, and what the resident's account holds of it. */
import { answer, api, type Schemas } from '#lib/api.ts';

/**
 * "Войти через Госуслуги": where a link sends the browser (a whole page, not a fetch: the identity
 * provider's own pages follow). A signed-in resident who follows it links their verified identity.
 */
export function identityStartUrl(returnTo: string, municipality?: string): string {
  const query = new URLSearchParams({ returnTo });
  if (municipality) query.set('municipality', municipality);
  return `/api/identity/start?${query}`;
}
/** What the identity provider verified of the signed-in resident (GET /api/identity). */
export type VerifiedIdentity = Schemas['VerifiedIdentity'];
/** The signed-in resident's verified identity, or null when none is linked. */
export const getOwnIdentity = (signal?: AbortSignal) => answer(api.GET('/api/identity', { signal }));
export const unlinkOwnIdentity = () => answer(api.DELETE('/api/identity'));
