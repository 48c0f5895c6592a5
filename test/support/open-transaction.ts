/**
 * Another request's transaction, held open while a test does something else: it is opened the way
 * every service opens one (`runInTransaction`), runs `write`, then waits to be committed or rolled
 * back. On SQLite the process has one connection, so this is what any statement issued outside
 * the transaction helper would run inside of.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { runInTransaction } from '../../src/service/database/transaction-runner.js';

export interface HeldTransaction {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export const holdTransactionOpen = async (
  dataSource: DataSource,
  write: (manager: EntityManager) => Promise<unknown>,
): Promise<HeldTransaction> => {
  let decide!: (commit: boolean) => void;
  const decision = new Promise<boolean>((resolve) => {
    decide = resolve;
  });
  let opened!: () => void;
  const isOpen = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const done = runInTransaction(dataSource, async (manager) => {
    await write(manager);
    opened();
    if (!(await decision)) throw new RolledBack();
  });
  // A failing `write` must not leave the test waiting.
  await Promise.race([isOpen, done]);
  return {
    commit: async () => {
      decide(true);
      await done;
    },
    rollback: async () => {
      decide(false);
      await done.catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    },
  };
};

class RolledBack extends Error {
  constructor() {
    super('rolled back by the test');
  }
}
