import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBackupCli } from '../../../src/service/database/sqlite-backup.js';

describe(runBackupCli.name, () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const cli = (args: string[], databaseUrl: string) =>
    runBackupCli(
      args,
      { DATABASE_URL: databaseUrl },
      (line) => out.push(line),
      (line) => err.push(line),
    );

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cadreflow-backup-test-'));
    out = [];
    err = [];
    const live = new Database(join(dir, 'live.sqlite'));
    live.pragma('journal_mode = WAL');
    live.exec(
      'CREATE TABLE history_entry (seq integer); INSERT INTO history_entry VALUES (1), (2)',
    );
    live.close();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('copies the SQLite store, checks the copy and says what it wrote', async () => {
    const destination = join(dir, 'copy.sqlite');
    expect(await cli([destination], `sqlite:${join(dir, 'live.sqlite')}`)).toBe(0);
    expect(out.join('\n')).toMatch(/2 history entries, integrity check ok/);
    const copy = new Database(destination, { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM history_entry').get()).toEqual({ n: 2 });
    copy.close();
    expect(existsSync(`${destination}.partial`)).toBe(false);
  });

  it('never overwrites an existing file', async () => {
    const destination = join(dir, 'copy.sqlite');
    expect(await cli([destination], `sqlite:${join(dir, 'live.sqlite')}`)).toBe(0);
    expect(await cli([destination], `sqlite:${join(dir, 'live.sqlite')}`)).toBe(1);
    expect(err.join('\n')).toMatch(/exists already/);
  });

  it("refuses a PostgreSQL URL and points to README's PostgreSQL section", async () => {
    expect(await cli([join(dir, 'x')], 'postgres://u@localhost/cadreflow')).toBe(2);
    expect(err.join('\n')).toMatch(/pg_dump -Fc[\s\S]*pg_basebackup[\s\S]*README/);
  });

  it('refuses an in-memory store, a missing store and a missing destination', async () => {
    expect(await cli([join(dir, 'x')], 'sqlite::memory:')).toBe(2);
    expect(await cli([join(dir, 'x')], `sqlite:${join(dir, 'none.sqlite')}`)).toBe(1);
    expect(await cli([], `sqlite:${join(dir, 'live.sqlite')}`)).toBe(2);
    expect(existsSync(join(dir, 'none.sqlite'))).toBe(false);
  });
});
