/**
 * A consistent online copy of the SQLite store (see src/service/database/sqlite-backup.ts):
 *   DATABASE_URL=sqlite:data/cadreflow.sqlite npm run backup -- /backups/cadreflow-2026-11-28.sqlite
 */
import { runBackupCli } from '../src/service/database/sqlite-backup.js';

process.exitCode = await runBackupCli(
  process.argv.slice(2),
  process.env,
  (line) => process.stdout.write(`${line}\n`),
  (line) => process.stderr.write(`${line}\n`),
);
