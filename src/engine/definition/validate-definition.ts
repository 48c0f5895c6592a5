/**
 * Validation of a workflow definition: every problem at once, each located (a path into the
 * definition, and the state, event and rule at fault). Structure first (JSON Schema), then the
 * built-in `$defs` the definition refers to (format version 2), then the meaning: targets,
 * reachability, final states, dead ends, rules and their params, parameters, branches, payload
 * schemas, deadlines.
 */
import { actionRegistry } from '../compiler/actions.js';
import { decidingRules, ruleRegistry } from '../rules/index.js';
import type { RuleRegistry } from '../rules/rule.js';
import { resolveBuiltinDefs } from './builtin-defs.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import {
  checkDefinitionSchema,
  createAjv,
  createDefinitionAjv,
  describeAjvErrors,
} from './json-schema.js';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { resolveParameters } from './parameters.js';
import {
  acceptedEvents,
  buildStateTree,
  initialLeaf,
  resolveTarget,
  type StateNodeInfo,
  type StateTree,
} from './state-tree.js';
import { isCivilDate } from '../calendar/civil-date.js';
import {
  RESUME_TARGET,
  type TransitionDefinition,
  type WorkflowDefinition,
} from './workflow-definition.js';
import { WORKFLOW_DEFINITION_SCHEMA } from './workflow-definition.schema.js';

export type DefinitionProblemCode =
  | 'SCHEMA'
  | 'UNKNOWN_INITIAL'
  | 'MISSING_INITIAL'
  | 'UNKNOWN_TARGET'
  | 'UNREACHABLE_STATE'
  | 'NO_FINAL_STATE'
  | 'FINAL_STATE_MISPLACED'
  | 'DEAD_END'
  | 'UNKNOWN_RULE'
  | 'BAD_RULE_PARAMS'
  | 'UNKNOWN_ACTION'
  | 'BAD_ACTION_PARAMS'
  | 'UNDEFINED_PARAMETER'
  | 'BRANCHES_MISMATCH'
  | 'BAD_SCHEMA'
  | 'UNKNOWN_DEF'
  | 'BAD_DEADLINE'
  | 'BAD_SUSPENSION'
  | 'BAD_EFFECTIVE_DATE';

export interface DefinitionProblem {
  readonly code: DefinitionProblemCode;
  /** Dotted path into the definition, e.g. `states.proposal.states.policy.on.SUBMIT.target`. */
  readonly path: string;
  readonly message: string;
  readonly state?: string;
  readonly event?: string;
  readonly rule?: string;
}

export type ValidationResult =
  | {
      readonly valid: true;
      /**
       * The definition as it is compiled, published and hashed: the input itself, or — when it
       * uses built-in `$defs` — a resolved, self-contained copy.
       */
      readonly definition: WorkflowDefinition;
      readonly problems: [];
    }
  | { readonly valid: false; readonly problems: DefinitionProblem[] };

// The structure schema is ours and fixed: compiled once. An admin's schemas are compiled by an
// Ajv made for each validation (see checkMeaning), so repeated validations keep nothing.
const validateStructure = createAjv().compile(WORKFLOW_DEFINITION_SCHEMA);

function statePath(node: StateNodeInfo): string {
  if (!node.parent) return '';
  const parentPath = statePath(node.parent);
  return parentPath ? `${parentPath}.states.${node.key}` : `states.${node.key}`;
}

function onPath(node: StateNodeInfo, event: string): string {
  const base = statePath(node);
  return base ? `${base}.on.${event}` : `on.${event}`;
}

export interface ValidateOptions {
  /** The rule vocabulary; the built-in one by default. */
  readonly rules?: RuleRegistry;
}

