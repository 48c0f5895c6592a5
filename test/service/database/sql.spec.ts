/**
 * Statement groups (database/sql.ts) on a real database: a read group maps each query's rows in
 * order and a write group reports each command's changed rows — on PostgreSQL in one round trip
 * each (one statement sent), on SQLite one statement after the other — and an error in a group
 * rolls the transaction back whole.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import { command, query, sqlSession } from '../../../src/service/database/sql.js';
import { runInTransaction } from '../../../src/service/database/transaction-runner.js';
import { openTestDataSource, type TestDataSource } from '../../support/open-data-source.js';
import { databasesUnderTest } from '../../support/throwaway-database.js';

describe.each(databasesUnderTest())('statement groups on %s', (kind) => {
  let db: TestDataSource;
  const inTx = <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> =>
    runInTransaction(db.dataSource, work);
  const insert = (id: number, label: string) =>
    command('INSERT INTO scratch_sql (id, label) VALUES (?, ?)', [id, label]);
  const labels = query('SELECT id, label FROM scratch_sql ORDER BY id', [], (rows) =>
    rows.map((row) => `${Number(row['id'])}:${String(row['label'])}`),
  );
  const count = (label: string) =>
    query('SELECT COUNT(*) AS n FROM scratch_sql WHERE label = ?', [label], ([row]) =>
      Number(row?.['n']),
    );
  /** The statements sent to PostgreSQL while `work` runs (none counted on SQLite). */
  const statementsSent = async <T>(manager: EntityManager, work: () => Promise<T>) => {
    if (kind !== 'postgres') return { result: await work(), sent: -1 };
    const client = (manager.queryRunner as unknown as { databaseConnection: PoolClient })
      .databaseConnection;
    const spy = jest.spyOn(client, 'query');
    try {
      const result = await work();
      return { result, sent: spy.mock.calls.length };
    } finally {
      spy.mockRestore();
    }
  };

  beforeAll(async () => {
    db = await openTestDataSource(kind);
    await db.dataSource.query(
      'CREATE TABLE scratch_sql (id integer NOT NULL PRIMARY KEY, label varchar(20) NOT NULL)',
    );
  });

  afterAll(async () => {
    await db.close();
  });

  it('writes a group and reads a group, each result in its place', async () => {
    const written = await inTx((manager) =>
      statementsSent(manager, () =>
        sqlSession(manager).write([insert(1, 'a'), insert(2, 'b'), insert(3, 'a')]),
      ),
    );
    expect(written.result).toEqual([1, 1, 1]);
    if (kind === 'postgres') expect(written.sent).toBe(1);

    const changed = await inTx((manager) =>
      sqlSession(manager).write([
        command('UPDATE scratch_sql SET label = ? WHERE label = ?', ['c', 'a']),
        command('UPDATE scratch_sql SET label = ? WHERE id = ?', ['x', 99]),
      ]),
    );
    expect(changed).toEqual([2, 0]);

    const read = await inTx((manager) =>
      statementsSent(manager, () => sqlSession(manager).read(labels, count('c'), count('none'))),
    );
    expect(read.result).toEqual([['1:c', '2:b', '3:c'], 2, 0]);
    if (kind === 'postgres') expect(read.sent).toBe(1);
  });

  it('rolls the whole transaction back when a command of a group fails', async () => {
    const failed = await inTx((manager) =>
      sqlSession(manager).write([insert(10, 'kept?'), insert(1, 'duplicate')]),
    ).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failed).not.toBeNull();
    expect(await inTx((manager) => sqlSession(manager).get(count('kept?')))).toBe(0);
  });

  it('needs the manager of an open transaction on PostgreSQL', () => {
    if (kind !== 'postgres') return;
    expect(() => sqlSession(db.dataSource.manager)).toThrow(/open transaction/);
  });
});
