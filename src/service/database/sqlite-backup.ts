/**
 * `npm run backup -- <destination>`: a consistent online copy of the SQLite store named by
 * DATABASE_URL, taken with SQLite's backup API (better-sqlite3's `db.backup`) while the service
 * keeps running. PostgreSQL has its own tools (README, "Backup and restore").
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_DATABASE_URL } from '../config/env.validation.js';
import { SQLITE_BUSY_TIMEOUT_MS } from './data-source-options.js';
import { parseDatabaseUrl } from './database-url.js';

export interface SqliteBackupResult {
  destination: string;
  pages: number;
  bytes: number;
  /** Rows of `history_entry` in the copy. */
  historyEntries: number;
}

/**
 * Copies the SQLite database at `source` to `destination` (which must not exist), atomically:
 * the copy is written beside it, checked (`PRAGMA integrity_check`) and only then renamed.
 */
export const backupSqlite = async (
  source: string,
  destination: string,
): Promise<SqliteBackupResult> => {
  if (!existsSync(source)) throw new Error(`there is no SQLite database at ${source}`);
  if (existsSync(destination)) {
    throw new Error(`${destination} exists already: a backup never overwrites a file`);
  }
  const partial = `${destination}.partial`;
  await rm(partial, { force: true });
  // Read-only: the backup never writes the live store. WAL lets the service write meanwhile.
  const live = new Database(source, { readonly: true, fileMustExist: true });
  let pages: number;
  try {
    live.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // The whole database in one step, so one read transaction sees one commit: copied page by
    // page, a write by the service between two steps would restart the copy, maybe forever.
    const done = await live.backup(partial, { progress: () => 0x7fffffff });
    pages = done.totalPages;
  } finally {
    live.close();
  }
  const copy = new Database(partial, { fileMustExist: true });
  let historyEntries: number;
  let bytes: number;
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new Error(`the copy failed SQLite's integrity check: ${String(check)}`);
    historyEntries = (
      copy.prepare('SELECT count(*) AS n FROM history_entry').get() as { n: number }
    ).n;
    bytes =
      (copy.pragma('page_count', { simple: true }) as number) *
      (copy.pragma('page_size', { simple: true }) as number);
  } catch (error) {
    copy.close();
    await rm(partial, { force: true });
    throw error;
  }
  copy.close();
  await rename(partial, destination);
  return { destination, pages, bytes, historyEntries };
};

/** The CLI: reads DATABASE_URL like the service; returns the process exit code. */
export const runBackupCli = async (
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> => {
  const [destination, ...rest] = args;
  if (destination === undefined || destination.startsWith('-') || rest.length > 0) {
    err('usage: npm run backup -- <destination file>   (DATABASE_URL names the store to copy)');
    return 2;
  }
  const url = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const target = parseDatabaseUrl(url);
  if (target === undefined) {
    err('DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres://…');
    return 2;
  }
  if (target.kind === 'postgres') {
    err(
      'DATABASE_URL names a PostgreSQL database: back it up with pg_dump -Fc (logical) or ' +
        'pg_basebackup with WAL archiving (physical, point-in-time); see README, "Backup and restore", PostgreSQL.',
    );
    return 2;
  }
  if (target.path === ':memory:') {
    err('DATABASE_URL is sqlite::memory:, which lives only inside the service process');
    return 2;
  }
  try {
    const result = await backupSqlite(resolve(target.path), resolve(destination));
    out(
      `backup written to ${result.destination}: ${result.bytes} bytes, ` +
        `${result.historyEntries} history entries, integrity check ok`,
    );
    return 0;
  } catch (error) {
    err(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
};
