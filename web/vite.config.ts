import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into the host's dist/web, which the local API serves at `/` (no CDN, no dev server needed).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative: the same build serves a one-clinic host at `/` and a fleet host's clinics at `/c/<id>/`
  // (the host rewrites index.html's references for deeper paths: core/api/web-assets.ts).
  base: './',
  // React's automatic JSX runtime through Vite's own transform: no plugin needed for a build
  // (@vitejs/plugin-react adds fast refresh, which only a dev server uses).
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The host sends a strict Content-Security-Policy: no inline scripts, no data: modules.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
    rolldownOptions: {
      // React Query marks its modules "use client" (for server components); a client-only bundle can ignore it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
