/**
 * The DeadlineStore on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set):
 * effects applied from one read of a case's deadlines (schedule, extend, cancel in time and
 * late, a deadline scheduled and closed in one step), the overdue flag, the scheduler's claim
 * (once only), closing, and the recompute after a calendar upload.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { Effect } from '../../../src/engine/index.js';
import { CaseStore } from '../../../src/service/cases/case.store.js';
import { sqlSession } from '../../../src/service/database/sql.js';
import { EVERYWHERE } from '../../../src/service/units/scope.js';
import { runInTransaction } from '../../../src/service/database/transaction-runner.js';
import type { DueDates } from '../../../src/service/deadlines/deadline-calendar.js';
import {
  DeadlineStore,
  overdueOf,
  type DeadlineRecord,
} from '../../../src/service/deadlines/deadline.store.js';
import { openTestDataSource, type TestDataSource } from '../../support/open-data-source.js';
import { insertCase, insertStoreDefinition } from '../../support/store-fixtures.js';
import { databasesUnderTest } from '../../support/throwaway-database.js';

/**
 * A calendar where every day counts: due = start day + amount − 1, or the day the deadline counts
 * from + amount − 1 (− amount + 1 counted back): enough to test the store.
 */
const plainDays: DueDates = {
  dueOn: ({ startedAt, countedFrom, direction, amount }) => {
    const day = new Date(`${(countedFrom ?? startedAt).slice(0, 10)}T00:00:00Z`);
    const sign = direction === 'before' ? -1 : 1;
    day.setUTCDate(day.getUTCDate() + sign * (amount - 1));
    return day.toISOString().slice(0, 10);
  },
};

const schedule = (
  name: string,
  startedAt: string,
  amount: number,
  onExpiry: DeadlineRecord['onExpiry'] = { markOverdue: true },
): Extract<Effect, { type: 'scheduleDeadline' }> => ({
  type: 'scheduleDeadline',
  name,
  stateId: 'review',
  scope: 'state',
  startedAt,
  amount,
  unit: 'DAY',
  onExpiry,
  extension: null,
  extensions: 0,
});

