/**
 * The XState `setup` shared by every compiled definition: named, parameterised guards and
 * actions, all pure. Guards read only what the step function put into the event (the deciding
 * rule's result), so a transition is a deterministic function of snapshot and event. What a rule
 * records goes through one action, `recordRule`, which calls the rule's own `record` hook.
 */
import { assign, setup } from 'xstate';
import { addMonths, addYears, isCivilDate, vietnamDate } from '../calendar/civil-date.js';
import { isJsonObject, ownValue, type JsonObject, type JsonValue } from '../definition/json.js';
import { implicitRules, ruleRegistry } from '../rules/index.js';
import type { Actor, RuleRegistry, RuleSpec } from '../rules/rule.js';
import type { AppendFactParams, RecordDateParams, RecordFactsParams } from './actions.js';
import type { ActiveDeadline, CaseContext, CaseInput, EngineEvent } from './case-context.js';
import { readJsonPath } from '../rules/context-path.js';

/** Actor and time of whatever event is being processed: a case event or the opening `xstate.init`. */
function eventMeta(event: unknown): { actor: Actor; now: string } {
  const candidate = event as Partial<EngineEvent> & { input?: Partial<CaseInput> };
  const actor = candidate.actor ?? candidate.input?.actor;
  const now = candidate.now ?? candidate.input?.now;
  if (!actor || !now) throw new Error('engine event without actor or time');
  return { actor, now };
}

function payloadOf(event: unknown): JsonObject {
  const payload = (event as Partial<EngineEvent>).payload;
  return isJsonObject(payload) ? payload : {};
}

function withFact(context: CaseContext, name: string, value: JsonValue): JsonObject {
  return { ...context.facts, [name]: value };
}

function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

export type DeadlineStartParams = Omit<ActiveDeadline, 'startedAt' | 'extensions' | 'countedFrom'>;

function rootsOf(context: CaseContext, event: unknown): JsonObject {
  return {
    subject: context.subject,
    data: context.data,
    facts: context.facts,
    payload: payloadOf(event),
  };
}

/** `recordRule`: which rule of the transition records, with its resolved params. */
export interface RecordRuleParams {
  readonly rule: string;
  /** The rule's place in the transition's rules (and so of its evaluation in the event). */
  readonly index: number;
  /** The state that declares the transition. */
  readonly stateId: string;
  readonly params: JsonValue;
}

