import type BetterSqlite3 from 'better-sqlite3';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { parseDatabaseUrl } from './database-url.js';
import { MIGRATIONS } from './migrations/index.js';

export interface DataSourceSettings {
  /**
   * SQLite's `synchronous` pragma. FULL (the default) syncs the WAL at every commit, so an
   * acknowledged event survives a power cut; NORMAL (opt-in, faster) may lose the last commits
   * on a power cut or OS crash.
   */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
}

export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * SQLite's page cache, in KiB: 64 MiB instead of SQLite's 2 MiB default, so that the pages an
 * event touches (case, history and deadline indexes) stay cached as the database grows.
 */
export const SQLITE_CACHE_KIB = 64 * 1024;

/**
 * The settings of every SQLite connection to the service's file: WAL, the `synchronous` level,
 * foreign keys, the busy timeout and the page cache. (The benchmark's baselines use them too.)
 */
export const applySqliteSettings = (
  db: BetterSqlite3.Database,
  synchronous: 'NORMAL' | 'FULL',
): void => {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
};

/**
 * TypeORM's SQLite query runner opens every transaction with a plain (deferred) `BEGIN`. A deferred
 * transaction takes the write lock only at its first write, and if another connection wrote in
 * between, it fails with SQLITE_BUSY instead of waiting. `BEGIN IMMEDIATE` takes the lock at once
 * and waits for it (busy_timeout), so read-then-write transactions are safe.
 */
const useImmediateTransactions = (db: BetterSqlite3.Database): void => {
  const prepare = db.prepare.bind(db);
  Object.defineProperty(db, 'prepare', {
    value: (source: string) =>
      prepare(source === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : source),
  });
};

/**
 * TypeORM options for `DATABASE_URL`. Schema changes only ever come from the migrations listed in
 * `migrations/index.ts` (never `synchronize`); the service runs them at start with `runMigrations`,
 * which holds a lock on PostgreSQL so that several processes starting together apply them once.
 */
export const createDataSourceOptions = (
  url: string,
  settings: DataSourceSettings = {},
): DataSourceOptions => {
  const target = parseDatabaseUrl(url);
  if (!target)
    throw new Error('DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres://…');
  const common = {
    entities: [...ENTITIES],
    migrations: [...MIGRATIONS],
    migrationsTableName: 'migrations',
    synchronize: false,
    // Run by `runMigrations` (DatabaseModule), under a lock; TypeORM's own run takes none.
    migrationsRun: false,
    logging: false,
  };

  if (target.kind === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: target.url,
      applicationName: 'cadreflow',
      // pg waits forever for a connection by default; a dead database should fail health checks.
      extra: { connectionTimeoutMillis: 10_000 },
    };
  }

  const synchronous = settings.sqliteSynchronous ?? 'FULL';
  return {
    ...common,
    type: 'better-sqlite3',
    // TypeORM's better-sqlite3 driver creates the file's folder when it is missing.
    database: target.path,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    prepareDatabase: (db: BetterSqlite3.Database) => {
      applySqliteSettings(db, synchronous);
      useImmediateTransactions(db);
    },
  };
};

/** True when the data source talks to PostgreSQL (else it is SQLite). */
export const isPostgres = (dataSource: DataSource): boolean =>
  dataSource.options.type === 'postgres';
