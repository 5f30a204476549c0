import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/**
 * The demo's stand-in for Gosuslugi: a real OpenID Connect provider (the `oidc-provider` package)
 * on its own port, giving the ESIA profile's claims of a few made-up citizens, with a plain page to
 * choose one. `npm start` runs it when no provider is configured (SEED=demo), so a visitor can try
 * "Войти через Госуслуги"; the tests start it with their own citizens and settings. It is never the
 * real thing: its page says so.
 */

/** A made-up citizen as the provider knows them (ESIA profile claims). */
export type Citizen = {
  sub: string;
  family_name: string;
  given_name: string;
  middle_name?: string;
  birthdate: string;
  /** The registration address, as ESIA writes it. */
  registration_address: string;
  phone_number?: string;
  phone_number_verified?: boolean;
};

/**
 * The demo's citizens: three registered in buildings of the Vakhitovsky district's centre (Bauman
 * and Kremlyovskaya streets; building ids 54, 59 and 62 of the demo seed) and one in the Moskovsky
 * district (ul. Dekabristov, building 1), outside it.
 */
export const demoCitizens: Citizen[] = [
  {
    sub: 'demo-esia-1001',
    family_name: 'Галиева',
    given_name: 'Алсу',
    middle_name: 'Ринатовна',
    birthdate: '1986-04-12',
    registration_address: '420111, Республика Татарстан, г. Казань, ул. Баумана, д. 3, кв. 14',
    phone_number: '+79990011001',
    phone_number_verified: true,
  },
  {
    sub: 'demo-esia-1002',
    family_name: 'Петров',
    given_name: 'Андрей',
    middle_name: 'Сергеевич',
    birthdate: '1979-09-30',
    registration_address: '420111, Республика Татарстан, г. Казань, ул. Кремлёвская, д. 10, корп. 1, кв. 27',
    phone_number: '+79990011002',
    phone_number_verified: true,
  },
  {
    sub: 'demo-esia-1003',
    family_name: 'Хабибуллин',
    given_name: 'Тимур',
    middle_name: 'Ильдарович',
    birthdate: '1995-02-03',
    registration_address: '420111, Республика Татарстан, г. Казань, ул. Кремлёвская, д. 4, кв. 5',
    phone_number: '+79990011003',
    phone_number_verified: false,
  },
  {
    sub: 'demo-esia-1004',
    family_name: 'Смирнова',
    given_name: 'Елена',
    middle_name: 'Викторовна',
    birthdate: '1968-11-21',
    registration_address: '420012, Республика Татарстан, г. Казань, ул. Декабристов, д. 1, кв. 42',
    phone_number: '+79990011004',
    phone_number_verified: true,
  },
];

export type StandInOptions = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  citizens: Citizen[];
  /** Host to listen on (127.0.0.1 unless given) and the host name in the issuer URL. */
  host?: string;
  publicHost?: string;
  port?: number;
  /** Seconds an authorization code lives (60 by default; the tests shorten it, also while running). */
  codeTtlSeconds?: number | (() => number);
};

export type StandIn = { issuer: string; provider: Provider; close: () => Promise<void> };

const html = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The provider's settings: one confidential client, PKCE, the ESIA profile's claims, no consent screen. */
function configuration(o: StandInOptions): Configuration {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const byId = new Map(o.citizens.map((c) => [c.sub, c]));
  return {
    clients: [
      {
        client_id: o.clientId,
        client_secret: o.clientSecret,
        redirect_uris: o.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'stand-in', use: 'sig', alg: 'RS256' }] as never },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'address', 'phone'],
    claims: {
      openid: ['sub'],
      profile: ['family_name', 'given_name', 'middle_name', 'name', 'birthdate'],
      address: ['address', 'registration_address'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    ttl: {
      AuthorizationCode: typeof o.codeTtlSeconds === 'function' ? o.codeTtlSeconds : (o.codeTtlSeconds ?? 60),
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const c = byId.get(id);
      if (!c) return undefined;
      const { sub, ...claims } = c;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          ...claims,
          name: [c.family_name, c.given_name, c.middle_name].filter(Boolean).join(' '),
        }),
      };
    },
    // The platform is the provider's own client here: the grant is given without asking.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const session = ctx.oidc.session;
      const client = ctx.oidc.client;
      if (!session?.accountId || !client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile address phone');
      await grant.save();
      return grant;
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Ошибка', `<p>${html(String(out.error))}: ${html(String(out.error_description ?? ''))}</p>`);
    },
  };
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${html(title)} — Демо-стенд Госуслуг</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a}
.banner{background:#fff3cd;border:1px solid #c9a227;padding:.6rem .8rem;border-radius:6px}
form{margin:.5rem 0}button{font:inherit;padding:.6rem .9rem;width:100%;text-align:left;border:1px solid #0d4cd3;
border-radius:6px;background:#fff;color:#0d4cd3;cursor:pointer}button.deny{border-color:#888;color:#444}
small{color:#555}</style></head><body><h1>Демо-стенд Госуслуг</h1>
<p class="banner"><strong>Это не Госуслуги.</strong> Учебная замена для демонстрации «Войти через Госуслуги»:
выберите вымышленного жителя. / Not the real Gosuslugi: a stand-in for the demo.</p>${body}</body></html>`;
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 10_000) break;
  }
  return new URLSearchParams(raw);
}

/** The login page: choose a citizen, or refuse (access_denied). */
function interactions(provider: Provider, citizens: Citizen[]) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    const match = /^\/interaction\/([\w-]+)(\/(login|deny))?$/.exec(ctx.path);
    if (!match) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === 'GET') {
      const list = citizens
        .map(
          (c) => `<form method="post" action="/interaction/${details.uid}/login">
<input type="hidden" name="sub" value="${html(c.sub)}"><button type="submit">${html(
            [c.family_name, c.given_name, c.middle_name].filter(Boolean).join(' '),
          )}<br><small>${html(c.birthdate)} · ${html(c.registration_address)}</small></button></form>`,
        )
        .join('');
      ctx.type = 'html';
      ctx.body = page(
        'Вход',
        `<h2>Войти как</h2>${list}<form method="post" action="/interaction/${details.uid}/deny">
<button class="deny" type="submit">Отказать в доступе к данным / Deny</button></form>`,
      );
      return;
    }
    const form = await formOf(ctx.req);
    const result =
      match[3] === 'login' && citizens.some((c) => c.sub === form.get('sub'))
        ? { login: { accountId: form.get('sub') as string } }
        : { error: 'access_denied', error_description: 'The citizen refused' };
    ctx.respond = false;
    await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  };
}

/** Start the stand-in on its own port: a real OpenID Connect provider at `issuer`. */
export async function startStandIn(o: StandInOptions): Promise<StandIn> {
  let handler: ReturnType<Provider['callback']> | null = null;
  const server: Server = createServer((req, res) => handler?.(req, res));
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${o.publicHost ?? host}:${port}`;
  const provider = new Provider(issuer, configuration(o));
  provider.use(interactions(provider, o.citizens));
  handler = provider.callback();
  return {
    issuer,
    provider,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