/** Checks a definition; on success returns it typed (and resolved). Never throws. */
export function validateDefinition(
  input: unknown,
  options: ValidateOptions = {},
): ValidationResult {
  const rules = options.rules ?? ruleRegistry;
  const problems: DefinitionProblem[] = [];
  if (!validateStructure(input)) {
    for (const { path, message } of describeAjvErrors(validateStructure.errors)) {
      problems.push({ code: 'SCHEMA', path, message: `${path} ${message}` });
    }
  }
  if (!isJsonObject(input) || !isJsonObject(input['states'])) {
    return { valid: false, problems };
  }
  const resolved = resolveBuiltinDefs(input, rules);
  problems.push(...resolved.problems);
  const definition = resolved.document as WorkflowDefinition;
  try {
    problems.push(...checkMeaning(definition, rules));
  } catch {
    // The structure is too broken for the meaning checks; the schema problems say why.
    if (problems.length === 0) {
      problems.push({ code: 'SCHEMA', path: '(root)', message: 'the definition cannot be read' });
    }
  }
  if (problems.length > 0) return { valid: false, problems: dedupe(problems) };
  return { valid: true, definition, problems: [] };
}

function dedupe(problems: DefinitionProblem[]): DefinitionProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.code}|${problem.path}|${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function checkMeaning(definition: WorkflowDefinition, rules: RuleRegistry): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const ajv = createDefinitionAjv();
  const tree = buildStateTree(definition);
  const parameters = isJsonObject(definition.parameters ?? {}) ? (definition.parameters ?? {}) : {};

  checkInitials(tree, problems);
  checkFinals(tree, problems);
  checkSuspensions(tree, problems);
  if (definition.effectiveFrom !== undefined && !isCivilDate(definition.effectiveFrom)) {
    problems.push({
      code: 'BAD_EFFECTIVE_DATE',
      path: 'effectiveFrom',
      message: `effectiveFrom ${JSON.stringify(definition.effectiveFrom)} is not a date (YYYY-MM-DD)`,
    });
  }
  for (const node of [tree.root, ...tree.nodes]) {
    for (const [event, transition] of Object.entries(node.on)) {
      if (transition)
        checkTransition(
          { definition, ajv, tree, rules, parameters, problems },
          node,
          event,
          transition,
        );
    }
  }
  checkDeadlines(tree, parameters, problems);
  checkSchemas(definition, ajv, problems);
  if (
    !problems.some(
      (problem) => problem.code === 'UNKNOWN_TARGET' || problem.code === 'UNKNOWN_INITIAL',
    )
  ) {
    checkReachability(tree, problems);
  }
  return problems;
}

function checkInitials(tree: StateTree, problems: DefinitionProblem[]): void {
  for (const node of [tree.root, ...tree.nodes]) {
    if (node.isLeaf) {
      if (node.definition.initial !== undefined && node.parent) {
        problems.push({
          code: 'UNKNOWN_INITIAL',
          path: `${statePath(node)}.initial`,
          state: node.id,
          message: `state "${node.id}" has an initial state but no child states`,
        });
      }
      continue;
    }
    const initial = node.definition.initial;
    const where = node.parent ? `state "${node.id}"` : 'the workflow';
    const path = node.parent ? `${statePath(node)}.initial` : 'initial';
    if (initial === undefined) {
      problems.push({
        code: 'MISSING_INITIAL',
        path,
        ...(node.parent ? { state: node.id } : {}),
        message: `${where} has child states but no initial state`,
      });
    } else if (!node.children.some((child) => child.key === initial)) {
      problems.push({
        code: 'UNKNOWN_INITIAL',
        path,
        ...(node.parent ? { state: node.id } : {}),
        message: `${where} names "${initial}" as its initial state, which is not one of its child states`,
      });
    }
  }
}

