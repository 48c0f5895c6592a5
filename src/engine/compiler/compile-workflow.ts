/**
 * The compiler: a validated definition becomes an XState v5 machine built with the shared
 * `workflowSetup` (named, parameterised guards and actions only), together with everything the
 * step function needs at hand: the state tree, resolved rule params, compiled payload schemas.
 */
import type { ValidateFunction } from '../definition/json-schema.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../definition/json.js';
import { createDefinitionAjv } from '../definition/json-schema.js';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { resolveParameters } from '../definition/parameters.js';
import { buildStateTree, type StateNodeInfo, type StateTree } from '../definition/state-tree.js';
import { validateDefinition, type DefinitionProblem } from '../definition/validate-definition.js';
import {
  RESUME_TARGET,
  type DeadlineDefinition,
  type TransitionDefinition,
  type WorkflowDefinition,
} from '../definition/workflow-definition.js';
import { resumeTransitions, withOrigin } from './resume.js';
import { implicitRules, ruleRegistry } from '../rules/index.js';
import type { RuleRegistry, RuleSpec } from '../rules/rule.js';
import type { CaseInput } from './case-context.js';
import {
  createWorkflowMachine,
  type DeadlineStartParams,
  type RecordRuleParams,
  type WorkflowMachine,
  type WorkflowMachineConfig,
} from './workflow-setup.js';

/** A rule reference with its params resolved against the definition's parameters. */
export interface ResolvedRule {
  readonly type: string;
  readonly spec: RuleSpec<unknown>;
  readonly params: JsonValue;
  readonly deciding: boolean;
  /**
   * Attached by the format, not written in `rules` (a deadline's extension event): its
   * evaluation stays out of the outcome, and its refusal answers with its own details.
   */
  readonly implicit: boolean;
}

export interface CompiledTransition {
  readonly event: string;
  /** The state that declares the transition (the root for workflow-wide events). */
  readonly source: StateNodeInfo;
  readonly definition: TransitionDefinition;
  /** The definition's rules in order, then the implicit ones. */
  readonly rules: readonly ResolvedRule[];
  readonly validatePayload: ValidateFunction | null;
}

export interface CompiledWorkflow {
  readonly definition: WorkflowDefinition;
  /**
   * The definition as a document to publish and hash: self-contained (built-in `$defs`
   * resolved into its own), and the very input when it uses none.
   */
  readonly document: JsonObject;
  readonly tree: StateTree;
  readonly machine: WorkflowMachine;
  readonly parameters: Readonly<Record<string, JsonValue>>;
  /** Keyed by `${sourceStateId}|${event}`. */
  readonly transitions: ReadonlyMap<string, CompiledTransition>;
  readonly validateSubject: ValidateFunction | null;
  readonly validateData: ValidateFunction | null;
}

export interface CompileOptions {
  /** The rule vocabulary; the built-in one by default. */
  readonly rules?: RuleRegistry;
}

export class DefinitionInvalidError extends Error {
  constructor(
    readonly key: string,
    readonly problems: readonly DefinitionProblem[],
  ) {
    super(
      `workflow definition "${key}" is invalid: ${problems.map((problem) => problem.message).join('; ')}`,
    );
    this.name = 'DefinitionInvalidError';
  }
}

export function transitionKey(sourceId: string, event: string): string {
  return `${sourceId}|${event}`;
}

function compileSchema(
  ajv: Ajv2020,
  schema: JsonObject | undefined,
  defs: Record<string, JsonObject> | undefined,
): ValidateFunction | null {
  if (!schema) return null;
  const ownDefs = isJsonObject(schema['$defs'])
    ? (schema['$defs'] as Record<string, JsonObject>)
    : {};
  return ajv.compile({ ...schema, $defs: { ...(defs ?? {}), ...ownDefs } });
}

function resolved<T extends JsonValue>(
  value: T,
  parameters: Readonly<Record<string, JsonValue>>,
): JsonValue {
  return resolveParameters(value, parameters).value;
}

/**
 * Validates and compiles a definition. Throws `DefinitionInvalidError` listing every problem
 * when the definition is invalid; otherwise pure and deterministic.
 */
