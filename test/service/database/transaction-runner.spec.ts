import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { runInTransaction } from '../../../src/service/database/transaction-runner.js';
import { openTestDataSource, type TestDataSource } from '../../support/open-data-source.js';
import { databasesUnderTest } from '../../support/throwaway-database.js';

describe.each(databasesUnderTest())(`${runInTransaction.name} on %s`, (database) => {
  let t: TestDataSource;
  let ds: DataSource;
  let nextId = 0;
  const param = (n: number) => (database === 'postgres' ? `$${n}` : '?');
  const add = (manager: EntityManager, label: string) =>
    manager.query(`INSERT INTO "scratch" ("id", "label") VALUES (${param(1)}, ${param(2)})`, [
      ++nextId,
      label,
    ]);
  const labels = async (): Promise<string[]> =>
    (await ds.query<{ label: string }[]>('SELECT "label" FROM "scratch" ORDER BY "id"')).map(
      (row) => row.label,
    );

  beforeAll(async () => {
    t = await openTestDataSource(database);
    ds = t.dataSource;
    await ds.query(
      'CREATE TABLE "scratch" ("id" integer NOT NULL PRIMARY KEY, "label" varchar(50) NOT NULL)',
    );
  });

  afterEach(async () => {
    await ds.query('DELETE FROM "scratch"');
  });

  afterAll(async () => {
    await t.close();
  });

  it('commits the work and returns its result', async () => {
    const result = await runInTransaction(ds, async (manager) => {
      await add(manager, 'a');
      return 42;
    });
    expect(result).toBe(42);
    expect(await labels()).toEqual(['a']);
  });

  it('rolls everything back and rethrows when the work throws', async () => {
    const failure = new Error('refused');
    await expect(
      runInTransaction(ds, async (manager) => {
        await add(manager, 'lost 1');
        await sleep(5);
        await add(manager, 'lost 2');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await labels()).toEqual([]);

    // The connection is not left inside a transaction.
    await runInTransaction(ds, (manager) => add(manager, 'after'));
    expect(await labels()).toEqual(['after']);
  });

  it('lets a nested call join the outer transaction, and roll back with it', async () => {
    await expect(
      runInTransaction(ds, async (manager) => {
        await add(manager, 'outer');
        await runInTransaction(ds, (inner) => add(inner, 'inner'));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await labels()).toEqual([]);
  });

  it('does not let work scheduled from a finished transaction join it', async () => {
    let later: Promise<unknown> | undefined;
    await runInTransaction(ds, async (manager) => {
      await add(manager, 'first');
      later = sleep(20).then(() => runInTransaction(ds, (m) => add(m, 'later')));
    });
    await later;
    expect(await labels()).toEqual(['first', 'later']);
  });

  if (database === 'sqlite') {
    it('runs two concurrent transactions one after the other, never interleaved', async () => {
      const events: string[] = [];
      const work = (name: string, pause: number) => (manager: EntityManager) =>
        (async () => {
          events.push(`${name} begins`);
          const seen = await labels();
          await add(manager, name);
          await sleep(pause);
          events.push(`${name} ends having seen [${seen.join(',')}]`);
        })();

      await Promise.all([runInTransaction(ds, work('A', 40)), runInTransaction(ds, work('B', 1))]);

      expect(events).toEqual([
        'A begins',
        'A ends having seen []',
        'B begins',
        'B ends having seen [A]',
      ]);
      expect(await labels()).toEqual(['A', 'B']);
    });

    it('keeps a rolled-back transaction from taking a concurrent one down with it', async () => {
      const outcomes = await Promise.allSettled([
        runInTransaction(ds, async (manager) => {
          await add(manager, 'doomed');
          await sleep(20);
          throw new Error('refused');
        }),
        runInTransaction(ds, (manager) => add(manager, 'kept')),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
      expect(await labels()).toEqual(['kept']);
    });

    it('commits the transactions that waited together, and answers each once it is durable', async () => {
      const path = (ds.options as { database: string }).database;
      const other = new Database(path, { readonly: true });
      const committed = () =>
        other
          .prepare('SELECT label FROM scratch ORDER BY id')
          .all()
          .map((row) => (row as { label: string }).label);
      try {
        const seenByOthers: string[][] = [];
        const answered: string[] = [];
        const work = (name: string) => (manager: EntityManager) =>
          (async () => {
            await add(manager, name);
            // Another connection sees only what is committed: the group is not, yet.
            seenByOthers.push(committed());
          })();
        await Promise.all(
          ['A', 'B', 'C'].map((name) =>
            runInTransaction(ds, work(name)).then(() => {
              // When a caller hears back, its write is durable.
              expect(committed()).toContain(name);
              answered.push(name);
            }),
          ),
        );
        expect(seenByOthers).toEqual([[], [], []]);
        expect(answered).toEqual(['A', 'B', 'C']);
        expect(committed()).toEqual(['A', 'B', 'C']);
      } finally {
        other.close();
      }
    });

    it('fails every transaction of a group whose commit fails, and keeps none of them', async () => {
      await ds.query(
        'CREATE TABLE IF NOT EXISTS "deferred_child" ("id" integer PRIMARY KEY, "parent" integer ' +
          'REFERENCES "scratch" ("id") DEFERRABLE INITIALLY DEFERRED)',
      );
      const outcomes = await Promise.allSettled([
        runInTransaction(ds, (manager) => add(manager, 'sound')),
        // Its own statement succeeds; the foreign key is checked at COMMIT, and fails it.
        runInTransaction(ds, (manager) =>
          manager.query('INSERT INTO "deferred_child" ("id", "parent") VALUES (1, 424242)'),
        ),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      expect(await labels()).toEqual([]);
      // The connection is usable again.
      await runInTransaction(ds, (manager) => add(manager, 'after'));
      expect(await labels()).toEqual(['after']);
    });

    it('holds the write lock from BEGIN (BEGIN IMMEDIATE), before the first write', async () => {
      const path = (ds.options as { database: string }).database;
      const other = new Database(path, { timeout: 0 });
      try {
        await runInTransaction(ds, () => {
          expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(/database is locked/);
          return Promise.resolve();
        });
        other.exec('BEGIN IMMEDIATE');
        other.exec('ROLLBACK');
      } finally {
        other.close();
      }
    });
  }

  if (database === 'postgres') {
    it('runs concurrent transactions side by side, each on its own connection', async () => {
      let releaseA!: () => void;
      const aMayFinish = new Promise<void>((resolve) => {
        releaseA = resolve;
      });
      const a = runInTransaction(ds, async (manager) => {
        await add(manager, 'A');
        await aMayFinish; // only B can release it: a serialised runner would hang here
      });
      const b = runInTransaction(ds, async (manager) => {
        await add(manager, 'B');
        expect(await labels()).toEqual([]); // READ COMMITTED: neither write is visible yet
        releaseA();
      });
      await Promise.all([a, b]);
      expect((await labels()).sort()).toEqual(['A', 'B']);
    });
  }
});