function checkFinals(tree: StateTree, problems: DefinitionProblem[]): void {
  const finals = tree.nodes.filter((node) => node.isFinal);
  if (finals.length === 0) {
    problems.push({
      code: 'NO_FINAL_STATE',
      path: 'states',
      message: 'the workflow has no final state (type: final), so no case could ever end',
    });
  }
  for (const node of finals) {
    const problemsHere: string[] = [];
    if (node.parent !== tree.root)
      problemsHere.push('a final state must be a top-level state (it ends the case)');
    if (!node.isLeaf) problemsHere.push('a final state cannot have child states');
    if (Object.keys(node.on).length > 0) problemsHere.push('a final state accepts no events');
    if (node.deadlines.length > 0) problemsHere.push('a final state has no deadlines');
    for (const message of problemsHere) {
      problems.push({
        code: 'FINAL_STATE_MISPLACED',
        path: statePath(node),
        state: node.id,
        message: `state "${node.id}": ${message}`,
      });
    }
  }
}

/** Whether `node` is, or is inside, a suspension state. */
export function inSuspension(node: StateNodeInfo | undefined): boolean {
  for (let current = node; current; current = current.parent) {
    if (current.definition.suspension === true) return true;
  }
  return false;
}

function checkSuspensions(tree: StateTree, problems: DefinitionProblem[]): void {
  for (const node of tree.nodes) {
    if (node.definition.suspension !== true) continue;
    const wrong: string[] = [];
    if (node.parent !== tree.root) wrong.push('must be a top-level state');
    if (node.isFinal) wrong.push('cannot be final');
    if (!node.isLeaf) wrong.push('cannot have child states');
    for (const message of wrong) {
      problems.push({
        code: 'BAD_SUSPENSION',
        path: `${statePath(node)}.suspension`,
        state: node.id,
        message: `suspension state "${node.id}" ${message}`,
      });
    }
  }
}

interface MeaningCheck {
  readonly definition: WorkflowDefinition;
  readonly ajv: Ajv2020;
  readonly tree: StateTree;
  readonly rules: RuleRegistry;
  readonly parameters: Record<string, JsonValue>;
  readonly problems: DefinitionProblem[];
}

/** Events the history records by itself, never a definition's: opening, moving a version. */
export const HISTORY_EVENTS = ['CREATE', 'MIGRATE'] as const;

