import { createContext } from 'svelte';
import { ApiError, getSession, type SessionUser, type SignedIn, setCsrfToken, signOut } from './api.ts';
import { clearDraft } from './appeal-draft.ts';

/**
 * Who is signed in, for the whole page tree: read once from GET /api/auth/session in the browser
 * (the cookie is HttpOnly), updated on sign-in and sign-out. The CSRF token goes to the API client.
 * A visitor without a session cookie is signed out without asking: the API would answer 401, which
 * the browser logs as an error on every page.
 */
export class Session {
  user: SessionUser | null = $state.raw(null);
  status: 'loading' | 'ready' | 'error' = $state('loading');

  async load(mayBeSignedIn: boolean) {
    if (!mayBeSignedIn) {
      this.status = 'ready';
      return;
    }
    try {
      this.signedIn(await getSession());
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.user = null;
        this.status = 'ready';
      } else this.status = 'error';
    }
  }

  signedIn(answer: SignedIn) {
    setCsrfToken(answer.csrfToken);
    this.user = answer.user;
    this.status = 'ready';
  }

  async signOut() {
    await signOut().catch(() => {});
    // An appeal half filled in (an address, an apartment, photos) is not left for the next person at this device.
    await clearDraft();
    setCsrfToken(null);
    this.user = null;
  }

  /** Staff who work appeals of an organisation. */
  get worksForOrganisation() {
    return this.user?.role === 'org_staff' || this.user?.role === 'org_supervisor';
  }

  get dispatches() {
    return this.user?.role === 'dispatcher' || this.user?.role === 'admin' || this.user?.role === 'city_hall';
  }
}

const [get, set] = createContext<Session>();
export const getSessionContext = get;
export const setSessionContext = set;
