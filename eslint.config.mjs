// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const LIBRARY_IMPORTS = [
  {
    group: ['**/libs/*/src', '**/libs/*/src/**'],
    message: 'Import libraries through their @app/<lib> barrel.',
  },
  {
    group: ['**/apps/*/src', '**/apps/*/src/**'],
    message: 'Libraries and apps must not reach into an app by relative path.',
  },
  { group: ['@app/*/src/**', '@app/*/*'], message: 'No deep imports into a library: use its barrel.' },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'scripts/**/*.js',
      'keycloak/**/*.js',
      'apps/portal/src/public-src/**',
      'apps/feedback/src/public-src/**',
      'libs/web/public-src/**',
      'eslint.config.mjs',
      'jest.config.js',
      'test/**/*.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      'no-restricted-imports': ['error', { patterns: LIBRARY_IMPORTS }],
    },
  },
  {
    // Demo data is loaded by the seed command and by tests, never by the running apps.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['apps/portal/src/seed.command.ts', 'libs/seed/**', 'libs/testing/**', '**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...LIBRARY_IMPORTS,
            { group: ['@app/seed'], message: 'Demo data is for the seed command and tests only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