function checkTransition(
  { definition, ajv, tree, rules, parameters, problems }: MeaningCheck,
  node: StateNodeInfo,
  event: string,
  transition: TransitionDefinition,
): void {
  const base = onPath(node, event);
  const where = node.parent ? `state "${node.id}"` : 'the workflow (every state)';
  const located = { event, ...(node.parent ? { state: node.id } : {}) };

  if ((HISTORY_EVENTS as readonly string[]).includes(event)) {
    problems.push({
      code: 'SCHEMA',
      path: base,
      ...located,
      message: `event ${event} in ${where} is reserved: the history uses it for ${event === 'CREATE' ? 'opening a case' : "an admin's move to another version"}`,
    });
  }

  if (!Array.isArray(transition.roles) || transition.roles.length === 0) {
    problems.push({
      code: 'SCHEMA',
      path: `${base}.roles`,
      ...located,
      message: `event ${event} in ${where} names no role that may send it`,
    });
  }

  const targets: Array<{ target: string; path: string }> = [];
  if (typeof transition.target === 'string')
    targets.push({ target: transition.target, path: `${base}.target` });
  for (const [result, target] of Object.entries(transition.branches ?? {})) {
    if (typeof target === 'string') targets.push({ target, path: `${base}.branches.${result}` });
  }
  for (const { target, path } of targets) {
    if (target === RESUME_TARGET) {
      if (!inSuspension(node)) {
        problems.push({
          code: 'UNKNOWN_TARGET',
          path,
          ...located,
          message: `event ${event} in ${where}: ${RESUME_TARGET} returns a suspended case, so only a suspension state's events may use it`,
        });
      }
      continue;
    }
    const resolved = resolveTarget(tree, node, target);
    if ('error' in resolved) {
      problems.push({
        code: 'UNKNOWN_TARGET',
        path,
        ...located,
        message: `event ${event} in ${where}: unknown target ${resolved.error}`,
      });
    }
  }

  const deciding: string[] = [];
  const possibleResults = new Set<string>();
  (transition.rules ?? []).forEach((reference, index) => {
    const path = `${base}.rules[${index}]`;
    const spec = rules.get(reference.type);
    if (!spec) {
      problems.push({
        code: 'UNKNOWN_RULE',
        path: `${path}.type`,
        ...located,
        rule: reference.type,
        message: `event ${event} in ${where}: unknown rule "${reference.type}"`,
      });
      return;
    }
    const { value, missing } = resolveParameters(reference.params ?? {}, parameters);
    for (const { path: at, name } of missing) {
      problems.push({
        code: 'UNDEFINED_PARAMETER',
        path: `${path}.params${at ? `.${at}` : ''}`,
        ...located,
        rule: reference.type,
        message: `rule "${reference.type}" of event ${event} in ${where} refers to parameter "${name}", which parameters does not define`,
      });
    }
    if (missing.length > 0) return;
    const paramProblems = spec.checkParams(value);
    for (const problem of paramProblems) {
      problems.push({
        code: 'BAD_RULE_PARAMS',
        path: `${path}.params${problem.path ? `.${problem.path}` : ''}`,
        ...located,
        rule: reference.type,
        message: `rule "${reference.type}" of event ${event} in ${where}: ${problem.path ? `${problem.path} ` : ''}${problem.message}`,
      });
    }
    if (spec.results) {
      deciding.push(reference.type);
      if (paramProblems.length === 0) {
        for (const result of spec.results(value)) possibleResults.add(result);
      }
    }
  });

  (transition.actions ?? []).forEach((reference, index) => {
    const path = `${base}.actions[${index}]`;
    const spec = actionRegistry.get(reference.type);
    if (!spec) {
      problems.push({
        code: 'UNKNOWN_ACTION',
        path: `${path}.type`,
        ...located,
        message: `event ${event} in ${where}: unknown action "${reference.type}"`,
      });
      return;
    }
    const { value, missing } = resolveParameters(reference.params ?? {}, parameters);
    for (const { path: at, name } of missing) {
      problems.push({
        code: 'UNDEFINED_PARAMETER',
        path: `${path}.params${at ? `.${at}` : ''}`,
        ...located,
        message: `action "${reference.type}" refers to parameter "${name}", which parameters does not define`,
      });
    }
    for (const problem of spec.checkParams(value)) {
      problems.push({
        code: 'BAD_ACTION_PARAMS',
        path: `${path}.params${problem.path ? `.${problem.path}` : ''}`,
        ...located,
        message: `action "${reference.type}" of event ${event} in ${where}: ${problem.path ? `${problem.path} ` : ''}${problem.message}`,
      });
    }
  });

  const mismatch = (message: string, path = base): void => {
    problems.push({
      code: 'BRANCHES_MISMATCH',
      path,
      ...located,
      message: `event ${event} in ${where}: ${message}`,
    });
  };
  if (deciding.length > 1) {
    mismatch(
      `has several deciding rules (${deciding.join(', ')}); at most one may choose the branch`,
      `${base}.rules`,
    );
  } else if (deciding.length === 1) {
    if (transition.target !== undefined)
      mismatch(
        `rule "${deciding[0]}" decides where the case goes: use branches, not target`,
        `${base}.target`,
      );
    if (!transition.branches) {
      mismatch(
        `rule "${deciding[0]}" decides where the case goes, but there are no branches for its results (${[...possibleResults].join(', ')})`,
        `${base}.branches`,
      );
    } else if (possibleResults.size > 0) {
      for (const result of possibleResults) {
        if (!(result in transition.branches))
          mismatch(`no branch for result ${result} of rule "${deciding[0]}"`, `${base}.branches`);
      }
      for (const result of Object.keys(transition.branches)) {
        if (!possibleResults.has(result))
          mismatch(
            `branch ${result} can never be taken: rule "${deciding[0]}" does not produce it with these params`,
            `${base}.branches.${result}`,
          );
      }
    }
  } else if (transition.branches) {
    mismatch(
      `has branches but no deciding rule (${decidingRules(rules).join(', ')}) to choose between them`,
      `${base}.branches`,
    );
  }

  if (transition.payload !== undefined) {
    const unsafe = checkDefinitionSchema(transition.payload, `${base}.payload`);
    for (const { path, message } of unsafe) {
      problems.push({
        code: 'BAD_SCHEMA',
        path,
        ...located,
        message: `the payload schema of event ${event} in ${where}: ${path} ${message}`,
      });
    }
    if (unsafe.length === 0 && !hasUnsafeDefs(definition)) {
      try {
        ajv.compile({
          ...transition.payload,
          $defs: {
            ...(definition.$defs ?? {}),
            ...((transition.payload['$defs'] as JsonObject | undefined) ?? {}),
          },
        });
      } catch (error) {
        problems.push({
          code: 'BAD_SCHEMA',
          path: `${base}.payload`,
          ...located,
          message: `the payload schema of event ${event} in ${where} is not a valid JSON Schema: ${(error as Error).message}`,
        });
      }
    }
  }
}

