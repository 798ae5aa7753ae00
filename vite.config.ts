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

/**
 * Headers for `vite` and `vite preview` (a static host sets the same; see README):
 * - cross-origin isolation (COOP same-origin, COEP require-corp), which SharedArrayBuffer and so
 *   tfjs's multi-threaded WASM need; the app loads nothing from other origins.
 * - caching: fingerprinted assets/ are immutable for a year; everything else (index.html, the
 *   datasets under data/, whose names do not change with their content) is revalidated with its ETag,
 *   so a second visit transfers nothing when nothing changed (304).
 */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
type Next = () => void;
type Res = { setHeader(name: string, value: string): void };
function labHeaders(req: { url?: string }, res: Res, next: Next): void {
  // ?isolated=0 on a page leaves it without isolation (single-threaded WASM), for measuring threads.
  if (!req.url?.includes('isolated=0')) for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
  if (req.url?.startsWith('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  next();
}
const servedHeaders = {
  name: 'lab-headers',
  // Braces: a hook that returns a function has it called after vite's own middlewares.
  configureServer(server: { middlewares: { use(fn: typeof labHeaders): unknown } }) {
    server.middlewares.use(labHeaders);
  },
  configurePreviewServer(server: { middlewares: { use(fn: typeof labHeaders): unknown } }) {
    server.middlewares.use(labHeaders);
  },
};

export default defineConfig({
  plugins: [react(), devWithoutCsp, servedHeaders],
  worker: { format: 'es' },
  // tfjs's wasm binaries are imported with ?url and served as assets.
  assetsInclude: ['**/*.wasm'],
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
