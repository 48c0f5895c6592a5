/**
 * The pure step function: (compiled definition, stored snapshot, event) → accepted with the next
 * snapshot, the outcome for the history entry and the effects to carry out; or refused with a
 * code, a plain reason and details. No I/O, no clock, no randomness: `now` comes with the event.
 */
import { initialTransition, transition } from 'xstate';
import type { ActiveDeadline, CaseContext, EngineEvent } from '../compiler/case-context.js';
import {
  transitionKey,
  type CompiledTransition,
  type CompiledWorkflow,
} from '../compiler/compile-workflow.js';
import { isJsonObject, ownValue, type JsonObject, type JsonValue } from '../definition/json.js';
import { describeAjvErrors } from '../definition/json-schema.js';
import { acceptedEvents, findTransition, type StateNodeInfo } from '../definition/state-tree.js';
import type { Actor, RefusalCode, RuleEvaluation, RuleEvent } from '../rules/rule.js';
import { message, render, type Message } from '../messages/message.js';
import { stateValueToPath, type StoredSnapshot } from './snapshot.js';

export type StepRefusalCode = 'EVENT_NOT_ALLOWED' | RefusalCode;

export interface StepRequest {
  readonly type: string;
  readonly payload?: unknown;
  readonly comment?: string | null;
  readonly actor: Actor;
  /** ISO-8601 instant of the event, chosen by the caller. */
  readonly now: string;
  /** The registry's facts of the subject's cadres named by `cadreId` (RuleEvent.registryFacts). */
  readonly registryFacts?: Readonly<Record<string, JsonObject>>;
}

export interface StartRequest {
  readonly subject: unknown;
  readonly data?: unknown;
  readonly actor: Actor;
  readonly now: string;
}

/** Something the shell must do after the transition commits, in the same transaction. */
export type Effect =
  | ({ readonly type: 'scheduleDeadline' } & ActiveDeadline)
  | {
      readonly type: 'cancelDeadline';
      readonly name: string;
      readonly reason: 'stateLeft' | 'caseEnded';
    }
  | {
      readonly type: 'extendDeadline';
      readonly name: string;
      readonly amount: number;
      readonly extensions: number;
    };

export interface StepAccepted {
  readonly accepted: true;
  readonly snapshot: StoredSnapshot;
  /** The roles under which the actor acted: those it holds that the transition allows. */
  readonly roles: readonly string[];
  /** Dotted state path before the event (null when the case opens). */
  readonly from: string | null;
  readonly to: string;
  readonly status: 'active' | 'completed';
  /** The final state's key once the case has ended (`appointed`, `rejected`, …). */
  readonly finalState: string | null;
  /**
   * Every rule's evaluation and the deciding rule's decision, `{result, rules}`, as the history
   * entry's `outcome` records them; null when no rule ran.
   */
  readonly evaluations: JsonObject | null;
  readonly effects: readonly Effect[];
}

export interface StepRefused {
  readonly accepted: false;
  readonly code: StepRefusalCode;
  /** In English: `message` rendered with `renderMessage(…, 'en')`. */
  readonly reason: string;
  /** The reason as a catalogue message, for `renderMessage` in the caller's language. */
  readonly message: Message;
  readonly details: JsonObject;
}

export type StepResult = StepAccepted | StepRefused;

function refuse(code: StepRefusalCode, why: Message, details: JsonObject = {}): StepRefused {
  return { accepted: false, code, reason: render(why, 'en'), message: why, details };
}

function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

function persisted(
  compiled: CompiledWorkflow,
  snapshot: ReturnType<CompiledWorkflow['machine']['resolveState']>,
): StoredSnapshot {
  return toJson(compiled.machine.getPersistedSnapshot(snapshot)) as unknown as StoredSnapshot;
}

function deadlineEffects(
  before: CaseContext['deadlines'],
  after: CaseContext['deadlines'],
  ended: boolean,
): Effect[] {
  const effects: Effect[] = [];
  for (const [name, deadline] of Object.entries(before)) {
    const next = ownValue(after, name);
    if (!next || next.startedAt !== deadline.startedAt || next.stateId !== deadline.stateId) {
      effects.push({ type: 'cancelDeadline', name, reason: 'stateLeft' });
    } else if (next.extensions !== deadline.extensions) {
      effects.push({
        type: 'extendDeadline',
        name,
        amount: next.amount,
        extensions: next.extensions,
      });
    }
  }
  for (const [name, deadline] of Object.entries(after)) {
    const previous = ownValue(before, name);
    if (
      !previous ||
      previous.startedAt !== deadline.startedAt ||
      previous.stateId !== deadline.stateId
    ) {
      effects.push({ type: 'scheduleDeadline', ...deadline });
    }
  }
  if (ended) {
    // A case that ends closes whatever still runs (a completion deadline met, for instance).
    for (const name of Object.keys(after))
      effects.push({ type: 'cancelDeadline', name, reason: 'caseEnded' });
  }
  return effects;
}

