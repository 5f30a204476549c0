/**
 * The CSP source for the map's tile server: the origin of TILE_URL (a `{s}` subdomain becomes `*`),
 * or null for tiles served by this app (a path), which 'self' already allows.
 */
export function tileSource(tileUrl: string): string | null {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(tileUrl);
  if (!match) return null;
  const host = match[2].replace(/\{s\}/g, '*');
  if (!/^[A-Za-z0-9.*:[\]-]+$/.test(host)) return null;
  return `${match[1].toLowerCase()}://${host.toLowerCase()}`;
}

/** Add the tile source to the policy's img-src (SvelteKit writes the rest of the policy). */
export function withTileSource(policy: string, tileUrl: string): string {
  const source = tileSource(tileUrl);
  if (!source) return policy;
  return policy.replace(
    /(^|;\s*)img-src ([^;]*)/,
    (_all, lead: string, sources: string) => `${lead}img-src ${sources} ${source}`,
  );
}
