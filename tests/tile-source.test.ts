import { describe, expect, it } from 'vitest';
import { tileSource, withTileSource } from '../web/src/lib/csp.ts';

describe('the map tile host in the pages’ CSP (web/src/lib/csp.ts)', () => {
  it('takes the origin of TILE_URL, a {s} subdomain becoming a wildcard, and nothing for tiles served by the app', () => {
    expect(tileSource('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://tile.openstreetmap.org');
    expect(tileSource('https://{s}.tiles.example.org:8443/v1/{z}/{x}/{y}.png?key=abc')).toBe(
      'https://*.tiles.example.org:8443',
    );
    expect(tileSource('/tiles/{z}/{x}/{y}.png')).toBeNull();
    // Anything that could smuggle a directive or a source list in is refused.
    expect(tileSource("https://evil.example;script-src 'unsafe-inline'/{z}/{x}/{y}")).toBeNull();
    expect(tileSource('https://a.example {z}/{x}/{y}')).toBeNull();
  });

  it('adds it to img-src only', () => {
    const policy =
      "default-src 'self'; script-src 'self' 'nonce-abc'; img-src 'self' data: blob:; frame-ancestors 'none'";
    expect(withTileSource(policy, 'https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(
      "default-src 'self'; script-src 'self' 'nonce-abc'; img-src 'self' data: blob: https://tile.openstreetmap.org; frame-ancestors 'none'",
    );
    expect(withTileSource(policy, '/tiles/{z}/{x}/{y}.png')).toBe(policy);
  });
});
