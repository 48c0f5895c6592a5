/** What a case's statechart carries in its XState context, and the events it receives. */
import type { JsonObject } from '../definition/json.js';
import type { Actor, ActiveDeadline, RuleCaseContext, RuleEvaluation } from '../rules/rule.js';

export type { ActiveDeadline };

/**
 * The XState context: what the rules read (subject, data, facts recorded by the case's events,
 * approvals, who entered each state, the running deadlines).
 */
export type CaseContext = RuleCaseContext;

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
  /** One per rule of the transition, in the compiled order: each `recordRule` finds its own. */
  readonly evaluations: readonly RuleEvaluation[];
  /** The leaf state the case was in when the event arrived (the step function sets it). */
  readonly from?: string;
}
