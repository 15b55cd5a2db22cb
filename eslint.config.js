// ESLint flat config: typescript-eslint's recommended rules for every TypeScript file, React's hooks
// rules (eslint-plugin-react-hooks, recommended) for the page's code. Run: npm run lint.
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default defineConfig([
  { ignores: ['dist/', 'test-results/', 'node_modules/', 'playwright-report/'] },
  tseslint.configs.recommended,
  // React lives only in the page (src/ui, the store's hooks, main.tsx): the hooks rules, which run React
  // Compiler's analysis on each file they see (most of the lint time), look only there.
  { ...reactHooks.configs.flat.recommended, files: ['src/ui/**/*.{ts,tsx}', 'src/store/**/*.{ts,tsx}', 'src/*.tsx'] },
  {
    // A disable comment that no longer suppresses anything fails the lint, so none outlives its reason.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `const { dropped, ...rest } = x` is how the code leaves a field out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
]);
