/**
 * The CaseStore and IdempotencyStore on a real database (SQLite, and PostgreSQL when
 * TEST_DATABASE_URL is set): a case reads back exactly as inserted, a step is saved only over the
 * revision it was computed from, the lock serialises two transactions on one case (PostgreSQL),
 * and a recorded response is found again, a second record of its key refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import { CaseStore } from '../../../src/service/cases/case.store.js';
import { IdempotencyStore } from '../../../src/service/cases/idempotency.store.js';
import { isUniqueViolation } from '../../../src/service/common/unique-violation.js';
import { sqlSession } from '../../../src/service/database/sql.js';
import { EVERYWHERE, ROOT_UNIT_ID, scopeOfUnits } from '../../../src/service/units/scope.js';
import { runInTransaction } from '../../../src/service/database/transaction-runner.js';
import { openTestDataSource, type TestDataSource } from '../../support/open-data-source.js';
import { caseRecord, insertCase, insertStoreDefinition } from '../../support/store-fixtures.js';
import { databasesUnderTest } from '../../support/throwaway-database.js';

describe.each(databasesUnderTest())('CaseStore on %s', (kind) => {
  let db: TestDataSource;
  const store = new CaseStore();
  const idempotency = new IdempotencyStore();
  const inTx = <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> =>
    runInTransaction(db.dataSource, work);

  beforeAll(async () => {
    db = await openTestDataSource(kind);
    await inTx(insertStoreDefinition);
  });

  afterAll(async () => {
    await db.close();
  });

  it('reads a case back exactly as inserted (JSON columns parsed, numbers as numbers)', async () => {
    const row = caseRecord({
      subject: { title: 'Bổ nhiệm Giám đốc', nested: { list: [1, 'hai', null] } },
      data: { unit: 'Sở Nội vụ' },
      revision: 3,
      overdue: 1,
    });
    await inTx((manager) => sqlSession(manager).run(store.insert(row)));
    expect(await inTx((manager) => store.find(manager, row.id, EVERYWHERE))).toEqual(row);
    expect(await inTx((manager) => store.lock(manager, row.id, EVERYWHERE))).toEqual(row);
    expect(await inTx((manager) => store.find(manager, 'no-such-case', EVERYWHERE))).toBeNull();
    expect(await inTx((manager) => store.lock(manager, 'no-such-case', EVERYWHERE))).toBeNull();
  });

  it('finds and locks a case only for a scope that holds its unit: outside it, as unknown', async () => {
    const row = caseRecord({ unitId: ROOT_UNIT_ID });
    await inTx((manager) => sqlSession(manager).run(store.insert(row)));
    const elsewhere = scopeOfUnits(['00000000-0000-4000-8000-00000000beef']);
    const here = scopeOfUnits([ROOT_UNIT_ID]);
    expect(await inTx((manager) => store.find(manager, row.id, elsewhere))).toBeNull();
    expect(await inTx((manager) => store.lock(manager, row.id, elsewhere))).toBeNull();
    expect(await inTx((manager) => store.find(manager, row.id, here))).toEqual(row);
    expect(await inTx((manager) => store.lock(manager, row.id, here))).toEqual(row);
  });

  it('saves a step only over the revision it was computed from', async () => {
    const row = await inTx(insertCase);
    const step = {
      state: 'review',
      status: 'active' as const,
      finalState: null,
      revision: 2,
      snapshot: { ...row.snapshot, value: 'review' },
      headHash: 'b'.repeat(64),
      overdue: 0,
      updatedAt: '2026-01-02T00:00:00.000Z',
    };
    const [saved] = await inTx((manager) =>
      sqlSession(manager).write([store.saveStep(row.id, 1, step)]),
    );
    expect(saved).toBe(1);
    expect(await inTx((manager) => store.find(manager, row.id, EVERYWHERE))).toEqual({
      ...row,
      ...step,
    });
    // Computed from revision 1 again: the case has moved on, nothing changes.
    const [stale] = await inTx((manager) =>
      sqlSession(manager).write([store.saveStep(row.id, 1, { ...step, state: 'lost' })]),
    );
    expect(stale).toBe(0);
    expect((await inTx((manager) => store.find(manager, row.id, EVERYWHERE)))?.state).toBe(
      'review',
    );
  });

  if (kind === 'postgres') {
    it('holds a case for one transaction at a time: the second sees what the first wrote', async () => {
      const row = await inTx(insertCase);
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const first = inTx(async (manager) => {
        await store.lock(manager, row.id, EVERYWHERE);
        order.push('first locked');
        await held;
        await sqlSession(manager).run(
          store.saveStep(row.id, 1, { ...row, revision: 2, updatedAt: '2026-01-03T00:00:00.000Z' }),
        );
        order.push('first wrote');
      });
      await sleep(50);
      const second = inTx(async (manager) => {
        const locked = await store.lock(manager, row.id, EVERYWHERE);
        order.push('second locked');
        return locked;
      });
      await sleep(100);
      expect(order).toEqual(['first locked']);
      release();
      await first;
      expect((await second)?.revision).toBe(2);
      expect(order).toEqual(['first locked', 'first wrote', 'second locked']);
    });
  }

  it('finds a recorded response again, and refuses a second record of its key', async () => {
    const principal = 'p-1';
    const at = '2026-01-01T00:00:00.000Z';
    expect(
      await inTx((manager) => sqlSession(manager).get(idempotency.find(principal, 'k'))),
    ).toBeNull();
    await inTx((manager) =>
      sqlSession(manager).run(idempotency.record(principal, 'k', 'h'.repeat(64), '{"a":1}', at)),
    );
    expect(
      await inTx((manager) => sqlSession(manager).get(idempotency.find(principal, 'k'))),
    ).toEqual({ requestHash: 'h'.repeat(64), response: '{"a":1}' });
    // Another principal's key of the same name is another record.
    expect(
      await inTx((manager) => sqlSession(manager).get(idempotency.find('p-2', 'k'))),
    ).toBeNull();
    const refused = await inTx((manager) =>
      sqlSession(manager).write([idempotency.record(principal, 'k', 'x'.repeat(64), '{}', at)]),
    ).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isUniqueViolation(refused)).toBe(true);
    expect(isUniqueViolation(refused, 'idempotency_record')).toBe(true);
    expect(isUniqueViolation(refused, 'history_entry')).toBe(false);
  });
});
