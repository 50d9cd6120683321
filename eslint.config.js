// @ts-check
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layersPlugin from './eslint-rules/layers.js';

/**
 * Zod-free modules of electron/shared, which the renderer may import as values (the preload only
 * the channel names); the rest of shared it may import as types only: it would bring zod along.
 */
const zodFreeShared = [
  'electron/shared/channel-names',
  'electron/shared/error-words',
  'electron/shared/errors',
  'electron/shared/rules',
  'electron/shared/web-wire',
  // 10,000 accounts (issue 17): the renderer folds account-list patches.
  'electron/shared/accounts-change',
  // The first screenful's limits (issue 17, accounts:list-first).
  'electron/shared/accounts-first',
];

/** The folder table of docs/ARCHITECTURE.md ("Folders and what each may import"). */
const layers = {
  'electron/shared': { imports: zodFreeShared, packages: ['zod'] },
  // The zod-free modules stay zod-free: no package, values only from each other.
  ...Object.fromEntries(
    zodFreeShared.map((module) => [
      module,
      { imports: zodFreeShared, typeImports: ['electron/shared'] },
    ]),
  ),
  'electron/core': {
    imports: ['electron/shared'],
    node: true,
    packages: ['zod', 'conf', 'libphonenumber-js', '@mtcute/convert', 'sql.js'],
  },
  'electron/telegram': {
    imports: ['electron/core/ports', 'electron/shared'],
    node: true,
    packages: ['telegram', '@mtcute/wasm'],
  },
  'electron/host': {
    imports: ['electron/shared', 'electron/core', 'electron/telegram'],
    node: true,
    packages: ['zod', 'ws'],
  },
  'electron/shell': {
    imports: ['electron/shared', 'electron/core', 'electron/telegram', 'electron/host'],
    node: true,
    packages: ['electron', 'electron-store', 'electron-updater'],
  },
  'electron/preload': {
    imports: ['electron/shared/channel-names'],
    typeImports: ['electron/shared'],
    packages: ['electron'],
  },
  'renderer/src': {
    imports: zodFreeShared,
    typeImports: ['electron/shared'],
    packages: [
      'react',
      'react-dom',
      '@tanstack/react-virtual',
      '@zxcvbn-ts/*',
      'libphonenumber-js',
      'qrcode',
    ],
    testPackages: ['vitest'],
  },
};

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
  // Layers: each folder imports only what its row of the folder table allows.
  {
    files: ['electron/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/layers': ['error', { root: import.meta.dirname, layers }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['test/**/*.ts', 'tools/**/*.ts', 'build/**/*.ts', '*.config.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Vitest's asymmetric matchers (expect.objectContaining, expect.any) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