function checkDeadlines(
  tree: StateTree,
  parameters: Record<string, JsonValue>,
  problems: DefinitionProblem[],
): void {
  const names = new Map<string, string>();
  for (const node of tree.nodes) {
    node.deadlines.forEach((deadline, index) => {
      const path = `${statePath(node)}.deadlines[${index}]`;
      const bad = (message: string, at = path): void => {
        problems.push({
          code: 'BAD_DEADLINE',
          path: at,
          state: node.id,
          message: `deadline "${deadline.name}" of state "${node.id}": ${message}`,
        });
      };
      const previous = names.get(deadline.name);
      if (previous !== undefined)
        bad(`the name is already used by a deadline of state "${previous}"`, `${path}.name`);
      names.set(deadline.name, node.id);
      for (const [field, amount] of [
        ['amount', deadline.amount],
        ['extension.maxAmount', deadline.extension?.maxAmount],
      ] as const) {
        if (amount === undefined) continue;
        const { value, missing } = resolveParameters(amount as JsonValue, parameters);
        for (const { name } of missing) {
          problems.push({
            code: 'UNDEFINED_PARAMETER',
            path: `${path}.${field}`,
            state: node.id,
            message: `deadline "${deadline.name}" refers to parameter "${name}", which parameters does not define`,
          });
        }
        if (missing.length === 0 && !(Number.isInteger(value) && (value as number) >= 1)) {
          bad(
            `${field} must be a positive whole number (got ${JSON.stringify(value)})`,
            `${path}.${field}`,
          );
        }
      }
      const accepted = new Map(
        initialLeafEvents(node).map(({ event, transition }) => [event, transition] as const),
      );
      if ('event' in deadline.onExpiry) {
        const transition = accepted.get(deadline.onExpiry.event);
        if (!transition)
          bad(
            `on expiry it sends ${deadline.onExpiry.event}, which the state does not accept`,
            `${path}.onExpiry.event`,
          );
        else if (!transition.roles.includes('system'))
          bad(
            `on expiry it sends ${deadline.onExpiry.event}, but that event does not allow the role "system"`,
            `${path}.onExpiry.event`,
          );
      }
      if (deadline.direction === 'before' && deadline.from === undefined) {
        bad(
          'counting back (direction: before) needs the date it counts back from (from)',
          `${path}.direction`,
        );
      }
      if (deadline.extension && !accepted.has(deadline.extension.event)) {
        bad(
          `its extension event ${deadline.extension.event} is not accepted in the state`,
          `${path}.extension.event`,
        );
      }
    });
  }
}

/** Events accepted right after entering `node` (its initial leaf and every ancestor). */
function initialLeafEvents(node: StateNodeInfo) {
  return acceptedEvents(initialLeaf(node));
}

