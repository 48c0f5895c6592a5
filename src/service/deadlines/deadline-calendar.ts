import type { EntityManager } from 'typeorm';
import type { ActiveDeadline } from '../../engine/index.js';
import type { Query } from '../database/sql.js';

/**
 * What a due day is computed from: the start, or the date of the case the deadline counts from
 * (forward, or back for `before`), the amount and the unit — as the engine's `deadlineDueOn`.
 */
export type DeadlineTerms = Pick<ActiveDeadline, 'startedAt' | 'amount' | 'unit'> & {
  readonly countedFrom?: string | null;
  readonly direction?: 'after' | 'before';
};

/** Computes due days with the calendar one transaction sees. */
export interface DueDates {
  /** The last day (Vietnam civil date) on which the deadline is met; null if the calendar cannot tell. */
  dueOn(terms: DeadlineTerms): string | null;
}

/**
 * The port through which deadlines get their due days: the Vietnamese working-day calendar
 * (built-in data + admin uploads), implemented in calendar/.
 */
export abstract class DeadlineCalendar {
  /**
   * The calendar in force for this transaction. Call it before writing deadline rows: on
   * PostgreSQL it holds the calendar lock (shared) to the end of the transaction.
   */
  abstract within(manager: EntityManager): Promise<DueDates>;

  /**
   * Which calendar is in force, for a caller that holds the calendar lock already (a case
   * event: CaseStore.lock) and reads it in its own read group, then passes it to `at`.
   */
  abstract version(): Query<string>;

  /** The calendar that `version` (read in this transaction) names. */
  abstract at(manager: EntityManager, version: string): Promise<DueDates>;
}
