/** Builds the benchmark page (bench/bench.html) apart from the app, into bench/dist, with the app's plugins and data. */
import { defineConfig, mergeConfig } from 'vite';
import appConfig from '../vite.config';

const root = import.meta.dirname;

export default mergeConfig(
  appConfig,
  defineConfig({
    root,
    publicDir: `${root}/../public`,
    build: { outDir: `${root}/dist`, emptyOutDir: true, rollupOptions: { input: `${root}/bench.html` } },
    preview: { port: 4311, strictPort: true },
  }),
);