function isIsoInstant(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

/** Opens a case: checks subject and data against the definition, enters the initial state. */
export function startWorkflow(compiled: CompiledWorkflow, request: StartRequest): StepResult {
  if (!isIsoInstant(request.now)) return refuse('VALIDATION_FAILED', message('step.notInstant'));
  if (!isJsonObject(request.subject))
    return refuse('VALIDATION_FAILED', message('step.subjectNotObject'));
  const data = request.data ?? {};
  if (!isJsonObject(data)) return refuse('VALIDATION_FAILED', message('step.dataNotObject'));
  for (const [field, validate, value] of [
    ['subject', compiled.validateSubject, request.subject],
    ['data', compiled.validateData, data],
  ] as const) {
    if (validate && !validate(value)) {
      const errors = describeAjvErrors(validate.errors, field);
      return refuse(
        'VALIDATION_FAILED',
        message('step.caseInvalid', {
          field,
          errors: errors.map((error) => `${error.path} ${error.message}`).join('; '),
        }),
        {
          errors: errors.map((error) => ({ path: error.path, message: error.message })),
        },
      );
    }
  }
  const [snapshot] = initialTransition(compiled.machine, {
    subject: toJson(request.subject) as JsonObject,
    data: toJson(data) as JsonObject,
    actor: request.actor,
    now: request.now,
  });
  return {
    accepted: true,
    snapshot: persisted(compiled, snapshot),
    roles: [...request.actor.roles],
    from: null,
    to: stateValueToPath(snapshot.value),
    status: 'active',
    finalState: null,
    evaluations: null,
    effects: deadlineEffects({}, snapshot.context.deadlines, false),
  };
}

/** The leaf state a stored snapshot is in. */
export function currentState(compiled: CompiledWorkflow, stored: StoredSnapshot): StateNodeInfo {
  const node = compiled.tree.byId.get(stateValueToPath(stored.value));
  if (!node)
    throw new Error(
      `stored state "${stateValueToPath(stored.value)}" does not exist in ${compiled.definition.key} v${compiled.definition.version}`,
    );
  return node;
}

/**
 * Whether sending `type` to a case in `stored` would evaluate a rule of `ruleType` (e.g.
 * `eligibility`): the shell reads what only such a rule needs (the registry's facts) only then.
 * False when the event is not allowed there (the step will refuse it anyway).
 */
export function transitionEvaluates(
  compiled: CompiledWorkflow,
  stored: StoredSnapshot,
  type: string,
  ruleType: string,
): boolean {
  const transition = lookup(compiled, currentState(compiled, stored), type);
  return transition?.rules.some((rule) => rule.type === ruleType) ?? false;
}

function lookup(
  compiled: CompiledWorkflow,
  leaf: StateNodeInfo,
  type: string,
): CompiledTransition | null {
  const found = findTransition(leaf, type);
  return found ? (compiled.transitions.get(transitionKey(found.source.id, type)) ?? null) : null;
}

/** Evaluates every rule of a transition, in order: one evaluation per rule. */
function evaluateRules(
  compiled: CompiledWorkflow,
  stored: StoredSnapshot,
  handler: CompiledTransition,
  event: RuleEvent,
): RuleEvaluation[] {
  return handler.rules.map((rule) =>
    rule.spec.evaluate({
      context: stored.context,
      event,
      params: rule.params,
      stateId: handler.source.id,
      regulation: compiled.definition.regulation,
    }),
  );
}

/** The deciding rule's result, which picks the branch (null when no rule decides). */
function decisionOf(
  handler: CompiledTransition,
  evaluations: readonly RuleEvaluation[],
): string | null {
  let result: string | null = null;
  handler.rules.forEach((rule, index) => {
    const evaluation = evaluations[index];
    if (rule.deciding && evaluation?.satisfied) result = evaluation.result ?? null;
  });
  return result;
}

/** Applies one event to a case. Pure: the same inputs always give the same result. */
export function stepWorkflow(
  compiled: CompiledWorkflow,
  stored: StoredSnapshot,
  request: StepRequest,
): StepResult {
  if (!isIsoInstant(request.now)) return refuse('VALIDATION_FAILED', message('step.notInstant'));
  if (stored.status !== 'active') {
    return refuse(
      'EVENT_NOT_ALLOWED',
      message('step.ended', { state: stateValueToPath(stored.value) }),
      { allowed: [] },
    );
  }
  const leaf = currentState(compiled, stored);
  const handler = lookup(compiled, leaf, request.type);
  if (!handler) {
    const allowed = acceptedEvents(leaf).map(({ event }) => event);
    return refuse(
      'EVENT_NOT_ALLOWED',
      message('step.notAllowed', { event: request.type, state: leaf.id }),
      { state: leaf.id, allowed },
    );
  }
  const definition = handler.definition;
  if (!request.actor.roles.some((role) => definition.roles.includes(role))) {
    return refuse(
      'FORBIDDEN',
      message('step.forbidden', {
        event: request.type,
        state: leaf.id,
        roles: [...definition.roles],
      }),
      {
        requiredRoles: [...definition.roles],
      },
    );
  }
  const comment =
    typeof request.comment === 'string' && request.comment.trim() !== '' ? request.comment : null;
  if (definition.comment === 'required' && comment === null) {
    return refuse(
      'VALIDATION_FAILED',
      message('step.commentRequired', { event: request.type, state: leaf.id }),
      { errors: [{ path: 'comment', message: 'is required' }] },
    );
  }
  const payload = request.payload ?? {};
  if (!isJsonObject(payload)) {
    return refuse('VALIDATION_FAILED', message('step.payloadNotObject'), {
      errors: [{ path: 'payload', message: 'must be an object' }],
    });
  }
  if (handler.validatePayload && !handler.validatePayload(payload)) {
    const errors = describeAjvErrors(handler.validatePayload.errors, 'payload');
    return refuse(
      'VALIDATION_FAILED',
      message('step.payloadInvalid', {
        event: request.type,
        errors: errors.map((error) => `${error.path} ${error.message}`).join('; '),
      }),
      {
        errors: errors.map((error) => ({ path: error.path, message: error.message })),
      },
    );
  }
  const ruleEvent = { type: request.type, payload, actor: request.actor, now: request.now };
  const evaluations = evaluateRules(compiled, stored, handler, {
    ...ruleEvent,
    ...(request.registryFacts === undefined ? {} : { registryFacts: request.registryFacts }),
  });
  // A rule the format attached (a deadline's extension) answers first, with its own details.
  const implicitFailure = evaluations.find(
    (evaluation, index) => handler.rules[index]?.implicit && !evaluation.satisfied,
  );
  if (implicitFailure) {
    return refuse(
      implicitFailure.refusal ?? 'RULE_NOT_SATISFIED',
      implicitFailure.message ?? message('step.ruleNotSatisfied', { rule: implicitFailure.rule }),
      implicitFailure.details,
    );
  }
  const declared = evaluations.filter((_evaluation, index) => !handler.rules[index]?.implicit);
  const failures = declared.filter((evaluation) => !evaluation.satisfied);
  const [failure] = failures;
  if (failure) {
    const why = failure.message ?? message('step.ruleNotSatisfied', { rule: failure.rule });
    return refuse(failure.refusal ?? 'RULE_NOT_SATISFIED', why, {
      rule: failure.rule,
      reason: failure.reason ?? render(why, 'en'),
      failures: failures.map((evaluation) => toJson(evaluation)),
    });
  }
  const decision = decisionOf(handler, evaluations);

  const snapshot = compiled.machine.resolveState(
    stored as unknown as Parameters<CompiledWorkflow['machine']['resolveState']>[0],
  );
  const event: EngineEvent = {
    ...ruleEvent,
    comment,
    result: decision,
    evaluations,
    from: leaf.id,
  };
  if (!snapshot.can(event)) {
    // Unreachable for a validated definition (branches cover every result); kept as a guard.
    return refuse(
      'EVENT_NOT_ALLOWED',
      message('step.ledNowhere', { event: request.type, state: leaf.id }),
      { state: leaf.id, allowed: [] },
    );
  }
  const [next] = transition(compiled.machine, snapshot, event);
  const ended = next.status === 'done';
  const to = stateValueToPath(next.value);
  return {
    accepted: true,
    snapshot: persisted(compiled, next),
    roles: request.actor.roles.filter((role) => definition.roles.includes(role)),
    from: leaf.id,
    to,
    status: ended ? 'completed' : 'active',
    finalState: ended ? to : null,
    evaluations:
      declared.length > 0
        ? { result: decision, rules: declared.map((evaluation) => toJson(evaluation)) }
        : null,
    effects: deadlineEffects(stored.context.deadlines, next.context.deadlines, ended),
  };
}
