/**
 * PrincipalsService on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set):
 * a token is authenticated against committed principals only, never against a row that another
 * request's open transaction wrote and then rolled back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PrincipalEntity } from '../../../src/service/auth/principal.entity.js';
import { generateToken, hashToken } from '../../../src/service/auth/principal-token.js';
import { PrincipalsService } from '../../../src/service/auth/principals.service.js';
import { Transactions } from '../../../src/service/database/transactions.js';
import { ChangeFeed } from '../../../src/service/database/change-feed.js';
import { EVERYWHERE, ROOT_UNIT_ID } from '../../../src/service/units/scope.js';
import { UnitDirectory } from '../../../src/service/units/unit-directory.js';
import { UnitStore } from '../../../src/service/units/unit.store.js';
import { openTestDataSource, type TestDataSource } from '../../support/open-data-source.js';
import { holdTransactionOpen } from '../../support/open-transaction.js';
import { databasesUnderTest } from '../../support/throwaway-database.js';

const SETTLE_MS = 50;

describe.each(databasesUnderTest())('PrincipalsService on %s', (kind) => {
  let db: TestDataSource;
  let principals: PrincipalsService;

  beforeAll(async () => {
    db = await openTestDataSource(kind);
    const transactions = new Transactions(db.dataSource);
    const feed = new ChangeFeed(db.dataSource);
    principals = new PrincipalsService(
      transactions,
      feed,
      new UnitDirectory(transactions, new UnitStore(), feed),
    );
  });

  afterAll(async () => {
    await db.close();
  });

  it('does not authenticate a token whose principal another transaction wrote and rolled back', async () => {
    const token = generateToken();
    const id = randomUUID();
    const other = await holdTransactionOpen(db.dataSource, (manager) =>
      manager.getRepository(PrincipalEntity).insert({
        id,
        name: 'ghost',
        roles: ['admin'],
        tokenHash: hashToken(token),
        createdAt: '2026-01-01T00:00:00.000Z',
        revokedAt: null,
      }),
    );
    const found = principals.findByToken(token);
    const listed = principals.list();
    await sleep(SETTLE_MS);
    await other.rollback();

    expect(await found).toBeNull();
    expect((await listed).map((principal) => principal.id)).not.toContain(id);
    expect(await principals.findByToken(token)).toBeNull();
  });

  it('authenticates a principal once it is created, and no longer once it is revoked', async () => {
    const { principal, token } = await principals.create(
      { name: 'clerk', roles: ['clerk'] },
      'admin-1',
    );
    expect(await principals.findByToken(token)).toEqual({
      id: principal.id,
      name: 'clerk',
      roles: ['clerk'],
      unitId: ROOT_UNIT_ID,
      scopeUnitId: ROOT_UNIT_ID,
      scope: EVERYWHERE,
    });
    await principals.revoke(principal.id, 'admin-1');
    expect(await principals.findByToken(token)).toBeNull();
  });
});
