import { fileURLToPath } from 'node:url';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// The app lives in web/: SvelteKit resolves src/, .svelte-kit/ and the package.json `imports`
// (#lib/*) against the Vite root. adapter-node resolves `out` against the working directory,
// so it gets an absolute path.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // The first `npm start` waits for this build: no gzip sizes in the report, no server source maps
  // (a server error's stack still names the built file and line).
  build: { reportCompressedSize: false, sourcemap: false },
  plugins: [
    sveltekit({
      // No precompressed copies: brotli at its highest level was a fifth of the first start's build,
      // and the app is served on localhost or behind a proxy that compresses (nginx, Caddy).
      adapter: adapter({ out: fileURLToPath(new URL('./build', import.meta.url)), precompress: false }),
      // SvelteKit puts a nonce on its inline bootstrap script, so no script runs unless it is ours.
      // Styles allow inline: the server renders style attributes and Leaflet positions tiles with them.
      // The map's tile host is added to img-src when the server starts (src/hooks.server.ts).
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:', 'blob:'],
          'connect-src': ['self'],
          'font-src': ['self'],
          'worker-src': ['self'],
          'manifest-src': ['self'],
          'object-src': ['none'],
          'base-uri': ['none'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
});
