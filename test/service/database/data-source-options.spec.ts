import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  createDataSourceOptions,
  isPostgres,
} from '../../../src/service/database/data-source-options.js';
import { MIGRATIONS } from '../../../src/service/database/migrations/index.js';
import { runMigrations } from '../../../src/service/database/run-migrations.js';
import { openTestDataSource } from '../../support/open-data-source.js';
import {
  createThrowawayPostgresDatabase,
  databasesUnderTest,
} from '../../support/throwaway-database.js';

const pragma = async (ds: DataSource, name: string): Promise<unknown> => {
  const rows = await ds.query<Record<string, unknown>[]>(`PRAGMA ${name}`);
  return Object.values(rows[0] ?? {})[0];
};

describe(createDataSourceOptions.name, () => {
  it('never synchronises the schema and lists entities and migrations explicitly', () => {
    for (const url of ['sqlite::memory:', 'postgres://u@localhost/test']) {
      const options = createDataSourceOptions(url);
      expect(options.synchronize).toBe(false);
      expect(options.migrations).toEqual(MIGRATIONS);
      expect(options.entities).toEqual(expect.arrayContaining([expect.any(Function)]));
    }
  });

  it('refuses a URL it cannot read', () => {
    expect(() => createDataSourceOptions('mysql://h/db')).toThrow(/DATABASE_URL/);
  });

  it('opens SQLite in WAL mode with foreign keys, a busy timeout and the chosen synchronous level', async () => {
    for (const [setting, level] of [
      ['NORMAL', 1],
      ['FULL', 2],
    ] as const) {
      const t = await openTestDataSource('sqlite', { sqliteSynchronous: setting });
      try {
        expect(isPostgres(t.dataSource)).toBe(false);
        expect(await pragma(t.dataSource, 'journal_mode')).toBe('wal');
        expect(await pragma(t.dataSource, 'synchronous')).toBe(level);
        expect(await pragma(t.dataSource, 'foreign_keys')).toBe(1);
        expect(await pragma(t.dataSource, 'busy_timeout')).toBe(5000);
        expect(await pragma(t.dataSource, 'cache_size')).toBe(-64 * 1024);
      } finally {
        await t.close();
      }
    }
  });

  it("creates the SQLite file's folder when it is missing", async () => {
    const root = await mkdtemp(join(tmpdir(), 'cadreflow-test-'));
    const file = join(root, 'not', 'yet', 'there', 'cadreflow.sqlite');
    const ds = await new DataSource(createDataSourceOptions(`sqlite:${file}`)).initialize();
    try {
      expect(existsSync(file)).toBe(true);
    } finally {
      await ds.destroy();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('works with an in-memory SQLite database', async () => {
    const ds = await new DataSource(createDataSourceOptions('sqlite::memory:')).initialize();
    try {
      await runMigrations(ds);
      expect(await ds.query('SELECT count(*) AS n FROM "principal"')).toEqual([{ n: 0 }]);
    } finally {
      await ds.destroy();
    }
  });
});

describe.each(databasesUnderTest())('migrations on %s', (database) => {
  it('apply, revert (down) and re-apply cleanly', async () => {
    const t = await openTestDataSource(database);
    const ds = t.dataSource;
    try {
      expect(await ds.showMigrations()).toBe(false);
      await ds.query(
        'SELECT "id", "name", "roles", "token_hash", "created_at", "revoked_at" FROM "principal"',
      );
      for (let i = 0; i < MIGRATIONS.length; i += 1) await ds.undoLastMigration();
      await expect(ds.query('SELECT 1 FROM "principal"')).rejects.toThrow();
      await runMigrations(ds);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('refuse a second principal with the same token hash', async () => {
    const t = await openTestDataSource(database);
    const p = (n: number) => (database === 'postgres' ? `$${n}` : '?');
    const insert = (id: string) =>
      t.dataSource.query(
        `INSERT INTO "principal" ("id", "name", "roles", "token_hash", "created_at") VALUES (${p(1)}, 'x', '["clerk"]', 'same', '2025-01-01T00:00:00.000Z')`,
        [id],
      );
    try {
      await insert('1');
      await expect(insert('2')).rejects.toThrow();
    } finally {
      await t.close();
    }
  });
});

// PostgreSQL only: SQLite is one process's file. Declared only when TEST_DATABASE_URL is set
// (CI always sets it), so that a run without PostgreSQL reports no skipped test.
if (databasesUnderTest().includes('postgres'))
  describe('migrations on postgres, started by several processes at once', () => {
    it('are applied once while the others wait', async () => {
      const database = await createThrowawayPostgresDatabase();
      const sources = await Promise.all(
        [1, 2, 3].map(() => new DataSource(createDataSourceOptions(database.url)).initialize()),
      );
      try {
        await Promise.all(sources.map((ds) => runMigrations(ds)));
        const applied = await sources[0]!.query<unknown[]>('SELECT "name" FROM "migrations"');
        expect(applied).toHaveLength(MIGRATIONS.length);
      } finally {
        await Promise.all(sources.map((ds) => ds.destroy()));
        await database.drop();
      }
    });
  });
