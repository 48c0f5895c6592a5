/**
 * The HistoryStore on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set):
 * append, readCase, head, the audit order and byte bound of readBatch, and a refused duplicate.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CaseEntity } from '../../../src/service/cases/case.entity.js';
import { isUniqueViolation } from '../../../src/service/common/unique-violation.js';
import { insertRow } from '../../../src/service/database/insert-row.js';
import { sqlSession } from '../../../src/service/database/sql.js';
import { runInTransaction } from '../../../src/service/database/transaction-runner.js';
import {
  GENESIS_HASH,
  nextEntry,
  type HistoryEntryView,
} from '../../../src/service/history/chain.js';
import { HistoryStore } from '../../../src/service/history/history.store.js';
import { WorkflowDefinitionEntity } from '../../../src/service/workflows/workflow-definition.entity.js';
import { openTestDataSource, type TestDataSource } from '../../support/open-data-source.js';
import { databasesUnderTest } from '../../support/throwaway-database.js';

const WORKFLOW = 'store-test';

const openCase = async (manager: EntityManager): Promise<string> => {
  const id = randomUUID();
  await insertRow(
    manager,
    CaseEntity,
    Object.assign(new CaseEntity(), {
      id,
      workflowKey: WORKFLOW,
      workflowVersion: 1,
      state: 'open',
      status: 'active' as const,
      finalState: null,
      revision: 0,
      subject: {},
      data: {},
      snapshot: { value: 'open', context: {} } as unknown as CaseEntity['snapshot'],
      headHash: GENESIS_HASH,
      overdue: 0,
      createdBy: 'tester',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    }),
  );
  return id;
};

/** The entries of a chain of `count` steps of `caseId`, the n-th at `at(n)`. */
const chainOf = (caseId: string, count: number, at: (n: number) => string): HistoryEntryView[] => {
  const entries: HistoryEntryView[] = [];
  for (let n = 1; n <= count; n += 1) {
    const previous = entries[entries.length - 1] ?? null;
    entries.push(
      nextEntry(previous, {
        caseId,
        at: at(n),
        event: n === 1 ? 'CREATE' : 'STEP',
        from: previous?.to ?? null,
        to: `s${n}`,
        actorId: 'tester',
        roles: ['clerk'],
        payload: { n, note: 'x'.repeat(200) },
        comment: n % 2 === 0 ? 'chẵn' : null,
        outcome: n % 3 === 0 ? { rule: 'majority', satisfied: true } : null,
      }),
    );
  }
  return entries;
};

const withoutLines = ({ rows, more }: { rows: HistoryEntryView[]; more: boolean }) => ({
  rows,
  more,
});

const last3 = (entries: HistoryEntryView[]): HistoryEntryView =>
  entries[entries.length - 1] as HistoryEntryView;

