/**
 * Transactions, the features' one way into the database (SQLite, and PostgreSQL when
 * TEST_DATABASE_URL is set): `read` sees committed data only, even while another request's
 * transaction is open on SQLite's one connection, and joins the caller's own transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import { Transactions } from '../../../src/service/database/transactions.js';
import { openTestDataSource, type TestDataSource } from '../../support/open-data-source.js';
import { holdTransactionOpen } from '../../support/open-transaction.js';
import { databasesUnderTest } from '../../support/throwaway-database.js';

describe.each(databasesUnderTest())('Transactions on %s', (kind) => {
  let db: TestDataSource;
  let transactions: Transactions;
  let nextId = 0;
  const param = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
  const add = (manager: EntityManager, label: string) =>
    manager.query(`INSERT INTO "scratch" ("id", "label") VALUES (${param(1)}, ${param(2)})`, [
      ++nextId,
      label,
    ]);
  const labels = (manager: EntityManager): Promise<string[]> =>
    manager
      .query<{ label: string }[]>('SELECT "label" FROM "scratch" ORDER BY "id"')
      .then((rows) => rows.map((row) => row.label));

  beforeAll(async () => {
    db = await openTestDataSource(kind);
    transactions = new Transactions(db.dataSource);
    await db.dataSource.query(
      'CREATE TABLE "scratch" ("id" integer NOT NULL PRIMARY KEY, "label" varchar(50) NOT NULL)',
    );
  });

  afterAll(async () => {
    await db.close();
  });

  it('knows its dialect and answers the health probe', async () => {
    expect(transactions.postgres).toBe(kind === 'postgres');
    expect(await transactions.answers(1000)).toBe(true);
  });

  it("reads committed data only while another request's transaction is open", async () => {
    const other = await holdTransactionOpen(db.dataSource, (manager) => add(manager, 'ghost'));
    const seen = transactions.read(labels);
    await sleep(50);
    await other.rollback();
    expect(await seen).toEqual([]);
  });

  it('joins the caller’s transaction: a read inside run sees its writes, and rolls back with it', async () => {
    await expect(
      transactions.run(async (manager) => {
        await add(manager, 'mine');
        expect(await transactions.read(labels)).toEqual(['mine']);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await transactions.read(labels)).toEqual([]);
  });
});
