import * as client from 'openid-client';
import type { Config } from '../config.ts';
import { HttpProblem } from '../errors.ts';

/**
 * The platform as an OpenID Connect client (openid-client): the provider's metadata, discovered
 * once per issuer and kept, and the client's settings.
 */
export type IdentityProvider = {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  /** Plain http is allowed: a provider on this machine or the platform's own host (the demo's stand-in). */
  insecure: boolean;
};

/** The configured provider, or null when "Войти через Госуслуги" is not set up. */
export function identityProvider(config: Config): IdentityProvider | null {
  if (!config.OIDC_ISSUER_URL || !config.OIDC_CLIENT_ID) return null;
  const issuer = new URL(config.OIDC_ISSUER_URL);
  const local =
    ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname) ||
    issuer.hostname === new URL(config.PUBLIC_URL).hostname;
  return {
    insecure: issuer.protocol === 'http:' && local,
    issuer: config.OIDC_ISSUER_URL,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    redirectUri: config.OIDC_REDIRECT_URI ?? `${config.PUBLIC_URL}/api/identity/callback`,
  };
}

export const notConfigured = () => new HttpProblem(503, 'identity-not-configured', { id: 'identity.not_configured' });
export const unreachable = () =>
  new HttpProblem(502, 'identity-provider-unreachable', { id: 'identity.provider_unreachable' });

// One discovery per provider and client; a failed one is forgotten so the next sign-in tries again.
const discovered = new Map<string, Promise<client.Configuration>>();

/** The provider's metadata with this client's settings (discovery over the network the first time). */
export async function clientConfiguration(p: IdentityProvider): Promise<client.Configuration> {
  const key = `${p.issuer}\n${p.clientId}`;
  let config = discovered.get(key);
  if (!config) {
    const issuer = new URL(p.issuer);
    config = client.discovery(issuer, p.clientId, p.clientSecret, undefined, {
      execute: p.insecure ? [client.allowInsecureRequests] : [],
      timeout: 10,
    });
    discovered.set(key, config);
    config.catch(() => discovered.delete(key));
  }
  try {
    return await config;
  } catch {
    throw unreachable();
  }
}
