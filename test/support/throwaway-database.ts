/** Throw-away databases for tests: a temp SQLite file, or a fresh PostgreSQL database. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type DatabaseUnderTest = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (as `.ci/run` does). */
export const databasesUnderTest = (): DatabaseUnderTest[] =>
  process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface ThrowawayDatabase {
  /** A DATABASE_URL for the service. */
  url: string;
  /** Deletes the database (after everything connected to it has been closed). */
  drop(): Promise<void>;
}

const databaseNameOf = (url: URL): string => decodeURIComponent(url.pathname.replace(/^\//, ''));

// Tests create and drop databases: never let them near one that is not obviously for tests.
const assertTestDatabaseName = (name: string, what: string): void => {
  if (!/test/i.test(name)) {
    throw new Error(`refusing to use ${what} "${name}": a test database name must contain "test"`);
  }
};

const withAdminClient = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

export const createThrowawaySqliteDatabase = async (): Promise<ThrowawayDatabase> => {
  const dir = await mkdtemp(join(tmpdir(), 'cadreflow-test-'));
  return {
    url: `sqlite:${join(dir, 'cadreflow.sqlite')}`,
    drop: () => rm(dir, { recursive: true, force: true }),
  };
};

/**
 * `CREATE DATABASE cadreflow_test_<random>` on the server of TEST_DATABASE_URL (whose own
 * database name must contain "test"); dropped WITH (FORCE).
 */
export const createThrowawayPostgresDatabase = async (): Promise<ThrowawayDatabase> => {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set');
  const base = new URL(baseUrl);
  assertTestDatabaseName(databaseNameOf(base), 'TEST_DATABASE_URL database');

  const name = `cadreflow_test_${randomBytes(6).toString('hex')}`;
  assertTestDatabaseName(name, 'database');
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withAdminClient((client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
};

export const createThrowawayDatabase = (database: DatabaseUnderTest): Promise<ThrowawayDatabase> =>
  database === 'postgres' ? createThrowawayPostgresDatabase() : createThrowawaySqliteDatabase();
