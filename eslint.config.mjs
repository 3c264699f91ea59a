// Lint rules for everything the project writes in JavaScript or TypeScript:
// apps/ (the web app's .tsx included), libs/, test/, bench/, .ci/ and the
// configuration files at the root. Type-aware for TypeScript: the rules that
// catch lost promises need the type checker. Each .ts/.tsx file is checked
// with the tsconfig.json nearest to it (apps/web has its own).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  // Scripts run by Node: the benches, the CI helpers, the web app's prerender step, the root configuration.
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  { files: ['jest.config.js'], languageOptions: { sourceType: 'commonjs' } },
  // The benches also hand functions to a browser page (Playwright's evaluate), which run there.
  { files: ['bench/**/*.mjs'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
);
