// ESLint flat config: typescript-eslint (type-aware) + Prettier for formatting, and the shell's
// boundaries (issue 12): only src/service/database/ touches TypeORM's DataSource, the engine is
// imported only through src/engine/index.ts, and modules do not import each other in a circle.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Outside the engine, its modules are reached through `src/engine/index.ts` only. */
const ENGINE_THROUGH_INDEX = {
  regex: '(^|/)engine/(?!index\\.js$)',
  message: 'Import the engine through src/engine/index.ts (add the export there if it is missing).',
};

const DATA_SOURCE_MESSAGE =
  'Only src/service/database/ touches the DataSource: inject `Transactions` and use the manager of `run`/`read`.';

/** Ways to a DataSource (or to a repository bound to its shared default manager). */
const DATA_SOURCE_IMPORTS = [
  { name: 'typeorm', importNames: ['DataSource', 'Connection'], message: DATA_SOURCE_MESSAGE },
  {
    name: '@nestjs/typeorm',
    importNames: [
      'InjectDataSource',
      'InjectEntityManager',
      'InjectRepository',
      'getDataSourceToken',
      'getEntityManagerToken',
      'getRepositoryToken',
    ],
    message: DATA_SOURCE_MESSAGE,
  },
];

/** `manager.connection` is the DataSource again. */
const NO_CONNECTION_PROPERTY = {
  selector: "MemberExpression[property.name='connection']",
  message: DATA_SOURCE_MESSAGE,
};

/** One error dialect (SPEC §3.6): every 400 VALIDATION_FAILED is built by one helper. */
const ONE_VALIDATION_ERROR = {
  selector:
    ":matches(NewExpression, CallExpression) > Literal.arguments[value='VALIDATION_FAILED']",
  message:
    'Build VALIDATION_FAILED with validationFailed() or invalidField() (src/service/common/validation.ts): details.errors [{path, constraint, message}].',
};

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Nest decorators and DTO classes need the value import of classes used only as types.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // No import cycles anywhere in the code (TS ESM: `./x.js` resolves to `./x.ts`).
    files: ['src/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/external-module-folders': ['node_modules'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js', '.json', '.node'],
          extensionAlias: { '.js': ['.ts', '.js'] },
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The engine core must stay free of the service shell.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'typeorm/*', '**/service/**'],
              message: 'The engine core knows nothing of NestJS, TypeORM or the service shell.',
            },
          ],
        },
      ],
    },
  },
  {
    // The service shell: the engine through its index; the database through `Transactions`.
    files: ['src/service/**/*.ts', 'src/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: DATA_SOURCE_IMPORTS, patterns: [ENGINE_THROUGH_INDEX] },
      ],
      'no-restricted-syntax': ['error', NO_CONNECTION_PROPERTY, ONE_VALIDATION_ERROR],
    },
  },
  {
    // The one helper that builds VALIDATION_FAILED.
    files: ['src/service/common/validation.ts'],
    rules: { 'no-restricted-syntax': ['error', NO_CONNECTION_PROPERTY] },
  },
  {
    // The database module owns the DataSource.
    files: ['src/service/database/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ENGINE_THROUGH_INDEX] }],
      'no-restricted-syntax': ['error', ONE_VALIDATION_ERROR],
    },
  },
  {
    // Benchmarks and scripts may open data sources of their own; the engine still through its index.
    files: ['bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ENGINE_THROUGH_INDEX] }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS stand-ins for Jest (test/support/*.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  prettier,
);
