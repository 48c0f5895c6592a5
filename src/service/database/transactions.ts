import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { isPostgres } from './data-source-options.js';
import { runInTransaction, runRead } from './transaction-runner.js';

/**
 * The service's way into the database. Every query of a feature runs with the `EntityManager`
 * that `run` (one transaction) or `read` (committed data only) hands it; nothing outside
 * `src/service/database/` holds TypeORM's `DataSource` (a lint rule), so no query can slip past
 * SQLite's one shared connection and land in another request's transaction.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One transaction: committed when `work` resolves, rolled back when it throws (see `runInTransaction`). */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return runInTransaction(this.dataSource, work);
  }

  /** Read-only work on committed data (see `runRead`). */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return runRead(this.dataSource, work);
  }

  get postgres(): boolean {
    return isPostgres(this.dataSource);
  }

  /** Connections by state, for the metrics: PostgreSQL's pool, or SQLite's one connection. */
  poolUsage(): { total: number; idle: number; waiting: number } {
    if (!this.postgres)
      return { total: this.dataSource.isInitialized ? 1 : 0, idle: 0, waiting: 0 };
    const pool = (
      this.dataSource.driver as unknown as {
        master?: { totalCount: number; idleCount: number; waitingCount: number };
      }
    ).master;
    return pool
      ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }
      : { total: 0, idle: 0, waiting: 0 };
  }

  /** Migrations this build knows and the database has not applied (readiness). */
  async pendingMigrations(): Promise<string[]> {
    if (!this.dataSource.isInitialized) return this.dataSource.migrations.map((m) => m.name ?? '');
    const runner = this.dataSource.createQueryRunner();
    try {
      const table = this.dataSource.options.migrationsTableName ?? 'migrations';
      const applied = new Set(
        ((await runner.query(`SELECT name FROM "${table}"`)) as Array<{ name: string }>).map(
          (row) => row.name,
        ),
      );
      return this.dataSource.migrations
        .map((migration) => migration.name ?? migration.constructor.name)
        .filter((name) => !applied.has(name));
    } finally {
      await runner.release();
    }
  }

  /** Whether the database answers `SELECT 1` within `timeoutMs` (the health check). */
  async answers(timeoutMs: number): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    // Touches no table: safe on SQLite's connection even while a transaction is open on it.
    const probe = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Whether `manager` works on PostgreSQL (SQL that differs by dialect). */
export const onPostgres = (manager: EntityManager): boolean => isPostgres(manager.connection);

/**
 * A PostgreSQL transaction-level advisory lock on `key`, held until the transaction ends. Nothing
 * on SQLite: its transactions start with BEGIN IMMEDIATE, one writer at a time.
 */
export const lockUntilCommit = async (manager: EntityManager, key: number): Promise<void> => {
  if (onPostgres(manager)) await manager.query('SELECT pg_advisory_xact_lock($1)', [key]);
};
