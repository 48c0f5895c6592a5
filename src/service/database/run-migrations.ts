import type { DataSource } from 'typeorm';
import { isPostgres } from './data-source-options.js';

// An arbitrary constant shared by every cadreflow process: the key of the migration lock.
const MIGRATION_LOCK_KEY = 7_263_900_001;

/**
 * Applies the pending migrations, each in its own transaction. On PostgreSQL several processes
 * may start at once; a session advisory lock makes the others wait while one migrates, then
 * they find nothing left to do.
 */
export const runMigrations = async (dataSource: DataSource): Promise<void> => {
  if (!isPostgres(dataSource)) {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const lockRunner = dataSource.createQueryRunner();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lockRunner.release();
  }
};
