import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * index.html ships a strict Content-Security-Policy. The dev server needs what it forbids (React
 * Refresh's inline preamble script), so only `vite` (serve) leaves it out; builds and `vite preview`
 * keep it, and e2e/csp.spec.ts holds the built app to it.
 */
const devWithoutCsp = {
  name: 'dev-without-csp',
  apply: 'serve' as const,
  transformIndexHtml: (html: string) => html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

export default defineConfig({
  plugins: [react(), devWithoutCsp],
  worker: { format: 'es' },
  // tfjs's wasm binaries are imported with ?url and served as assets.
  assetsInclude: ['**/*.wasm'],
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
