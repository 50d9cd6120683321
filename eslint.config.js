// @ts-check
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Packages that only the Electron shell (and the GramJS adapter) may load. */
const runtimeOnly = [
  { name: 'electron', message: 'Only electron/shell may import electron. Take it as a parameter.' },
  {
    name: 'electron-store',
    message: 'Only electron/shell may import electron-store. Use the KeyValueStore port.',
  },
  { name: 'telegram', message: 'Only electron/telegram may import GramJS.' },
];
const runtimeOnlyPatterns = [
  { group: ['electron/*', 'electron-store/*'], message: 'Only electron/shell may import these.' },
  { group: ['telegram/*'], message: 'Only electron/telegram may import GramJS.' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      'test-results/',
      'playwright-report/',
      'bench-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  comments.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  // Layers: core and shared run in plain Node and in the renderer; they import no runtime.
  {
    files: ['electron/core/**', 'electron/shared/**', 'electron/host/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: runtimeOnly, patterns: runtimeOnlyPatterns }],
    },
  },
  {
    files: ['electron/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: runtimeOnly,
          patterns: [
            ...runtimeOnlyPatterns,
            { group: ['node:*'], message: 'shared runs in the renderer too: no Node built-ins.' },
            {
              group: ['../core/*', '../shell/*', '../telegram/*', '../host/*'],
              message: 'shared depends on nothing else.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/shell/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [runtimeOnly[2]], patterns: [runtimeOnlyPatterns[1]] },
      ],
    },
  },
  {
    files: ['electron/telegram/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: runtimeOnly.slice(0, 2), patterns: [runtimeOnlyPatterns[0]] },
      ],
    },
  },
  // The renderer is web code: it may import only types from electron/shared, and the zod-free
  // input rules (electron/shared/rules) as values.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: runtimeOnly,
          patterns: [
            {
              group: [
                '**/electron/*',
                '!**/electron/shared',
                '**/electron/shared/*',
                '!**/electron/shared/rules',
              ],
              allowTypeImports: true,
              message:
                'The renderer may import only types from electron/shared (values only from rules).',
            },
            { group: ['node:*'], message: 'The renderer has no Node.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'build/**/*.ts', '*.config.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Vitest's asymmetric matchers (expect.objectContaining, expect.any) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
