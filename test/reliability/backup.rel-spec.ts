import { describe } from '@jest/globals';
import { sqliteBackupMethod } from './support/backup-drill.js';
import { backupDrillSpec } from './support/backup-spec-body.js';

describe('backup and restore drill: npm run backup under load, SQLite file', () => {
  backupDrillSpec('sqlite', sqliteBackupMethod, 'npm run backup (SQLite backup API)');
});
