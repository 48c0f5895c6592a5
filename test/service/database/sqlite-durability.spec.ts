/**
 * Acknowledged means durable (SPEC §2): the service's own SQLite connection syncs every commit
 * (`synchronous=FULL`) unless the operator opts into NORMAL with SQLITE_SYNCHRONOUS.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../support/test-app.js';

// PRAGMA synchronous answers a number: 1 is NORMAL, 2 is FULL.
const SYNCHRONOUS_LEVEL = { NORMAL: 1, FULL: 2 } as const;

const synchronousInEffect = async (t: TestApp): Promise<unknown> => {
  const rows = await t.app
    .get(DataSource)
    .query<Array<Record<string, unknown>>>('PRAGMA synchronous');
  return Object.values(rows[0] ?? {})[0];
};

/** Starts the service with SQLITE_SYNCHRONOUS as given (undefined: not set). */
const startWith = async (value: string | undefined): Promise<TestApp> => {
  const saved = process.env.SQLITE_SYNCHRONOUS;
  if (value === undefined) delete process.env.SQLITE_SYNCHRONOUS;
  else process.env.SQLITE_SYNCHRONOUS = value;
  try {
    return await startTestApp({ database: 'sqlite' });
  } finally {
    if (saved === undefined) delete process.env.SQLITE_SYNCHRONOUS;
    else process.env.SQLITE_SYNCHRONOUS = saved;
  }
};

describe('SQLite durability of the running service', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('syncs every commit (synchronous=FULL) when SQLITE_SYNCHRONOUS is not set', async () => {
    t = await startWith(undefined);
    expect(await synchronousInEffect(t)).toBe(SYNCHRONOUS_LEVEL.FULL);
  });

  it('runs synchronous=NORMAL only when the operator opts in', async () => {
    t = await startWith('normal');
    expect(await synchronousInEffect(t)).toBe(SYNCHRONOUS_LEVEL.NORMAL);
  });

  it('keeps FULL when asked for it explicitly', async () => {
    t = await startWith('FULL');
    expect(await synchronousInEffect(t)).toBe(SYNCHRONOUS_LEVEL.FULL);
  });
});
