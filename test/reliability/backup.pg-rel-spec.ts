import { describe } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createThrowawayPostgresDatabase } from '../support/throwaway-database.js';
import type { BackupMethod } from './support/backup-drill.js';
import { backupDrillSpec } from './support/backup-spec-body.js';

const run = promisify(execFile);

/** README's logical backup: `pg_dump -Fc` of the live database, `pg_restore` into a new one. */
const pgDumpMethod: BackupMethod = {
  backup: async (sourceUrl, workDir) => {
    await run('pg_dump', [
      '-Fc',
      '--no-owner',
      '-f',
      join(workDir, 'backup.dump'),
      '-d',
      sourceUrl,
    ]);
  },
  restore: async (workDir) => {
    const fresh = await createThrowawayPostgresDatabase();
    await run('pg_restore', [
      '--no-owner',
      '--exit-on-error',
      '--single-transaction',
      '-d',
      fresh.url,
      join(workDir, 'backup.dump'),
    ]);
    return fresh;
  },
};

describe('backup and restore drill: pg_dump under load, PostgreSQL', () => {
  backupDrillSpec('postgres', pgDumpMethod, 'pg_dump -Fc / pg_restore');
});
