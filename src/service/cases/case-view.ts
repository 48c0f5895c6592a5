/** The case view of SPEC §3.3, built from a case row, its deadlines and the caller. */
import {
  availableEvents,
  pendingApprovals,
  type Actor,
  type AvailableEvent,
  type CompiledWorkflow,
  type JsonObject,
  type LocalizedText,
  type PendingApproval,
} from '../../engine/index.js';
import type { DeadlineStatus } from '../deadlines/deadline.entity.js';
import type { DeadlineRecord } from '../deadlines/deadline.store.js';
import type { CaseRecord } from './case.store.js';
import { factsSourceOf } from './registry-subject.js';
import { mayWithdraw } from './withdrawal-scope.js';

export interface DeadlineView {
  readonly name: string;
  readonly title: LocalizedText | null;
  /** The state whose entry started it. */
  readonly state: string;
  readonly scope: 'state' | 'case';
  readonly amount: number;
  readonly unit: 'DAY' | 'WORKING_DAY' | 'MONTH';
  readonly startedAt: string;
  /** The date of the case it counts from (a letter's receipt); null: from `startedAt`. */
  readonly countedFrom: string | null;
  /** `before`: counted back from `countedFrom` (a notice due before a term ends). */
  readonly direction: 'after' | 'before';
  /** Last day (Vietnam civil date) on which it is met; null when the calendar does not cover it. */
  readonly dueOn: string | null;
  readonly status: DeadlineStatus;
  readonly extensions: number;
  readonly onExpiry: { event: string } | { markOverdue: true };
  readonly closedAt: string | null;
  /** When the deadline scheduler fired it (marked the case overdue or sent the event). */
  readonly firedAt: string | null;
}

export interface CaseView {
  readonly id: string;
  readonly workflow: string;
  readonly workflowVersion: number;
  readonly state: string;
  readonly status: 'active' | 'completed';
  /** The final state reached, once the case has ended. */
  readonly outcome?: string;
  readonly overdue: boolean;
  readonly revision: number;
  readonly subject: JsonObject;
  /** Whether the subject's cadres are named by cadreId (read from the registry) or given inline. */
  readonly factsSource: 'registry' | 'inline';
  readonly data: JsonObject;
  /** What the case's events have recorded (eligible list, nominees, decision, term end…). */
  readonly facts: JsonObject;
  readonly deadlines: readonly DeadlineView[];
  readonly pendingApprovals: readonly PendingApproval[];
  readonly availableEvents: readonly AvailableEvent[];
  /** The unit the case belongs to. */
  readonly unitId: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function deadlineTitle(compiled: CompiledWorkflow, row: DeadlineRecord): LocalizedText | null {
  const node = compiled.tree.byId.get(row.stateId);
  return node?.deadlines.find((deadline) => deadline.name === row.name)?.title ?? null;
}

export function toDeadlineView(compiled: CompiledWorkflow, row: DeadlineRecord): DeadlineView {
  return {
    name: row.name,
    title: deadlineTitle(compiled, row),
    state: row.stateId,
    scope: row.scope,
    amount: row.amount,
    unit: row.unit,
    startedAt: row.startedAt,
    countedFrom: row.countedFrom,
    direction: row.direction,
    dueOn: row.dueOn,
    status: row.status,
    extensions: row.extensions,
    onExpiry: row.onExpiry,
    closedAt: row.closedAt,
    firedAt: row.firedAt,
  };
}

export function toCaseView(
  compiled: CompiledWorkflow,
  row: CaseRecord,
  deadlines: readonly DeadlineRecord[],
  caller: Actor,
  now: string,
): CaseView {
  return {
    id: row.id,
    workflow: row.workflowKey,
    workflowVersion: row.workflowVersion,
    state: row.state,
    status: row.status,
    ...(row.finalState === null ? {} : { outcome: row.finalState }),
    overdue: row.overdue === 1,
    revision: row.revision,
    subject: row.subject,
    factsSource: factsSourceOf(row.subject),
    data: row.data,
    facts: row.snapshot.context.facts,
    deadlines: deadlines.map((deadline) => toDeadlineView(compiled, deadline)),
    pendingApprovals: pendingApprovals(compiled, row.snapshot),
    availableEvents: availableEvents(compiled, row.snapshot, caller, now).filter((event) =>
      mayWithdraw(caller, event.type, row.createdBy),
    ),
    unitId: row.unitId,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
