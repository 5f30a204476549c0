import { type Citizen, startStandIn, type StandIn } from '../../api/identity/stand-in.ts';

/**
 * A real OpenID Connect provider (the `oidc-provider` package, through the demo's stand-in with
 * the tests' own citizens and settings) on a random free local port, and a person's browser at it:
 * cookies kept, redirects followed by hand, a citizen chosen on its login page.
 */

export const TEST_CLIENT = { id: 'otklik-test', secret: 'otklik-test-secret-0123456789abcdef' };
// The platform's callback as registered; tests hand the provider's redirect to app.inject.
export const TEST_REDIRECT_URI = 'http://otklik.test/api/identity/callback';

export type TestProvider = StandIn & {
  /** The platform's settings pointing at this provider. */
  env: Record<string, string>;
  /** Go through the provider's login as a citizen (or refuse): the callback URL it sends back to. */
  login: (authorizationUrl: string, choice: { sub: string } | 'deny') => Promise<URL>;
};

export async function startTestProvider(
  citizens: Citizen[],
  opts: { codeTtlSeconds?: number | (() => number); redirectUri?: string } = {},
): Promise<TestProvider> {
  const standIn = await startStandIn({
    clientId: TEST_CLIENT.id,
    clientSecret: TEST_CLIENT.secret,
    redirectUris: [opts.redirectUri ?? TEST_REDIRECT_URI],
    citizens,
    codeTtlSeconds: opts.codeTtlSeconds,
  });
  return {
    ...standIn,
    env: {
      OIDC_ISSUER_URL: standIn.issuer,
      OIDC_CLIENT_ID: TEST_CLIENT.id,
      OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
      OIDC_REDIRECT_URI: opts.redirectUri ?? TEST_REDIRECT_URI,
    },
    login: (url, choice) => browse(standIn.issuer, url, choice),
  };
}

/** A browser at the provider: follow its redirects until it sends the person back to the platform. */
async function browse(issuer: string, start: string, choice: { sub: string } | 'deny'): Promise<URL> {
  const jar = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  };
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    const res = await send(url);
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (!next.href.startsWith(issuer)) return next;
      url = next.href;
      continue;
    }
    const page = await res.text();
    const uid = /\/interaction\/([\w-]+)\//.exec(page)?.[1];
    if (res.status !== 200 || !uid) throw new Error(`the provider answered ${res.status}: ${page.slice(0, 300)}`);
    const action = choice === 'deny' ? 'deny' : 'login';
    const posted = await send(`${issuer}/interaction/${uid}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: choice === 'deny' ? '' : new URLSearchParams({ sub: choice.sub }).toString(),
    });
    const after = posted.headers.get('location');
    if (!after)
      throw new Error(`the provider's login answered ${posted.status}: ${(await posted.text()).slice(0, 300)}`);
    url = new URL(after, url).href;
  }
  throw new Error('the provider never sent the person back');
}
