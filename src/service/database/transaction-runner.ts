import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isPostgres } from './data-source-options.js';

interface OpenTransaction {
  dataSource: DataSource;
  manager: EntityManager;
  open: boolean;
}

const currentTransaction = new AsyncLocalStorage<OpenTransaction>();

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

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Works one SQLite transaction takes at most before it commits (bounds a group's latency). */
const MAX_GROUP = 64;

interface QueuedWork {
  readonly work: (manager: EntityManager) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type SqliteConnection = { prepare(source: string): { run(): unknown }; inTransaction: boolean };

/**
 * SQLite: one connection, one writer. Transactions are queued and run one after the other, and
 * those that wait while one runs are committed together (group commit): BEGIN IMMEDIATE, each
 * work under its own savepoint (a work that throws is rolled back to it, alone, and its caller
 * gets the error at once), one COMMIT — one sync of the WAL for the group — and only then does
 * each caller get its result. Nothing is acknowledged before it is durable; a group whose commit
 * fails fails whole.
 */
class SqliteTransactions {
  private readonly queue: QueuedWork[] = [];
  private draining = false;

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (;;) {
        // One turn of the event loop first: requests that have arrived meanwhile reach their
        // transaction and wait in the queue, so that they join this group (the work of a
        // transaction is synchronous on better-sqlite3: nothing else runs while it runs).
        await yieldToEventLoop();
        const first = this.queue.shift();
        if (!first) return;
        await this.group(first);
      }
    } finally {
      this.draining = false;
    }
  }

  private statement(source: string): { run(): unknown } {
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection })
      .databaseConnection;
    return db.prepare(source);
  }

  private async group(first: QueuedWork): Promise<void> {
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
    } catch (error) {
      first.reject(error);
      return;
    }
    const savepoint = this.statement('SAVEPOINT cf_work');
    const release = this.statement('RELEASE cf_work');
    const rollbackTo = this.statement('ROLLBACK TO cf_work');
    const done: Array<[QueuedWork, unknown]> = [];
    try {
      let taken = 0;
      for (let item: QueuedWork | undefined = first; item; item = this.next(++taken)) {
        savepoint.run();
        try {
          const value = await runTracked(this.dataSource, runner.manager, item.work);
          release.run();
          done.push([item, value]);
        } catch (error) {
          // This work only: undone to its savepoint; the others of the group go on.
          rollbackTo.run();
          release.run();
          item.reject(error);
        }
      }
      await runner.commitTransaction();
    } catch (error) {
      // The transaction itself failed (its commit, or a rollback to a savepoint): none of the
      // group is kept, and each caller whose work had succeeded gets the error.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      for (const [item] of done) item.reject(error);
      return;
    }
    for (const [item, value] of done) item.resolve(value);
  }

  private next(taken: number): QueuedWork | undefined {
    return taken < MAX_GROUP ? this.queue.shift() : undefined;
  }
}

const sqliteTransactions = new WeakMap<DataSource, SqliteTransactions>();

const sqliteTransactionsOf = (dataSource: DataSource): SqliteTransactions => {
  let transactions = sqliteTransactions.get(dataSource);
  if (!transactions) {
    transactions = new SqliteTransactions(dataSource);
    sqliteTransactions.set(dataSource, transactions);
  }
  return transactions;
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
 *   transactions would interleave on it. Calls are therefore queued and run one after the other,
 *   in transactions that start with `BEGIN IMMEDIATE` (see `createDataSourceOptions`); calls that
 *   wait meanwhile share the next commit, each under its own savepoint (SqliteTransactions: group
 *   commit, one WAL sync for many). On SQLite, every write must go through here: a query issued
 *   outside it while another request's transaction is open runs inside that transaction, and is
 *   rolled back with it.
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
  return sqliteTransactionsOf(dataSource).run(work);
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