/** Whether the shared `$defs` have problems (reported once, at `$defs`, by checkSchemas). */
function hasUnsafeDefs(definition: WorkflowDefinition): boolean {
  const defs = definition.$defs;
  if (defs === undefined) return false;
  let unsafe = unsafeDefs.get(defs);
  if (unsafe === undefined) {
    unsafe = Object.entries(defs).some(
      ([name, schema]) => checkDefinitionSchema(schema, `$defs.${name}`).length > 0,
    );
    unsafeDefs.set(defs, unsafe);
  }
  return unsafe;
}
const unsafeDefs = new WeakMap<object, boolean>();

function checkSchemas(
  definition: WorkflowDefinition,
  ajv: Ajv2020,
  problems: DefinitionProblem[],
): void {
  if (definition.$defs !== undefined) {
    // Shared definitions: each is a schema the payload, subject and data schemas may refer to.
    for (const [name, schema] of Object.entries(definition.$defs)) {
      for (const { path, message } of checkDefinitionSchema(schema, `$defs.${name}`)) {
        problems.push({
          code: 'BAD_SCHEMA',
          path,
          message: `the shared schema $defs.${name}: ${path} ${message}`,
        });
      }
    }
  }
  for (const field of ['subject', 'data'] as const) {
    const schema = definition[field];
    if (schema === undefined) continue;
    const unsafe = checkDefinitionSchema(schema, field);
    for (const { path, message } of unsafe) {
      problems.push({
        code: 'BAD_SCHEMA',
        path,
        message: `the ${field} schema: ${path} ${message}`,
      });
    }
    if (unsafe.length > 0 || hasUnsafeDefs(definition)) continue;
    try {
      ajv.compile({
        ...schema,
        $defs: {
          ...(definition.$defs ?? {}),
          ...((schema['$defs'] as JsonObject | undefined) ?? {}),
        },
      });
    } catch (error) {
      problems.push({
        code: 'BAD_SCHEMA',
        path: field,
        message: `the ${field} schema is not a valid JSON Schema: ${(error as Error).message}`,
      });
    }
  }
}

function checkReachability(tree: StateTree, problems: DefinitionProblem[]): void {
  const reached = new Set<string>();
  const leaves: StateNodeInfo[] = [];
  const enter = (node: StateNodeInfo): void => {
    for (let current: StateNodeInfo | undefined = node; current; current = current.parent)
      reached.add(current.id);
    const leaf = initialLeaf(node);
    for (
      let current: StateNodeInfo | undefined = leaf;
      current && current !== node;
      current = current.parent
    )
      reached.add(current.id);
    if (!leaves.includes(leaf)) leaves.push(leaf);
  };
  enter(tree.root);
  const exits = new Map<string, number>();
  for (let index = 0; index < leaves.length; index += 1) {
    const leaf = leaves[index] as StateNodeInfo;
    let ways = 0;
    for (const { transition, source } of acceptedEvents(leaf)) {
      const targets = [transition.target, ...Object.values(transition.branches ?? {})];
      for (const target of targets) {
        if (typeof target !== 'string') continue;
        if (target === RESUME_TARGET) {
          ways += 1; // back to where the case was suspended
          continue;
        }
        const resolved = resolveTarget(tree, source, target);
        if ('error' in resolved) continue;
        if (initialLeaf(resolved.node) !== leaf) ways += 1;
        enter(resolved.node);
      }
    }
    exits.set(leaf.id, ways);
  }
  for (const node of tree.nodes) {
    if (!reached.has(node.id)) {
      problems.push({
        code: 'UNREACHABLE_STATE',
        path: statePath(node),
        state: node.id,
        message: `state "${node.id}" cannot be reached from the initial state`,
      });
    }
  }
  for (const leaf of leaves) {
    if (!leaf.isFinal && exits.get(leaf.id) === 0) {
      problems.push({
        code: 'DEAD_END',
        path: statePath(leaf),
        state: leaf.id,
        message: `state "${leaf.id}" is not final but no event leads out of it`,
      });
    }
  }
}
