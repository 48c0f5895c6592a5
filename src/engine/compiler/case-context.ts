/** What a case's statechart carries in its XState context, and the events it receives. */
import type { JsonObject } from '../definition/json.js';
import type { DeadlineUnit } from '../definition/workflow-definition.js';
import type { Actor, ApprovalRecord, RuleEvaluation } from '../rules/rule.js';

/** A deadline started by entering a state, until it is cancelled or the case ends. */
export interface ActiveDeadline {
  readonly name: string;
  /** The state whose entry started it. */
  readonly stateId: string;
  readonly scope: 'state' | 'case';
  /** The instant the deadline started (the entering event's `now`). */
  readonly startedAt: string;
  readonly amount: number;
  readonly unit: DeadlineUnit;
  /**
   * Set when the definition counts the deadline from a date of the case (`from`, e.g. the day a
   * resignation letter was received) rather than from the state's entry: that date. The due day
   * is `computeDeadline(countedFrom ?? startedAt, amount, unit)` — see `deadlineDueOn`.
   */
  readonly countedFrom?: string;
  /** The context path `countedFrom` was read from. */
  readonly from?: string;
  /** `before`: counted back from `countedFrom` (a notice due before a term ends). */
  readonly direction?: 'after' | 'before';
  readonly onExpiry: { readonly event: string } | { readonly markOverdue: true };
  /** Set when the deadline may be extended. */
  readonly extension: {
    readonly event: string;
    readonly maxAmount: number;
    readonly times: number;
  } | null;
  readonly extensions: number;
}

export interface CaseContext {
  readonly subject: JsonObject;
  readonly data: JsonObject;
  /** Facts recorded by the case's events, read by later rules (eligible list, nominees, votes…). */
  readonly facts: JsonObject;
  readonly approvals: Readonly<Record<string, readonly ApprovalRecord[]>>;
  readonly enteredBy: Readonly<Record<string, string>>;
  readonly deadlines: Readonly<Record<string, ActiveDeadline>>;
}

export interface CaseInput {
  readonly subject: JsonObject;
  readonly data: JsonObject;
  readonly actor: Actor;
  readonly now: string;
}

/** The event as XState sees it: already authorised, validated and decided by the step function. */
export interface EngineEvent {
  readonly type: string;
  readonly payload: JsonObject;
  readonly comment: string | null;
  readonly actor: Actor;
  readonly now: string;
  /** The deciding rule's result (null when the transition has no deciding rule). */
  readonly result: string | null;
  readonly evaluations: readonly RuleEvaluation[];
  /** The leaf state the case was in when the event arrived (the step function sets it). */
  readonly from?: string;
}
