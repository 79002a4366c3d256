import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

const DOMAIN_LIBS = ['users', 'events', 'bookings', 'tickets', 'payments', 'refunds', 'transfers', 'event-cancellation'];

/**
 * Each lib changes only its own aggregates: a repository port (`*Repository`) is imported only by
 * the lib that owns it (relative imports), by libs/infrastructure (its adapters) and by tests;
 * other libs and the app call the owning lib's service, which joins the caller's transaction.
 * Proven by test/lint/repository-imports.spec.ts.
 */
const OTHER_LIBS_REPOSITORIES = {
  group: ['@app/*'],
  importNamePattern: 'Repository$',
  message: "Another lib's repository: call the owning lib's service (it joins the current transaction).",
};

/**
 * Lint, including the house's dependency rules (ARCHITECTURE.md): domain libs import nothing of
 * typeorm, @nestjs/swagger or express, and reach other libs only through their index.ts; only the
 * infrastructure lib and the app's composition root may use persistence.
 */
export default tseslint.config(
  { ignores: ['**/*.cjs', 'dist/**', 'node_modules/**', 'coverage/**', 'var/**', 'test/sdk/schema.d.ts', 'openapi/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': [
        { type: 'shared', pattern: 'libs/shared/src' },
        { type: 'infrastructure', pattern: 'libs/infrastructure/src' },
        { type: 'domain', pattern: 'libs/*/src', capture: ['lib'] },
        { type: 'app', pattern: 'apps/*/src', capture: ['app'] },
        { type: 'migrations', pattern: 'migrations' },
      ],
      'boundaries/include': ['apps/**/*', 'libs/**/*', 'migrations/**/*'],
    },
    rules: {
      // Dependencies point inward, and another lib is reached only through its index.ts.
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            { from: { element: { type: 'shared' } }, allow: { to: { element: { type: 'shared', fileInternalPath: 'index.ts' } } } },
            {
              from: { element: { type: 'domain' } },
              allow: { to: { element: { types: { anyOf: ['shared', 'domain'] }, fileInternalPath: 'index.ts' } } },
            },
            {
              from: { element: { type: 'infrastructure' } },
              allow: { to: { element: { types: { anyOf: ['shared', 'domain'] }, fileInternalPath: 'index.ts' } } },
            },
            {
              from: { element: { type: 'app' } },
              allow: [
                { to: { element: { types: { anyOf: ['shared', 'domain', 'infrastructure'] }, fileInternalPath: 'index.ts' } } },
                { to: { element: { type: 'migrations' } } },
              ],
            },
            {
              // The gate parses QR payloads with the service's own codec (pure TypeScript, no Node API).
              from: { element: { type: 'app', captured: { app: 'scanner' } } },
              allow: { to: { element: { type: 'domain', captured: { lib: 'tickets' } }, file: { path: '**/ticket-payload.ts' } } },
            },
          ],
        },
      ],
    },
  },
  {
    files: [...DOMAIN_LIBS.map((lib) => `libs/${lib}/src/**/*.ts`), 'libs/shared/src/**/*.ts', 'libs/settings/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', message: 'Domain libs are persistence-free: use a repository port.' },
            { name: '@nestjs/typeorm', message: 'Domain libs are persistence-free: use a repository port.' },
            { name: '@nestjs/swagger', message: 'OpenAPI decorators belong on the app’s DTOs.' },
            { name: 'express', message: 'Domain libs know nothing of HTTP.' },
            { name: '@nestjs/platform-express', message: 'Domain libs know nothing of HTTP.' },
            { name: '@app/infrastructure', message: 'Domain libs depend on ports, never on adapters.' },
          ],
          patterns: [{ group: ['pg', '@electric-sql/*'], message: 'Domain libs are persistence-free.' }, OTHER_LIBS_REPOSITORIES],
        },
      ],
    },
  },
  {
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', message: 'The app reaches the database only through libs/infrastructure.' },
            { name: '@nestjs/typeorm', message: 'The app reaches the database only through libs/infrastructure.' },
          ],
          patterns: [
            {
              group: ['@app/*'],
              importNamePattern: 'Repository$',
              message: "The app reaches data through the libs' services, never a repository (the composition root binds them in libs/infrastructure).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
