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
  plugins: [sveltekit({ adapter: adapter({ out: fileURLToPath(new URL('./build', import.meta.url)) }) })],
});