export function compileWorkflow(input: unknown, options: CompileOptions = {}): CompiledWorkflow {
  const registry = options.rules ?? ruleRegistry;
  const validation = validateDefinition(input, { rules: registry });
  if (!validation.valid) {
    const key =
      isJsonObject(input) && typeof input['key'] === 'string' ? input['key'] : '(unnamed)';
    throw new DefinitionInvalidError(key, validation.problems);
  }
  const definition = validation.definition;
  // One Ajv per compiled definition: it lives as long as the definition's validators, and a
  // definition compiled for a dry run leaves nothing behind.
  const ajv = createDefinitionAjv();
  const parameters = definition.parameters ?? {};
  const tree = buildStateTree(definition);
  const transitions = new Map<string, CompiledTransition>();

  const extensionEvents = new Map<string, string[]>();
  for (const node of tree.nodes) {
    for (const deadline of node.deadlines) {
      if (!deadline.extension) continue;
      extensionEvents.set(deadline.extension.event, [
        ...(extensionEvents.get(deadline.extension.event) ?? []),
        deadline.name,
      ]);
    }
  }

  const compileTransition = (
    node: StateNodeInfo,
    event: string,
    transition: TransitionDefinition,
  ) => {
    const rules: ResolvedRule[] = (transition.rules ?? []).map((reference) => {
      const spec = registry.get(reference.type) as RuleSpec<unknown>;
      return {
        type: reference.type,
        spec,
        params: resolved(reference.params ?? {}, parameters),
        deciding: spec.results !== undefined,
        implicit: false,
      };
    });
    // A deadline's extension event is judged, and the deadline stretched, by an implicit rule.
    const extended = extensionEvents.get(event);
    if (extended) {
      rules.push({
        type: implicitRules.deadlineExtension.type,
        spec: implicitRules.deadlineExtension,
        params: { deadlines: extended },
        deciding: false,
        implicit: true,
      });
    }
    transitions.set(transitionKey(node.id, event), {
      event,
      source: node,
      definition: transition,
      rules,
      validatePayload: compileSchema(ajv, transition.payload, definition.$defs),
    });

    // What the rules record comes first, then the definition's own actions.
    const actions: Array<{ type: string; params: JsonObject | RecordRuleParams }> = [];
    rules.forEach((rule, index) => {
      if (!rule.spec.record) return;
      const params: RecordRuleParams = {
        rule: rule.type,
        index,
        stateId: node.id,
        params: rule.params,
      };
      actions.push({ type: 'recordRule', params });
    });
    for (const reference of transition.actions ?? []) {
      actions.push({
        type: reference.type,
        params: resolved(reference.params ?? {}, parameters) as JsonObject,
      });
    }

    if (transition.branches) {
      return Object.entries(transition.branches).flatMap(([result, target]) =>
        target === RESUME_TARGET
          ? resumeTransitions(tree, result, actions)
          : [
              {
                ...(target === null ? {} : { target }),
                guard: { type: 'decided', params: { result } },
                actions: withOrigin(tree, node, target, actions),
              },
            ],
      );
    }
    if (transition.target === RESUME_TARGET) return resumeTransitions(tree, null, actions);
    return {
      ...(transition.target === undefined ? {} : { target: transition.target }),
      actions: withOrigin(tree, node, transition.target, actions),
    };
  };

  const deadlineParams = (
    node: StateNodeInfo,
    deadline: DeadlineDefinition,
  ): DeadlineStartParams => ({
    name: deadline.name,
    stateId: node.id,
    scope: deadline.scope ?? 'state',
    amount: resolved(deadline.amount as JsonValue, parameters) as number,
    unit: deadline.unit,
    ...(deadline.from === undefined ? {} : { from: deadline.from }),
    ...(deadline.direction === undefined ? {} : { direction: deadline.direction }),
    onExpiry: deadline.onExpiry,
    extension: deadline.extension
      ? {
          event: deadline.extension.event,
          maxAmount: resolved(deadline.extension.maxAmount as JsonValue, parameters) as number,
          times: deadline.extension.times ?? 1,
        }
      : null,
  });

  const onConfig = (node: StateNodeInfo) =>
    Object.fromEntries(
      Object.entries(node.on).map(([event, transition]) => [
        event,
        // `null` refuses an inherited event: an empty, unguarded transition stops XState from
        // falling through to the ancestor's (the step function refuses the event before).
        transition === null ? { actions: [] } : compileTransition(node, event, transition),
      ]),
    );

  const stateConfig = (node: StateNodeInfo): Record<string, unknown> => ({
    id: node.id,
    ...(node.isFinal ? { type: 'final' } : {}),
    ...(node.isLeaf ? {} : { initial: node.definition.initial }),
    ...(node.isLeaf
      ? {}
      : {
          states: Object.fromEntries(node.children.map((child) => [child.key, stateConfig(child)])),
        }),
    entry: [
      { type: 'markEntered', params: { stateId: node.id } },
      ...node.deadlines.map((deadline) => ({
        type: 'startDeadline',
        params: deadlineParams(node, deadline),
      })),
    ],
    exit: [
      { type: 'clearStep', params: { stateId: node.id } },
      ...node.deadlines
        .filter((deadline) => (deadline.scope ?? 'state') === 'state')
        .map((deadline) => ({ type: 'stopDeadline', params: { name: deadline.name } })),
    ],
    on: onConfig(node),
  });

  const machine = createWorkflowMachine(
    {
      id: `${definition.key}@${definition.version}`,
      initial: definition.initial,
      context: ({ input }: { input: CaseInput }) => ({
        subject: input.subject,
        data: input.data,
        facts: {},
        approvals: {},
        enteredBy: {},
        deadlines: {},
      }),
      states: Object.fromEntries(
        tree.root.children.map((child) => [child.key, stateConfig(child)]),
      ),
      on: onConfig(tree.root),
    } as unknown as WorkflowMachineConfig,
    registry,
  );

  return {
    definition,
    document: definition as unknown as JsonObject,
    tree,
    machine,
    parameters,
    transitions,
    validateSubject: compileSchema(ajv, definition.subject, definition.$defs),
    validateData: compileSchema(ajv, definition.data, definition.$defs),
  };
}
