/**
 * The contract every rule of the vocabulary implements.
 *
 * A rule is a pure function of what the case already knows (`context`), the event being
 * applied (`event`) and its resolved parameters (`params`, with every `{ $param: name }`
 * reference already replaced by the definition's value). It never reads a clock, a database
 * or a random source: "now" is `event.now`.
 *
 * Besides judging an event, a rule may say, through optional hooks, what it records in the case
 * once the event is accepted (`record`, which may also schedule or stretch deadlines), what the
 * step still waits for (`pending`), whom the event is offered to (`offers`), and which JSON
 * Schemas definitions may use as built-in `$defs` (`defs`). The compiler, the step function and
 * the case view call the hooks and know no rule by name: a new rule is one file plus its line in
 * the registry (`index.ts`).
 */
import type { JsonObject, JsonValue } from '../definition/json.js';
import type { DeadlineUnit } from '../definition/workflow-definition.js';
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
  /**
   * The registry's facts (SPEC §5.1) of the subject's cadres named by `cadreId`, by cadreId, as
   * the shell read them for this event (and recorded in its history entry): they take the place
   * of the facts the subject holds for those cadres.
   */
  readonly registryFacts?: Readonly<Record<string, JsonObject>>;
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
  /** The deadlines running, per name. */
  readonly deadlines: Readonly<Record<string, ActiveDeadline>>;
}

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

/** What a `record` hook sees: the case as it stands at that point of the transition. */
export interface RecordInput<P> extends RuleInput<P> {
  /** This rule's evaluation of the event (satisfied: the event is being applied). */
  readonly evaluation: RuleEvaluation;
}

/**
 * A change of the case context made by a rule's `record`: each part given replaces the current
 * one. `deadlines` is what the rule schedules: the step function turns every change of the
 * running deadlines into `scheduleDeadline`, `extendDeadline` or `cancelDeadline` effects.
 */
export interface ContextChange {
  readonly facts?: JsonObject;
  readonly approvals?: RuleCaseContext['approvals'];
  readonly deadlines?: RuleCaseContext['deadlines'];
}

/** What a `pending` hook sees: the case as stored, and the transition's state and event. */
export interface PendingInput<P> {
  readonly context: RuleCaseContext;
  readonly params: P;
  readonly stateId: string;
  readonly event: string;
}

/** Something a step still waits for under a rule: a role that has still to act. */
export interface PendingItem {
  readonly role: string;
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
  /**
   * What the rule writes into the case once the event is accepted (an approval given, a vote's
   * result, an item collected, a deadline stretched). Runs in the transition's actions, after
   * the states left have been exited and before the definition's own actions, on the context
   * as it stands then. Without it, the rule leaves only its evaluation in the history entry.
   */
  record?(input: RecordInput<P>): ContextChange;
  /**
   * The facts `record` may write, by name (for a migration plan: which facts a state of the
   * target would have written). Without it, the rule records no facts.
   */
  factsRecorded?(params: P): readonly string[];
  /** What the step still waits for under this rule (the case view's `pendingApprovals`). */
  pending?(input: PendingInput<P>): readonly PendingItem[];
  /**
   * Whether the event is offered to `input.event.actor` now (the case view's `availableEvents`),
   * judged on an empty payload. Without it, the event is offered to every role it names.
   */
  offers?(input: RuleInput<P>): boolean;
  /**
   * JSON Schemas the rule offers definitions as built-in `$defs` (the payload it reads, the
   * facts it checks), referred to as `{ $ref: 'cadreflow:defs/<name>' }`.
   */
  readonly defs?: Readonly<Record<string, JsonObject>>;
}

/** Rules by type name: the vocabulary a definition is validated and compiled against. */
export type RuleRegistry = ReadonlyMap<string, RuleSpec>;
