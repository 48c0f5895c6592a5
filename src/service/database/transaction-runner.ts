import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isPostgres } from './data-source-options.js';

/** Serialises async work: each `run` starts after the previous one has settled. */
class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

interface OpenTransaction {
  dataSource: DataSource;
  manager: EntityManager;
  open: boolean;
}

const sqliteMutexes = new WeakMap<DataSource, AsyncMutex>();
const currentTransaction = new AsyncLocalStorage<OpenTransaction>();

const mutexFor = (dataSource: DataSource): AsyncMutex => {
  let mutex = sqliteMutexes.get(dataSource);
  if (!mutex) {
    mutex = new AsyncMutex();
    sqliteMutexes.set(dataSource, mutex);
  }
  return mutex;
};

const runTracked = async <T>(
  dataSource: DataSource,
  manager: EntityManager,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> => {
  const transaction: OpenTransaction = { dataSource, manager, open: true };
  try {
    return await currentTransaction.run(transaction, () => work(manager));
  } finally {
    // Work scheduled from inside but run later must not join a finished transaction.
    transaction.open = false;
  }
};

/**
 * PostgreSQL: one READ COMMITTED transaction on a pooled connection. TypeORM's startTransaction
 * takes two round trips (START TRANSACTION, then SET TRANSACTION ISOLATION LEVEL); this opens it
 * in one and hands the runner back to TypeORM's own commit and rollback, which look at its
 * transaction state — set here as startTransaction would set it.
 */
const postgresTransaction = async <T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> => {
  const runner: QueryRunner = dataSource.createQueryRunner();
  try {
    await runner.query('START TRANSACTION ISOLATION LEVEL READ COMMITTED');
    Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
    try {
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      // As TypeORM's own transaction: a failed rollback (a broken connection) hides nothing.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
};

/**
 * Runs `work` in one database transaction: committed when it resolves, rolled back when it throws
 * (the error is rethrown). Use the given `manager` for every query of the work.
 *
 * - PostgreSQL: a READ COMMITTED transaction on its own pooled connection; concurrent calls run
 *   in parallel and the database arbitrates (row locks, unique constraints).
 * - SQLite: TypeORM's better-sqlite3 driver has ONE connection for the whole process, so two open
 *   transactions would interleave on it. Calls are therefore queued on an in-process mutex and
 *   each transaction starts with `BEGIN IMMEDIATE` (see `createDataSourceOptions`). On SQLite,
 *   every write must go through here: a query issued outside it while another request's
 *   transaction is open runs inside that transaction, and is rolled back with it.
 *
 * A call made inside another `runInTransaction` on the same data source joins the outer
 * transaction (it does not wait for it, which on SQLite would deadlock).
 */
export const runInTransaction = async <T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> => {
  const outer = currentTransaction.getStore();
  if (outer?.open && outer.dataSource === dataSource) return work(outer.manager);

  if (isPostgres(dataSource)) {
    return postgresTransaction(dataSource, (manager) => runTracked(dataSource, manager, work));
  }
  return mutexFor(dataSource).run(() =>
    dataSource.transaction((manager) => runTracked(dataSource, manager, work)),
  );
};

/**
 * Runs read-only `work` on committed data, for reads that need no transaction of their own.
 *
 * - Inside a `runInTransaction` of the caller: joins it (and sees its writes).
 * - PostgreSQL: runs on the pool, without BEGIN/COMMIT; each statement sees what was committed
 *   when it started (as in a READ COMMITTED transaction).
 * - SQLite: exactly `runInTransaction`. A read issued on the one connection while another
 *   request's transaction is open would see that transaction's uncommitted rows (and anything
 *   cached from them would outlive its rollback).
 */
export const runRead = async <T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> => {
  const outer = currentTransaction.getStore();
  if (outer?.open && outer.dataSource === dataSource) return work(outer.manager);
  if (isPostgres(dataSource)) return work(dataSource.manager);
  return runInTransaction(dataSource, work);
};
