/**
 * The per-process unit tree: read once while the change feed's version stands, re-read after a
 * change (a unit created here or announced by another process), never cached without a version.
 */
import { describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { ChangeFeed } from '../../../src/service/database/change-feed.js';
import type { Transactions } from '../../../src/service/database/transactions.js';
import { ROOT_UNIT_CODE, ROOT_UNIT_ID } from '../../../src/service/units/scope.js';
import { UnitDirectory } from '../../../src/service/units/unit-directory.js';
import type { Unit } from '../../../src/service/units/unit-tree.js';
import type { UnitStore } from '../../../src/service/units/unit.store.js';

const setup = () => {
  const state = { version: '1' as string | null, reads: 0 };
  const units: Unit[] = [
    { id: ROOT_UNIT_ID, code: ROOT_UNIT_CODE, name: 'Toàn hệ thống', parentId: null },
  ];
  const transactions = {
    read: <T>(work: (manager: EntityManager) => Promise<T>) => work({} as EntityManager),
  } as unknown as Transactions;
  const store = {
    all: () => {
      state.reads += 1;
      return Promise.resolve([...units]);
    },
  } as unknown as UnitStore;
  const feed = { version: () => state.version } as unknown as ChangeFeed;
  return { state, units, directory: new UnitDirectory(transactions, store, feed) };
};

describe('UnitDirectory', () => {
  it('reads the tree once while nothing changes, and again after a change', async () => {
    const { state, units, directory } = setup();
    await directory.tree();
    await directory.tree();
    expect(state.reads).toBe(1);
    units.push({ id: 'p1', code: 'P1', name: 'P1', parentId: ROOT_UNIT_ID });
    state.version = '2';
    const tree = await directory.tree();
    expect(state.reads).toBe(2);
    expect(tree.get('p1')?.code).toBe('P1');
  });

  it('reads every time while the change feed has no version (nothing may be cached)', async () => {
    const { state, directory } = setup();
    state.version = null;
    await directory.tree();
    await directory.tree();
    expect(state.reads).toBe(2);
  });
});
