/**
 * The `deadline` table, and the case's `overdue` flag that follows from it: every read and write
 * of them goes through here, inside the caller's transaction. An event reads its case's deadlines
 * once (`listFor`), `apply` turns the step's effects into the rows' next state and the commands
 * that write it, and the case view is built from that same list.
 */
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isOverdue, type Effect } from '../../engine/index.js';
import { onPostgres } from '../database/transactions.js';
import {
  command,
  query,
  sqlSession,
  type Command,
  type Query,
  type SqlRow,
} from '../database/sql.js';
import type { DueDates } from './deadline-calendar.js';
import type { DeadlineEntity } from './deadline.entity.js';

/** A deadline row as the stores and views use it (the entity's fields). */
export type DeadlineRecord = {
  -readonly [K in keyof DeadlineEntity]: DeadlineEntity[K];
};

/** One due date moved by a calendar change: kept with the change that moved it. */
export interface RecomputedDeadline {
  readonly deadlineId: string;
  readonly caseId: string;
  readonly name: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** What `apply` decided: the case's deadlines after the step, and how to write them. */
export interface AppliedDeadlines {
  /** Every deadline of the case after the step, oldest first (the view shows them). */
  readonly deadlines: DeadlineRecord[];
  /** The inserts and updates, to run in the event's write group. */
  readonly commands: Command[];
  /** The case's overdue flag after the step (see `overdueOf`). */
  readonly overdue: 0 | 1;
}

/** A due deadline the scheduler has claimed (marked expired and fired, in its transaction). */
export interface ClaimedDeadline {
  readonly deadline: DeadlineRecord;
  readonly dueOn: string;
}

const COLUMNS =
  'id, case_id AS "caseId", name, state_id AS "stateId", scope, started_at AS "startedAt", ' +
  'amount, unit, counted_from AS "countedFrom", direction, due_on AS "dueOn", ' +
  'on_expiry AS "onExpiry", extensions, status, ' +
  'closed_at AS "closedAt", fired_at AS "firedAt"';

const toRecord = (row: SqlRow): DeadlineRecord => ({
  ...(row as unknown as DeadlineRecord),
  amount: Number(row['amount']),
  extensions: Number(row['extensions']),
  onExpiry: JSON.parse(row['onExpiry'] as string) as DeadlineRecord['onExpiry'],
});

/** Oldest first, then by name: the order of a case's deadlines everywhere. */
const byStart = (a: DeadlineRecord, b: DeadlineRecord): number =>
  a.startedAt < b.startedAt
    ? -1
    : a.startedAt > b.startedAt
      ? 1
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0;

const insertCommand = (d: DeadlineRecord): Command =>
  command(
    `INSERT INTO deadline (id, case_id, name, state_id, scope, started_at, amount, unit,
       counted_from, direction, due_on, on_expiry, extensions, status, closed_at, fired_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      d.id,
      d.caseId,
      d.name,
      d.stateId,
      d.scope,
      d.startedAt,
      d.amount,
      d.unit,
      d.countedFrom,
      d.direction,
      d.dueOn,
      JSON.stringify(d.onExpiry),
      d.extensions,
      d.status,
      d.closedAt,
      d.firedAt,
    ],
  );

/** The columns an effect may change, written together. */
const updateCommand = (d: DeadlineRecord): Command =>
  command(
    `UPDATE deadline SET amount = ?, extensions = ?, due_on = ?, status = ?, closed_at = ?,
       fired_at = ? WHERE id = ?`,
    [d.amount, d.extensions, d.dueOn, d.status, d.closedAt, d.firedAt, d.id],
  );

/** A case is overdue while a deadline that marks it so has expired and is still open. */
export const overdueOf = (deadlines: readonly DeadlineRecord[]): 0 | 1 =>
  deadlines.some(
    (d) => d.closedAt === null && d.status === 'expired' && 'markOverdue' in d.onExpiry,
  )
    ? 1
    : 0;

/** The open deadline of that name (the latest started), if any. */
const openNamed = (
  deadlines: readonly DeadlineRecord[],
  name: string,
): DeadlineRecord | undefined => {
  let found: DeadlineRecord | undefined;
  for (const d of deadlines) {
    if (d.name !== name || d.closedAt !== null) continue;
    if (!found || d.startedAt >= found.startedAt) found = d;
  }
  return found;
};

@Injectable()
export class DeadlineStore {
  /** Every deadline of a case, oldest first. */
  listFor(caseId: string): Query<DeadlineRecord[]> {
    return query(
      `SELECT ${COLUMNS} FROM deadline WHERE case_id = ? ORDER BY started_at, name`,
      [caseId],
      (rows) => rows.map(toRecord).sort(byStart),
    );
  }

  /** The deadlines of several cases (a page of the list), by case, oldest first. */
  async listForCases(
    manager: EntityManager,
    caseIds: readonly string[],
  ): Promise<Map<string, DeadlineRecord[]>> {
    const byCase = new Map<string, DeadlineRecord[]>();
    if (caseIds.length === 0) return byCase;
    const marks = caseIds.map(() => '?').join(', ');
    const rows = await sqlSession(manager).get(
      query(
        `SELECT ${COLUMNS} FROM deadline WHERE case_id IN (${marks}) ORDER BY started_at, name`,
        caseIds,
        (found) => found.map(toRecord).sort(byStart),
      ),
    );
    for (const deadline of rows) {
      const list = byCase.get(deadline.caseId);
      if (list) list.push(deadline);
      else byCase.set(deadline.caseId, [deadline]);
    }
    return byCase;
  }

  /**
   * The step's effects on a case's deadlines (`current`, read once in this transaction):
   * schedule inserts a pending deadline with its due day; extend moves the due day (an expired
   * deadline extended to a day not yet past runs again); cancel closes it — `met` in time,
   * `expired` after its due day. Nothing is written here: the commands join the event's write
   * group. `calendar` gives the due days (DeadlineCalendar.within), asked only when one is needed.
   */
  async apply(
    caseId: string,
    current: readonly DeadlineRecord[],
    effects: readonly Effect[],
    now: string,
    calendar: () => Promise<DueDates>,
  ): Promise<AppliedDeadlines> {
    const deadlines = current.map((d) => ({ ...d }));
    if (effects.length === 0) return { deadlines, commands: [], overdue: overdueOf(deadlines) };
    const inserted = new Set<string>();
    const changed = new Set<string>();
    let dueDates: DueDates | undefined;
    const due = async (): Promise<DueDates> => (dueDates ??= await calendar());
    for (const effect of effects) {
      if (effect.type === 'scheduleDeadline') {
        const deadline: DeadlineRecord = {
          id: randomUUID(),
          caseId,
          name: effect.name,
          stateId: effect.stateId,
          scope: effect.scope,
          startedAt: effect.startedAt,
          amount: effect.amount,
          unit: effect.unit,
          countedFrom: effect.countedFrom ?? null,
          direction: effect.direction ?? 'after',
          dueOn: (await due()).dueOn(effect),
          onExpiry: effect.onExpiry,
          extensions: 0,
          status: 'pending',
          closedAt: null,
          firedAt: null,
        };
        deadlines.push(deadline);
        inserted.add(deadline.id);
        continue;
      }
      const open = openNamed(deadlines, effect.name);
      if (!open) continue;
      if (effect.type === 'extendDeadline') {
        const dueOn = (await due()).dueOn({ ...open, amount: effect.amount });
        open.amount = effect.amount;
        open.extensions = effect.extensions;
        open.dueOn = dueOn;
        if (open.status === 'expired' && dueOn !== null && !isOverdue(dueOn, now)) {
          open.status = 'pending';
          open.firedAt = null;
        }
      } else {
        if (open.status === 'pending') {
          open.status = open.dueOn !== null && isOverdue(open.dueOn, now) ? 'expired' : 'met';
        }
        open.closedAt = now;
      }
      if (!inserted.has(open.id)) changed.add(open.id);
    }
    const commands = deadlines.flatMap((d) =>
      inserted.has(d.id) ? [insertCommand(d)] : changed.has(d.id) ? [updateCommand(d)] : [],
    );
    deadlines.sort(byStart);
    return { deadlines, commands, overdue: overdueOf(deadlines) };
  }

  /** Sets the case's overdue flag from its deadlines; true when it changed. */
  async refreshOverdue(manager: EntityManager, caseId: string): Promise<boolean> {
    const session = sqlSession(manager);
    const overdue = overdueOf(await session.get(this.listFor(caseId)));
    const changed = await session.run(
      command('UPDATE workflow_case SET overdue = ? WHERE id = ? AND overdue <> ?', [
        overdue,
        caseId,
        overdue,
      ]),
    );
    return changed > 0;
  }

  /** Due deadlines to fire at `today` (a Vietnam date): pending, open, due before it. */
  async dueCandidates(
    manager: EntityManager,
    today: string,
    limit: number,
  ): Promise<Array<{ id: string; caseId: string }>> {
    return sqlSession(manager).get(
      query(
        `SELECT id, case_id AS "caseId" FROM deadline
          WHERE status = 'pending' AND closed_at IS NULL AND due_on IS NOT NULL AND due_on < ?
          ORDER BY due_on, id LIMIT ?`,
        [today, limit],
        (rows) => rows.map((row) => ({ id: row['id'] as string, caseId: row['caseId'] as string })),
      ),
    );
  }

  /**
   * Claims a due deadline for the scheduler, exactly once: locks its case row and the deadline
   * (`FOR UPDATE SKIP LOCKED` on PostgreSQL: another process on them means "not now"; SQLite
   * transactions are exclusive), re-reads it — still pending, open and past due at `at` — and
   * marks it `expired`, fired at `at`. Null when it is not (or no longer) to be fired. Take the
   * calendar lock first (lock order: calendar, case, deadline).
   */
  async claimDue(
    manager: EntityManager,
    deadlineId: string,
    caseId: string,
    at: string,
  ): Promise<ClaimedDeadline | null> {
    const session = sqlSession(manager);
    const lock = onPostgres(manager) ? ' FOR UPDATE SKIP LOCKED' : '';
    const locked = await session.get(
      query(`SELECT id FROM workflow_case WHERE id = ?${lock}`, [caseId], (rows) => rows.length),
    );
    if (locked === 0) return null;
    const [deadline] = await session.get(
      query(
        `SELECT ${COLUMNS} FROM deadline
          WHERE id = ? AND case_id = ? AND status = 'pending' AND closed_at IS NULL${lock}`,
        [deadlineId, caseId],
        (rows) => rows.map(toRecord),
      ),
    );
    // Gone, fired by another call, or its due day moved (an extension, a calendar upload).
    if (!deadline || deadline.dueOn === null || !isOverdue(deadline.dueOn, at)) return null;
    const claimed: DeadlineRecord = { ...deadline, status: 'expired', firedAt: at };
    await session.run(updateCommand(claimed));
    return { deadline: claimed, dueOn: deadline.dueOn };
  }

  /** Closes a deadline at `at` (the scheduler, when the case refused the deadline's event). */
  async close(manager: EntityManager, deadlineId: string, at: string): Promise<void> {
    await sqlSession(manager).run(
      command('UPDATE deadline SET closed_at = ? WHERE id = ?', [at, deadlineId]),
    );
  }

  /**
   * After a calendar upload for `year`: pending deadlines the year can affect (started, or
   * counted from a date, before its end; due in it or later, or without a due date) get the due
   * day `dueOn` gives them now.
   * Expired deadlines are left alone: they have fired. Returns the ones that moved.
   */
  async recompute(
    manager: EntityManager,
    year: number,
    dueOn: DueDates['dueOn'],
  ): Promise<RecomputedDeadline[]> {
    const session = sqlSession(manager);
    const candidates = await session.get(
      query(
        `SELECT ${COLUMNS} FROM deadline
          WHERE status = 'pending' AND closed_at IS NULL AND (due_on IS NULL OR due_on >= ?)`,
        [`${year}-01-01`],
        // In id order, as before; read through the pending deadlines' index, sorted here.
        (rows) => rows.map(toRecord).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      ),
    );
    const moved: RecomputedDeadline[] = [];
    for (const deadline of candidates) {
      // Started, and counted from, after the year's last day (in Vietnam): the year cannot move it.
      const lastDay = `${year}-12-31`;
      const countsFromLater = deadline.countedFrom === null || deadline.countedFrom > lastDay;
      if (isOverdue(lastDay, deadline.startedAt) && countsFromLater) continue;
      const next = dueOn(deadline);
      if (next === deadline.dueOn) continue;
      await session.run(
        command('UPDATE deadline SET due_on = ? WHERE id = ?', [next, deadline.id]),
      );
      moved.push({
        deadlineId: deadline.id,
        caseId: deadline.caseId,
        name: deadline.name,
        from: deadline.dueOn,
        to: next,
      });
    }
    return moved;
  }
}
