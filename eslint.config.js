// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// `npm run lint` (part of `npm test`): the whole repository, zero warnings allowed.
export default defineConfig(
  {
    ignores: [
      'dist/', 'bench/dist/', 'bench/ceiling/dist/', 'public/data/', 'test-results/', 'playwright-report/', 'e2e-artifacts/',
      '.findings-cache/', '.vite/', '.vitest-attachments/', '**/__screenshots__/',
    ],
  },
  js.configs.recommended,
  // Type-aware: the type checker already runs (`tsc`), so the rules that need types are cheap to add.
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    // `const { id: _id, ...rest } = run` is how a field is left out of a copy.
    rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },
  // React's rules of hooks, and the React Compiler's checks (refs read or written during render, setState in effects).
  { files: ['src/**/*.{ts,tsx}'], ...reactHooks.configs.flat['recommended-latest'] },
  // Tests read JSON files and CLI output (JSON.parse is `any`) and use Vitest's asymmetric matchers
  // (expect.stringContaining and the like are typed `any`): the assertion on each field is the check there.
  {
    files: ['**/*.test.{ts,tsx}', '**/*Fixtures.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  // This file and other plain JavaScript are outside tsconfig's program.
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
