/**
 * The PrincipalCache and its ChangeFeed on a real database (SQLite, and PostgreSQL when
 * TEST_DATABASE_URL is set): a token is read from the database once while nothing changes; a
 * revocation or a token reset — in this process, or in another one on the same database
 * (PostgreSQL: NOTIFY; SQLite: another connection's commit) — makes the next request read it
 * again and be refused; and a process whose feed is not listening caches nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import type { AuthenticatedPrincipal } from '../../../src/service/auth/authenticated-principal.js';
import { PrincipalCache } from '../../../src/service/auth/principal-cache.js';
import { hashToken } from '../../../src/service/auth/principal-token.js';
import { PrincipalsService } from '../../../src/service/auth/principals.service.js';
import { ChangeFeed } from '../../../src/service/database/change-feed.js';
import { EVERYWHERE, ROOT_UNIT_ID } from '../../../src/service/units/scope.js';
import { UnitDirectory } from '../../../src/service/units/unit-directory.js';
import { UnitStore } from '../../../src/service/units/unit.store.js';
import { Transactions } from '../../../src/service/database/transactions.js';
import { createDataSourceOptions } from '../../../src/service/database/data-source-options.js';
import { openTestDataSource, type TestDataSource } from '../../support/open-data-source.js';
import { databasesUnderTest } from '../../support/throwaway-database.js';

/** One service process's view: its connection, change feed, principals and cache. */
interface Process {
  readonly dataSource: DataSource;
  readonly feed: ChangeFeed;
  readonly principals: PrincipalsService;
  readonly cache: PrincipalCache;
  /** The principal of `token` through the cache, and whether the database was read. */
  authenticate(token: string): Promise<{ principal: AuthenticatedPrincipal | null; read: boolean }>;
  close(): Promise<void>;
}

const processOn = async (dataSource: DataSource, listen = true): Promise<Process> => {
  const feed = new ChangeFeed(dataSource);
  if (listen) await feed.onApplicationBootstrap();
  const transactions = new Transactions(dataSource);
  const principals = new PrincipalsService(
    transactions,
    feed,
    new UnitDirectory(transactions, new UnitStore(), feed),
  );
  const cache = new PrincipalCache(feed);
  return {
    dataSource,
    feed,
    principals,
    cache,
    authenticate: async (token) => {
      let read = false;
      const principal = await cache.principalOf(hashToken(token), () => {
        read = true;
        return principals.findByToken(token);
      });
      return { principal, read };
    },
    close: () => feed.onApplicationShutdown(),
  };
};

/** Waits (up to 5 s) until `check` holds: a notification takes a moment to arrive. */
const eventually = async (check: () => Promise<boolean>): Promise<void> => {
  for (let waited = 0; waited < 5000; waited += 20) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error('never happened');
};

describe.each(databasesUnderTest())('PrincipalCache on %s', (kind) => {
  let db: TestDataSource;
  let here: Process;
  let other: Process;
  let otherSource: DataSource;

  beforeAll(async () => {
    db = await openTestDataSource(kind);
    here = await processOn(db.dataSource);
    // Another process on the same database: its own connection(s).
    otherSource = await new DataSource(createDataSourceOptions(db.database.url)).initialize();
    other = await processOn(otherSource);
  });

  afterAll(async () => {
    await here.close();
    await other.close();
    await otherSource.destroy();
    await db.close();
  });

  it('reads a token from the database once while nothing changes', async () => {
    const { token, principal } = await here.principals.create(
      { name: 'clerk one', roles: ['clerk'] },
      'tester',
    );
    const first = await here.authenticate(token);
    expect(first).toEqual({
      principal: {
        id: principal.id,
        name: 'clerk one',
        roles: ['clerk'],
        unitId: ROOT_UNIT_ID,
        scopeUnitId: ROOT_UNIT_ID,
        scope: EVERYWHERE,
      },
      read: true,
    });
    expect(await here.authenticate(token)).toEqual({ ...first, read: false });
    expect(await here.authenticate(token)).toEqual({ ...first, read: false });
    // An unknown token is read every time (never cached).
    expect(await here.authenticate('cf_unknown')).toEqual({ principal: null, read: true });
    expect(await here.authenticate('cf_unknown')).toEqual({ principal: null, read: true });
  });

  it('refuses a token revoked in this process at once', async () => {
    const { token, principal } = await here.principals.create(
      { name: 'clerk two', roles: ['clerk'] },
      'tester',
    );
    expect((await here.authenticate(token)).principal?.id).toBe(principal.id);
    await here.principals.revoke(principal.id, 'tester');
    expect(await here.authenticate(token)).toEqual({ principal: null, read: true });
  });

  it('refuses a token revoked by another process once the change is heard', async () => {
    const { token, principal } = await here.principals.create(
      { name: 'clerk three', roles: ['clerk'] },
      'tester',
    );
    expect((await here.authenticate(token)).principal?.id).toBe(principal.id);
    expect((await here.authenticate(token)).read).toBe(false);
    await other.principals.revoke(principal.id, 'tester');
    await eventually(async () => (await here.authenticate(token)).principal === null);
  });

  it('stops trusting the old admin token once it is reset, here or elsewhere', async () => {
    await here.principals.ensureAdminToken('cf_admin_first');
    expect((await here.authenticate('cf_admin_first')).principal?.roles).toEqual(['admin']);
    await other.principals.ensureAdminToken('cf_admin_second');
    await eventually(async () => (await here.authenticate('cf_admin_first')).principal === null);
    expect((await here.authenticate('cf_admin_second')).principal?.roles).toEqual(['admin']);
    await here.principals.ensureAdminToken('cf_admin_third');
    expect(await here.authenticate('cf_admin_second')).toEqual({ principal: null, read: true });
  });

  if (kind === 'postgres') {
    it('caches nothing while its change feed is not listening', async () => {
      const deaf = await processOn(otherSource, false);
      const { token } = await here.principals.create(
        { name: 'clerk four', roles: ['clerk'] },
        'tester',
      );
      expect(deaf.feed.version()).toBeNull();
      expect((await deaf.authenticate(token)).read).toBe(true);
      expect((await deaf.authenticate(token)).read).toBe(true);
      await deaf.close();
    });
  }
});