function buildWorkflowSetup(findRule: (type: string) => RuleSpec | undefined) {
  return setup({
    types: {
      context: {} as CaseContext,
      events: {} as EngineEvent,
      input: {} as CaseInput,
    },
    guards: {
      /** The transition's deciding rule produced this result. */
      decided: ({ event }, params: { result: string }) => event.result === params.result,
      /** Back to the state the case was suspended in (and, for a branch, the rule's result). */
      resumesTo: ({ context, event }, params: { stateId: string; result: string | null }) =>
        context.facts['suspendedFrom'] === params.stateId &&
        (params.result === null || event.result === params.result),
    },
    actions: {
      /** Remembers who entered a state: separation of duties forbids them to approve it. */
      markEntered: assign(({ context, event }, params: { stateId: string }) => ({
        enteredBy: { ...context.enteredBy, [params.stateId]: eventMeta(event).actor.id },
      })),
      /** Leaving a state forgets its approvals: a returned dossier is approved afresh. */
      clearStep: assign(({ context }, params: { stateId: string }) => ({
        approvals: withoutKey(context.approvals, params.stateId),
        enteredBy: withoutKey(context.enteredBy, params.stateId),
      })),
      /** What a rule of the transition records (approvals, votes, items, deadlines): its `record`. */
      recordRule: assign(({ context, event }, params: RecordRuleParams) => {
        const spec = findRule(params.rule);
        // The compiler adds recordRule only for a rule with `record`.
        if (!spec?.record) throw new Error(`rule ${params.rule} records nothing`);
        // The step function sends every rule's evaluation; an event sent to the machine without
        // them (a graph walk of the statechart) records as if the rule had said nothing more.
        const evaluation = event.evaluations[params.index] ?? {
          rule: params.rule,
          satisfied: true,
          details: {},
          ...(event.result === null ? {} : { result: event.result }),
        };
        return spec.record({
          context,
          event: { type: event.type, payload: event.payload, actor: event.actor, now: event.now },
          params: params.params,
          stateId: params.stateId,
          evaluation,
        });
      }),
      recordFacts: assign(({ context, event }, params: RecordFactsParams) => {
        const payload = payloadOf(event);
        const value = params.field === undefined ? payload : payload[params.field];
        return value === undefined ? {} : { facts: withFact(context, params.as, value) };
      }),
      /** Entering a suspension: where the case was, so that lifting it returns there. */
      rememberOrigin: assign(({ context, event }) => {
        const from = (event as Partial<EngineEvent>).from;
        if (typeof from !== 'string' || from === '') return {};
        // `suspendedFrom` is what the resumesTo guard reads; `suspension` keeps when, for the record.
        return {
          facts: {
            ...context.facts,
            suspendedFrom: from,
            suspension: { from, since: eventMeta(event).now },
          },
        };
      }),
      /** Leaving a suspension: the suspension joins the case's list of them. */
      forgetOrigin: assign(({ context, event }) => {
        const { suspendedFrom: _from, suspension, ...facts } = context.facts;
        const earlier = Array.isArray(facts['suspensions']) ? facts['suspensions'] : [];
        const record: JsonObject = isJsonObject(suspension)
          ? { ...suspension, until: eventMeta(event).now }
          : { until: eventMeta(event).now };
        return { facts: { ...facts, suspensions: [...earlier, record] } };
      }),
      recordDate: assign(({ context, event }, params: RecordDateParams) => {
        const roots = rootsOf(context, event);
        const from = readJsonPath(roots, params.from);
        if (typeof from !== 'string' || !isCivilDate(from)) return {};
        const extraMonths = params.addMonthsFrom ? readJsonPath(roots, params.addMonthsFrom) : 0;
        const months =
          (params.addMonths ?? 0) + (typeof extraMonths === 'number' ? extraMonths : 0);
        const date = addMonths(addYears(from, params.addYears ?? 0), months);
        return { facts: withFact(context, params.as, date) };
      }),
      appendFact: assign(({ context, event }, params: AppendFactParams) => {
        const payload = payloadOf(event);
        const key = payload[params.keyField];
        if (typeof key !== 'string') return {};
        const value = params.valueField === undefined ? payload : payload[params.valueField];
        if (value === undefined) return {};
        const stored = ownValue(context.facts, params.as);
        const existing = isJsonObject(stored) ? stored : {};
        const current = ownValue(existing, key);
        const list = Array.isArray(current) ? current : [];
        return { facts: withFact(context, params.as, { ...existing, [key]: [...list, value] }) };
      }),
      startDeadline: assign(({ context, event }, params: DeadlineStartParams) => {
        const existing = ownValue(context.deadlines, params.name);
        // A case-scope deadline keeps running when its state is entered again (a resumed case).
        if (existing && params.scope === 'case' && existing.stateId === params.stateId) return {};
        const now = eventMeta(event).now;
        let countedFrom: string | undefined;
        if (params.from !== undefined) {
          const value = readJsonPath(rootsOf(context, event), params.from);
          countedFrom = typeof value === 'string' && isCivilDate(value) ? value : vietnamDate(now);
        }
        return {
          deadlines: {
            ...context.deadlines,
            [params.name]: {
              ...params,
              startedAt: now,
              ...(countedFrom === undefined ? {} : { countedFrom }),
              extensions: 0,
            },
          },
        };
      }),
      stopDeadline: assign(({ context }, params: { name: string }) => ({
        deadlines: withoutKey(context.deadlines, params.name),
      })),
    },
  });
}

type WorkflowSetup = ReturnType<typeof buildWorkflowSetup>;

const setups = new WeakMap<RuleRegistry, WorkflowSetup>();

/** The setup for a rule vocabulary (one per registry; the built-in one unless a test adds rules). */
function workflowSetup(rules: RuleRegistry): WorkflowSetup {
  let shared = setups.get(rules);
  if (!shared) {
    const implicit: ReadonlyMap<string, RuleSpec> = new Map(
      Object.values(implicitRules).map((rule) => [rule.type, rule]),
    );
    shared = buildWorkflowSetup((type) => rules.get(type) ?? implicit.get(type));
    setups.set(rules, shared);
  }
  return shared;
}

export type WorkflowMachineConfig = Parameters<WorkflowSetup['createMachine']>[0];

/** Creates a machine on the setup of `rules` (a named function, so that its type is concrete). */
export function createWorkflowMachine(
  config: WorkflowMachineConfig,
  rules: RuleRegistry = ruleRegistry,
) {
  return workflowSetup(rules).createMachine(config);
}

export type WorkflowMachine = ReturnType<typeof createWorkflowMachine>;