describe.each(databasesUnderTest())('HistoryStore on %s', (kind) => {
  let db: TestDataSource;
  const store = new HistoryStore();
  const inTx = <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> =>
    runInTransaction(db.dataSource, work);

  beforeAll(async () => {
    db = await openTestDataSource(kind);
    await inTx((manager) =>
      insertRow(
        manager,
        WorkflowDefinitionEntity,
        Object.assign(new WorkflowDefinitionEntity(), {
          key: WORKFLOW,
          version: 1,
          title: { vi: 'Thử', en: 'Test' },
          regulation: 'none',
          document: {},
          contentHash: '0'.repeat(64),
          source: 'api' as const,
          publishedBy: null,
          publishedAt: '2026-01-01T00:00:00.000Z',
        }),
      ),
    );
  });

  afterAll(async () => {
    await db.close();
  });

  it('appends entries and reads a case back oldest first, exactly as appended', async () => {
    const caseId = await inTx(openCase);
    const chain = chainOf(caseId, 4, (n) => `2026-02-01T00:00:0${n}.000Z`);
    expect(await inTx((manager) => sqlSession(manager).get(store.head(caseId)))).toBeNull();
    // Appended in a scrambled order: the read is still by seq.
    await inTx(async (manager) => {
      for (const entry of [chain[2], chain[0], chain[3], chain[1]]) {
        await sqlSession(manager).run(store.append(entry as HistoryEntryView, WORKFLOW));
      }
    });
    expect(await inTx((manager) => sqlSession(manager).get(store.readCase(caseId)))).toEqual(chain);
    const last = chain[3] as HistoryEntryView;
    expect(await inTx((manager) => sqlSession(manager).get(store.head(caseId)))).toEqual({
      seq: 4,
      to: last.to,
      hash: last.hash,
    });
  });

  it('refuses a second entry with the same seq of a case, and keeps the first', async () => {
    const caseId = await inTx(openCase);
    const [first] = chainOf(caseId, 1, () => '2026-02-02T00:00:00.000Z') as [HistoryEntryView];
    await inTx((manager) => sqlSession(manager).run(store.append(first, WORKFLOW)));
    const forged = { ...first, event: 'FORGED' };
    const refused = await inTx((manager) =>
      sqlSession(manager).run(store.append(forged, WORKFLOW)),
    ).then(
      () => null,
      (error: unknown) => error,
    );
    // The driver's own error (raw SQL): SqliteError or pg's DatabaseError.
    expect(refused).not.toBeNull();
    // PostgreSQL: the primary key. SQLite: the no-replace trigger fires first (and would even
    // for INSERT OR REPLACE), else the primary key.
    expect(isUniqueViolation(refused) || /append-only/.test((refused as Error).message)).toBe(true);
    expect(await inTx((manager) => sqlSession(manager).get(store.readCase(caseId)))).toEqual([
      first,
    ]);
  });

  it('reads a batch in the audit order (at, caseId, seq), after a position, bounded in rows and bytes', async () => {
    const [a, b] = await inTx(async (manager) => [
      await openCase(manager),
      await openCase(manager),
    ]);
    // Two cases whose entries interleave in time; the third entries of both share one instant.
    const same = (n: number) => (n === 3 ? '2030-01-01T00:00:03.000Z' : null);
    const chainA = chainOf(a, 3, (n) => same(n) ?? `2030-01-01T00:00:0${n}.100Z`);
    const chainB = chainOf(b, 3, (n) => same(n) ?? `2030-01-01T00:00:0${n}.200Z`);
    await inTx(async (manager) => {
      for (const entry of [...chainB, ...chainA])
        await sqlSession(manager).run(store.append(entry, WORKFLOW));
    });
    const filter = { from: '2030-01-01T00:00:00.000Z' };
    const expected = [...chainA, ...chainB].sort(
      (x, y) => x.at.localeCompare(y.at) || x.caseId.localeCompare(y.caseId) || x.seq - y.seq,
    );

    const all = await inTx((manager) =>
      store.readBatch(manager, filter, null, { limit: 100, maxBytes: 1 << 20 }),
    );
    expect(all).toEqual({
      rows: expected,
      lines: expected.map((entry) => JSON.stringify(entry)),
      more: false,
    });

    // Row bound, then continue after the last row.
    const firstTwo = await inTx((manager) =>
      store.readBatch(manager, filter, null, { limit: 2, maxBytes: 1 << 20 }),
    );
    expect(withoutLines(firstTwo)).toEqual({ rows: expected.slice(0, 2), more: true });
    const last = firstTwo.rows[1] as HistoryEntryView;
    const rest = await inTx((manager) =>
      store.readBatch(manager, filter, last, { limit: 100, maxBytes: 1 << 20 }),
    );
    expect(withoutLines(rest)).toEqual({ rows: expected.slice(2), more: false });

    // Byte bound: the batch ends once its entries pass the budget, but takes at least one.
    const one = await inTx((manager) =>
      store.readBatch(manager, filter, null, { limit: 100, maxBytes: 1 }),
    );
    expect(withoutLines(one)).toEqual({ rows: expected.slice(0, 1), more: true });
    const entryBytes = Buffer.byteLength(JSON.stringify(expected[0]), 'utf8');
    const two = await inTx((manager) =>
      store.readBatch(manager, filter, null, { limit: 100, maxBytes: entryBytes + 1 }),
    );
    expect(withoutLines(two)).toEqual({ rows: expected.slice(0, 2), more: true });

    // A position before the window (a cursor of another selection) does not widen it.
    const early = { at: '2029-12-31T00:00:00.000Z', caseId: a, seq: 1 };
    const windowed = await inTx((manager) =>
      store.readBatch(manager, filter, early, { limit: 100, maxBytes: 1 << 20 }),
    );
    expect(windowed.rows).toEqual(expected);

    // The export's lines, written from the stored columns, are the entries' own JSON.
    const lines = await inTx((manager) =>
      store.readLines(manager, filter, null, { limit: 100, maxBytes: 1 << 20 }),
    );
    expect(lines).toEqual({
      lines: expected.map((entry) => JSON.stringify(entry)),
      last: { at: last3(expected).at, caseId: last3(expected).caseId, seq: last3(expected).seq },
      more: false,
    });
    const lineOne = await inTx((manager) =>
      store.readLines(manager, filter, null, { limit: 100, maxBytes: 1 }),
    );
    expect(lineOne.lines).toEqual([JSON.stringify(expected[0])]);
    expect(lineOne.more).toBe(true);

    // The heads of both chains.
    const heads = await inTx((manager) => store.heads(manager));
    expect(heads.filter((head) => head.caseId === a || head.caseId === b)).toEqual(
      [chainA[2], chainB[2]]
        .map((entry) => ({
          caseId: (entry as HistoryEntryView).caseId,
          seq: 3,
          head: (entry as HistoryEntryView).hash,
        }))
        .sort((x, y) => (x.caseId < y.caseId ? -1 : 1)),
    );
  });
});