describe.each(databasesUnderTest())('DeadlineStore on %s', (kind) => {
  let db: TestDataSource;
  const store = new DeadlineStore();
  const cases = new CaseStore();
  const inTx = <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> =>
    runInTransaction(db.dataSource, work);
  let calendarAsked = 0;
  const calendar = () => {
    calendarAsked += 1;
    return Promise.resolve(plainDays);
  };

  /** Applies effects to a case's deadlines as an event does: one read, one write group. */
  const applyEffects = (caseId: string, effects: Effect[], now: string) =>
    inTx(async (manager) => {
      const session = sqlSession(manager);
      const current = await session.get(store.listFor(caseId));
      const applied = await store.apply(caseId, current, effects, now, calendar);
      await session.write(applied.commands);
      return applied;
    });
  const listed = (caseId: string) =>
    inTx((manager) => sqlSession(manager).get(store.listFor(caseId)));
  const overdueFlag = async (caseId: string) =>
    (await inTx((manager) => cases.find(manager, caseId, EVERYWHERE)))?.overdue;

  beforeAll(async () => {
    db = await openTestDataSource(kind);
    await inTx(insertStoreDefinition);
  });

  afterAll(async () => {
    await db.close();
  });

  it('schedules with the due day the calendar gives, and writes what it returns', async () => {
    const { id } = await inTx(insertCase);
    calendarAsked = 0;
    const applied = await applyEffects(
      id,
      [schedule('review', '2026-03-02T03:00:00.000Z', 10)],
      '2026-03-02T03:00:00.000Z',
    );
    expect(calendarAsked).toBe(1);
    expect(applied.deadlines).toEqual([
      expect.objectContaining({
        caseId: id,
        name: 'review',
        dueOn: '2026-03-11',
        status: 'pending',
        extensions: 0,
        closedAt: null,
        firedAt: null,
        onExpiry: { markOverdue: true },
      }),
    ]);
    expect(applied.overdue).toBe(0);
    // What the event answers is what the table holds.
    expect(await listed(id)).toEqual(applied.deadlines);
  });

  it('keeps the date a deadline counts from and its direction, for its due day, an extension and a recomputation', async () => {
    const { id } = await inTx(insertCase);
    const anchored: Effect = {
      ...schedule('exchange', '2026-03-20T03:00:00.000Z', 10),
      countedFrom: '2026-03-02',
      from: 'payload.letterReceivedOn',
      extension: { event: 'EXTEND', maxAmount: 15, times: 1 },
    };
    const notice: Effect = {
      ...schedule('notice', '2026-03-20T03:00:00.000Z', 5),
      countedFrom: '2026-06-30',
      direction: 'before',
    };
    const applied = await applyEffects(id, [anchored, notice], '2026-03-20T03:00:00.000Z');
    const byName = new Map(applied.deadlines.map((d) => [d.name, d]));
    // Counted from the letter, not from the submit on 20/03.
    expect(byName.get('exchange')).toMatchObject({
      countedFrom: '2026-03-02',
      direction: 'after',
      dueOn: '2026-03-11',
    });
    expect(byName.get('notice')).toMatchObject({
      countedFrom: '2026-06-30',
      direction: 'before',
      dueOn: '2026-06-26',
    });
    expect(await listed(id)).toEqual(applied.deadlines);

    const extended = await applyEffects(
      id,
      [{ type: 'extendDeadline', name: 'exchange', amount: 15, extensions: 1 }],
      '2026-03-21T03:00:00.000Z',
    );
    expect(extended.deadlines.find((d) => d.name === 'exchange')).toMatchObject({
      countedFrom: '2026-03-02',
      dueOn: '2026-03-16',
      extensions: 1,
    });

    const moved = await inTx((manager) =>
      store.recompute(manager, 2026, (terms) =>
        plainDays.dueOn({ ...terms, amount: terms.amount + 1 }),
      ),
    );
    expect(
      moved.filter((entry) => entry.caseId === id).map((entry) => [entry.name, entry.to]),
    ).toEqual(
      expect.arrayContaining([
        ['exchange', '2026-03-17'],
        ['notice', '2026-06-25'],
      ]),
    );
  });

  it('closes a deadline met in time, and one cancelled after its due day as expired', async () => {
    const { id } = await inTx(insertCase);
    await applyEffects(
      id,
      [
        schedule('early', '2026-03-02T03:00:00.000Z', 5),
        schedule('late', '2026-03-02T03:00:00.000Z', 2),
      ],
      '2026-03-02T03:00:00.000Z',
    );
    calendarAsked = 0;
    const now = '2026-03-05T03:00:00.000Z';
    const applied = await applyEffects(
      id,
      [
        { type: 'cancelDeadline', name: 'early', reason: 'stateLeft' },
        { type: 'cancelDeadline', name: 'late', reason: 'stateLeft' },
        { type: 'cancelDeadline', name: 'unknown', reason: 'stateLeft' },
      ],
      now,
    );
    // Closing needs no calendar.
    expect(calendarAsked).toBe(0);
    const byName = new Map((await listed(id)).map((d) => [d.name, d]));
    expect(byName.get('early')).toMatchObject({ status: 'met', closedAt: now });
    expect(byName.get('late')).toMatchObject({ status: 'expired', closedAt: now });
    expect(await listed(id)).toEqual(applied.deadlines);
  });

  it('extends an expired deadline to a day not yet past: it runs again, the case no longer overdue', async () => {
    const { id } = await inTx(insertCase);
    await applyEffects(
      id,
      [schedule('answer', '2026-03-02T03:00:00.000Z', 2)],
      '2026-03-02T03:00:00.000Z',
    );
    // The scheduler fires it: expired, fired, the case overdue.
    const [candidate] = await inTx((manager) => store.dueCandidates(manager, '2026-03-10', 10));
    expect(candidate).toEqual({ id: expect.any(String), caseId: id });
    const claimed = await inTx(async (manager) => {
      const claim = await store.claimDue(
        manager,
        candidate?.id ?? '',
        id,
        '2026-03-10T03:00:00.000Z',
      );
      await store.refreshOverdue(manager, id);
      return claim;
    });
    expect(claimed?.deadline).toMatchObject({
      status: 'expired',
      firedAt: '2026-03-10T03:00:00.000Z',
    });
    expect(await overdueFlag(id)).toBe(1);
    // Claimed once only.
    expect(
      await inTx((manager) =>
        store.claimDue(manager, candidate?.id ?? '', id, '2026-03-10T03:00:01.000Z'),
      ),
    ).toBeNull();

    const applied = await applyEffects(
      id,
      [{ type: 'extendDeadline', name: 'answer', amount: 20, extensions: 1 }],
      '2026-03-10T03:00:00.000Z',
    );
    expect(applied.deadlines).toEqual([
      expect.objectContaining({
        dueOn: '2026-03-21',
        status: 'pending',
        firedAt: null,
        extensions: 1,
        amount: 20,
      }),
    ]);
    expect(applied.overdue).toBe(0);
    expect(await listed(id)).toEqual(applied.deadlines);
    await inTx((manager) => store.refreshOverdue(manager, id));
    expect(await overdueFlag(id)).toBe(0);
  });

  it('writes a deadline scheduled and closed in the same step once, closed', async () => {
    const { id } = await inTx(insertCase);
    const now = '2026-04-01T03:00:00.000Z';
    const applied = await applyEffects(
      id,
      [schedule('final', now, 3), { type: 'cancelDeadline', name: 'final', reason: 'caseEnded' }],
      now,
    );
    expect(applied.commands).toHaveLength(1);
    expect(await listed(id)).toEqual([
      expect.objectContaining({ name: 'final', status: 'met', closedAt: now }),
    ]);
  });

  it('does not claim a deadline that is not yet due, or whose case is gone', async () => {
    const { id } = await inTx(insertCase);
    await applyEffects(
      id,
      [schedule('later', '2026-05-01T03:00:00.000Z', 10)],
      '2026-05-01T03:00:00.000Z',
    );
    const [deadline] = await listed(id);
    const at = '2026-05-05T03:00:00.000Z';
    expect(await inTx((manager) => store.claimDue(manager, deadline?.id ?? '', id, at))).toBeNull();
    expect(
      await inTx((manager) =>
        store.claimDue(manager, deadline?.id ?? '', 'no-such-case', '2026-06-01T03:00:00.000Z'),
      ),
    ).toBeNull();
    await inTx((manager) => store.close(manager, deadline?.id ?? '', at));
    expect((await listed(id))[0]).toMatchObject({ status: 'pending', closedAt: at });
    expect(
      await inTx((manager) => store.dueCandidates(manager, '2026-07-01', 100)),
    ).not.toContainEqual({
      id: deadline?.id,
      caseId: id,
    });
  });

  it('recomputes the pending deadlines a calendar year can move, and only those', async () => {
    const { id } = await inTx(insertCase);
    await applyEffects(
      id,
      [
        schedule('moves', '2031-12-20T03:00:00.000Z', 30),
        schedule('after', '2032-02-01T03:00:00.000Z', 30),
        schedule('closed', '2031-12-20T03:00:00.000Z', 30),
      ],
      '2031-12-20T03:00:00.000Z',
    );
    await applyEffects(
      id,
      [{ type: 'cancelDeadline', name: 'closed', reason: 'stateLeft' }],
      '2031-12-21T03:00:00.000Z',
    );
    const before = new Map((await listed(id)).map((d) => [d.name, d]));
    // The new calendar of 2031 adds two days to everything.
    const moved = await inTx((manager) =>
      store.recompute(manager, 2031, (terms) =>
        plainDays.dueOn({ ...terms, amount: terms.amount + 2 }),
      ),
    );
    const mine = moved.filter((entry) => entry.caseId === id);
    expect(mine).toEqual([
      {
        deadlineId: before.get('moves')?.id,
        caseId: id,
        name: 'moves',
        from: before.get('moves')?.dueOn,
        to: '2032-01-20',
      },
    ]);
    const after = new Map((await listed(id)).map((d) => [d.name, d]));
    expect(after.get('moves')?.dueOn).toBe('2032-01-20');
    expect(after.get('after')?.dueOn).toBe(before.get('after')?.dueOn);
    expect(after.get('closed')?.dueOn).toBe(before.get('closed')?.dueOn);
  });

  it('reads the deadlines of several cases at once, each oldest first', async () => {
    const [a, b] = await inTx(async (manager) => [
      await insertCase(manager),
      await insertCase(manager),
    ]);
    await applyEffects(
      a?.id ?? '',
      [
        schedule('two', '2026-06-02T00:00:00.000Z', 1),
        schedule('one', '2026-06-01T00:00:00.000Z', 1),
      ],
      '2026-06-02T00:00:00.000Z',
    );
    await applyEffects(
      b?.id ?? '',
      [schedule('only', '2026-06-03T00:00:00.000Z', 1)],
      '2026-06-03T00:00:00.000Z',
    );
    const byCase = await inTx((manager) => store.listForCases(manager, [a?.id ?? '', b?.id ?? '']));
    expect(byCase.get(a?.id ?? '')?.map((d) => d.name)).toEqual(['one', 'two']);
    expect(byCase.get(b?.id ?? '')?.map((d) => d.name)).toEqual(['only']);
  });
});

describe('overdueOf', () => {
  const deadline = (overrides: Partial<DeadlineRecord>): DeadlineRecord => ({
    id: 'd',
    caseId: 'c',
    name: 'n',
    stateId: 's',
    scope: 'state',
    startedAt: '2026-01-01T00:00:00.000Z',
    amount: 1,
    unit: 'DAY',
    countedFrom: null,
    direction: 'after',
    dueOn: '2026-01-01',
    onExpiry: { markOverdue: true },
    extensions: 0,
    status: 'pending',
    closedAt: null,
    firedAt: null,
    ...overrides,
  });

  it('is 1 only while an expired deadline that marks the case overdue is open', () => {
    expect(overdueOf([])).toBe(0);
    expect(overdueOf([deadline({ status: 'expired' })])).toBe(1);
    expect(overdueOf([deadline({ status: 'expired', closedAt: '2026-01-03T00:00:00.000Z' })])).toBe(
      0,
    );
    expect(overdueOf([deadline({ status: 'expired', onExpiry: { event: 'TIMEOUT' } })])).toBe(0);
    expect(overdueOf([deadline({ status: 'pending' })])).toBe(0);
  });
});
