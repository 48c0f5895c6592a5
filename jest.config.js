/* global process */
// Jest runs in ESM mode (NODE_OPTIONS=--experimental-vm-modules, set by the npm scripts).
// Projects: `engine` and `workflows` are pure and need no database; `service` tests pieces of the
// service shell (some on a real SQLite file, PostgreSQL too when TEST_DATABASE_URL is set); `e2e`
// starts the whole service on every database under test (test/support/test-app.ts).
const tsJest = [
  'ts-jest',
  { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } },
];

const base = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
};

// The service loads @fastify/static (Swagger UI), which require()s the ESM-only content-disposition.
// Node >= 20.19 allows that, Jest's module runtime does not: map it to a stand-in.
const service = {
  ...base,
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^content-disposition$': '<rootDir>/test/support/content-disposition.cjs',
  },
  testTimeout: 30000,
};

// Tests that need PostgreSQL itself (several instances on one database) are `*.pg-e2e-spec.ts`:
// collected only when TEST_DATABASE_URL is set (CI always sets it), so that a run without
// PostgreSQL neither fails nor reports skipped tests.
const e2eMatch = ['<rootDir>/test/e2e/**/*.e2e-spec.ts'];
if (process.env.TEST_DATABASE_URL) e2eMatch.push('<rootDir>/test/e2e/**/*.pg-e2e-spec.ts');

// The reliability tier runs the built service (`node dist/src/main.js`) in child processes, kills
// them with SIGKILL and races them (test/reliability/): its globalSetup builds dist/ when it is
// missing or stale. `*.pg-rel-spec.ts` need PostgreSQL, collected like `*.pg-e2e-spec.ts`.
const reliabilityMatch = ['<rootDir>/test/reliability/**/*.rel-spec.ts'];
if (process.env.TEST_DATABASE_URL) {
  reliabilityMatch.push('<rootDir>/test/reliability/**/*.pg-rel-spec.ts');
}

/** @type {import('jest').Config} */
export default {
  // A global option: Jest ignores testTimeout inside a project.
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'engine', testMatch: ['<rootDir>/test/engine/**/*.spec.ts'] },
    { ...base, displayName: 'workflows', testMatch: ['<rootDir>/test/workflows/**/*.spec.ts'] },
    { ...service, displayName: 'service', testMatch: ['<rootDir>/test/service/**/*.spec.ts'] },
    { ...service, displayName: 'e2e', testMatch: e2eMatch },
    {
      ...base,
      displayName: 'reliability',
      testMatch: reliabilityMatch,
      globalSetup: '<rootDir>/test/reliability/support/global-setup.js',
    },
  ],
};
