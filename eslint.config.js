import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'views/assets/**/*.min.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through src/config.ts.',
        },
      ],
    },
  },
  // Layers only point down (decision 071): routes → queries → db; lib/ and fields/ are pure; plugins may use queries.
  {
    files: ['src/lib/**/*.ts', 'src/fields/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/client*', '**/db/transaction*', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'],
              message: 'lib/ is pure: no database; load data in src/queries/.',
              allowTypeImports: true,
            },
            {
              group: ['**/queries/*'],
              message: 'lib/ is pure: pass query results in (type imports only).',
              allowTypeImports: true,
            },
            {
              group: ['**/routes/*', '**/routes/**', '**/plugins/*', '**/cli/*', '**/exchange/*', '**/exchange/**'],
              message: 'lib/ only points down.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/exchange/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/routes/*', '**/routes/**', '**/plugins/*', '**/cli/*'],
              message: 'exchange/ reads and writes files for routes and the CLI; it never imports them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/queries/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/routes/*', '**/routes/**', '**/plugins/*', '**/cli/*', '**/exchange/*', '**/exchange/**'],
              message: 'queries/ only point down to db/ and pure modules.',
            },
            { group: ['**/forms/*'], message: 'queries/ take plain data: shared field types live in src/fields/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/queries/*',
                '**/routes/*',
                '**/routes/**',
                '**/plugins/*',
                '**/cli/*',
                '**/exchange/*',
                '**/exchange/**',
                '**/forms/*',
                '**/fields/*',
              ],
              message: 'db/ is the bottom layer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/routes/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            // inTransaction (db/transaction) stays allowed: a route may group several queries into one unit of work.
            {
              group: ['**/db/client*', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'],
              message: 'Routes reach the database through src/queries/.',
              allowTypeImports: true,
            },
            { group: ['**/cli/*'], message: 'Routes do not use the command line.' },
            {
              group: ['./index.js', '../index.js'],
              message: 'Route modules are registered by their index, never import it (no cycles).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/plugins/**/*.ts', 'src/forms/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/routes/*', '**/routes/**', '**/cli/*'],
              message: 'Only point down: plugins and forms never import routes or the CLI.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/config.ts', 'scripts/**', 'tests/**', 'bench/**', 'drizzle.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['views/assets/**/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
