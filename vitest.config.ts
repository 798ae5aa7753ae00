import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/node/vitestSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Training tests are CPU-bound; two workers match the 2-core CI machine.
    maxWorkers: 2,
  },
});
