/**
 * The contract every rule of the vocabulary implements.
 *
 * A rule is a pure function of what the case already knows (`context`), the event being
 * applied (`event`) and its resolved parameters (`params`, with every `{ $param: name }`
 * reference already replaced by the definition's value). It never reads a clock, a database
 * or a random source: "now" is `event.now`.
 */
import type { JsonObject, JsonValue } from '../definition/json.js';
import type { Message } from '../messages/message.js';

/** Who sends an event: a principal id and the roles it holds. */
export interface Actor {
  readonly id: string;
  readonly roles: readonly string[];
}

/** The event as the rules see it. `now` is an ISO-8601 instant supplied by the caller. */
export interface RuleEvent {
  readonly type: string;
  readonly payload: JsonObject;
  readonly actor: Actor;
  readonly now: string;
}

/** What the case knows when the event arrives (the XState context, plus where the case is). */
export interface RuleCaseContext {
  readonly subject: JsonObject;
  readonly data: JsonObject;
  /** Facts recorded by earlier events (e.g. `eligible`, `nominees`, `policy`). */
  readonly facts: JsonObject;
  /** Approvals given so far, per approving state id. */
  readonly approvals: Readonly<Record<string, readonly ApprovalRecord[]>>;
  /** The principal whose event entered each active state, per state id. */
  readonly enteredBy: Readonly<Record<string, string>>;
}

export interface ApprovalRecord {
  readonly actorId: string;
  readonly role: string;
  readonly at: string;
}

export interface RuleInput<P> {
  readonly context: RuleCaseContext;
  readonly event: RuleEvent;
  readonly params: P;
  /** Id (dotted path) of the state whose transition declares the rule. */
  readonly stateId: string;
  /** The regulation profile of the definition (`QĐ 377-QĐ/TW (2025)`), cited in refusals. */
  readonly regulation?: string;
}

/** How a refusal is reported: a broken rule is 422, a separation-of-duties breach 403, a bad tally 400. */
export type RefusalCode = 'RULE_NOT_SATISFIED' | 'FORBIDDEN' | 'VALIDATION_FAILED';

export interface RuleEvaluation {
  /** The rule's type name, as written in the definition. */
  readonly rule: string;
  readonly satisfied: boolean;
  /** For deciding rules (vote, approvals, …): the result that selects a branch. */
  readonly result?: string;
  /** Plain-words reason in English (`message` rendered in English), set when `satisfied` is false. */
  readonly reason?: string;
  /** The reason as a catalogue message, renderable in Vietnamese or English; set with `reason`. */
  readonly message?: Message;
  /** Set when `satisfied` is false; defaults to RULE_NOT_SATISFIED. */
  readonly refusal?: RefusalCode;
  /** What the rule computed, written verbatim into the history entry's `outcome`. */
  readonly details: JsonObject;
}

/** A problem with a rule's params, found when the definition is validated. */
export interface ParamProblem {
  /** Path inside `params`, e.g. `quorum.denominator`. Empty for the params object itself. */
  readonly path: string;
  readonly message: string;
}

export interface RuleSpec<P = unknown> {
  readonly type: string;
  /** One sentence for authors (workflows/README.md) and for OpenAPI. */
  readonly description: string;
  /** Validates resolved params; returns every problem found (empty array = valid). */
  checkParams(params: JsonValue | undefined): ParamProblem[];
  /**
   * For deciding rules: the results `evaluate` can return for these params. Each must be
   * covered by the transition's `branches`. Undefined for pure gates.
   */
  results?(params: P): readonly string[];
  evaluate(input: RuleInput<P>): RuleEvaluation;
}
