import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The renderer is plain static files: loaded from app:// in Electron and served by the
// browser preview in tests. Relative base so both hosts work.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
    // Inline nothing: the CSP forbids inline script and data: scripts.
    assetsInlineLimit: 0,
  },
});
