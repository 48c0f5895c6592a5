/**
 * Instance migration (chuyển phiên bản hồ sơ): what moving a running case from one version of
 * its definition to another would mean — whether its current state exists in the target (or an
 * explicit mapping names one), which deadlines and rule parameters change, what the target
 * expects that the case lacks — and, once decided, the case's snapshot on the target. Pure:
 * the service records the move as a `MIGRATE` history entry carrying both versions and the plan.
 */
import { isJsonObject, ownValue, type JsonObject, type JsonValue } from '../definition/json.js';
import { describeAjvErrors } from '../definition/json-schema.js';
import { resolveParameters } from '../definition/parameters.js';
import {
  lineage,
  resolveTarget,
  type StateNodeInfo,
  type StateTree,
} from '../definition/state-tree.js';
import type { DeadlineDefinition, DeadlineUnit } from '../definition/workflow-definition.js';
import { message, type Message } from '../messages/message.js';
import type { ActiveDeadline, CaseContext } from '../compiler/case-context.js';
import { transitionKey, type CompiledWorkflow } from '../compiler/compile-workflow.js';
import type { ApprovalRecord } from '../rules/rule.js';
import { stateValueToPath, type StoredSnapshot } from './snapshot.js';
import type { Effect } from './step-workflow.js';

export interface MigrationOptions {
  /** Where each state of the source goes in the target, when its id differs or is gone. */
  readonly stateMapping?: Readonly<Record<string, string>>;
}

export interface DeadlineTerms {
  readonly state: string;
  readonly amount: number;
  readonly unit: DeadlineUnit;
  readonly scope: 'state' | 'case';
  readonly from: string | null;
  readonly direction: 'after' | 'before';
  readonly maxAmount: number | null;
}

export interface DeadlineChange {
  readonly name: string;
  /** Whether the deadline is running in the case now. */
  readonly running: boolean;
  readonly change: 'changed' | 'added' | 'removed';
  readonly from: DeadlineTerms | null;
  readonly to: DeadlineTerms | null;
}

export interface ParameterChange {
  readonly name: string;
  readonly change: 'changed' | 'added' | 'removed';
  readonly from: JsonValue | null;
  readonly to: JsonValue | null;
}

export interface MigrationPlan {
  readonly key: string;
  readonly possible: boolean;
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly fromRegulation: string;
  readonly toRegulation: string;
  readonly state: {
    readonly from: string;
    /** The target state, or null when none can be found. */
    readonly to: string | null;
    readonly existsInTarget: boolean;
    /** True when `to` comes from the explicit mapping. */
    readonly mapped: boolean;
  };
  readonly deadlines: readonly DeadlineChange[];
  readonly parameters: readonly ParameterChange[];
  /** Why the case cannot move (empty when `possible`). */
  readonly reasons: readonly Message[];
  /** What moving changes or leaves to defaults, for the authority deciding it. */
  readonly warnings: readonly Message[];
}

function canonical(value: JsonValue | undefined): string {
  const sort = (v: JsonValue): JsonValue =>
    Array.isArray(v)
      ? v.map(sort)
      : isJsonObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k] as JsonValue)]),
          )
        : v;
  return value === undefined ? 'undefined' : JSON.stringify(sort(value));
}

function parameterChanges(from: CompiledWorkflow, to: CompiledWorkflow): ParameterChange[] {
  const names = [
    ...new Set([...Object.keys(from.parameters), ...Object.keys(to.parameters)]),
  ].sort();
  const changes: ParameterChange[] = [];
  for (const name of names) {
    const before = ownValue(from.parameters, name);
    const after = ownValue(to.parameters, name);
    if (canonical(before) === canonical(after)) continue;
    changes.push({
      name,
      change: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed',
      from: before ?? null,
      to: after ?? null,
    });
  }
  return changes;
}

function deadlineTerms(compiled: CompiledWorkflow): Map<string, DeadlineTerms> {
  const terms = new Map<string, DeadlineTerms>();
  const resolve = (value: DeadlineDefinition['amount']): number =>
    resolveParameters(value as JsonValue, compiled.parameters).value as number;
  for (const node of compiled.tree.nodes) {
    for (const deadline of node.deadlines) {
      terms.set(deadline.name, {
        state: node.id,
        amount: resolve(deadline.amount),
        unit: deadline.unit,
        scope: deadline.scope ?? 'state',
        from: deadline.from ?? null,
        direction: deadline.direction ?? 'after',
        maxAmount: deadline.extension ? resolve(deadline.extension.maxAmount) : null,
      });
    }
  }
  return terms;
}

function deadlineChanges(
  from: CompiledWorkflow,
  to: CompiledWorkflow,
  running: CaseContext['deadlines'],
): DeadlineChange[] {
  const before = deadlineTerms(from);
  const after = deadlineTerms(to);
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: DeadlineChange[] = [];
  for (const name of names) {
    const a = before.get(name) ?? null;
    const b = after.get(name) ?? null;
    if (canonical(a as unknown as JsonValue) === canonical(b as unknown as JsonValue)) continue;
    changes.push({
      name,
      running: ownValue(running, name) !== undefined,
      change: a === null ? 'added' : b === null ? 'removed' : 'changed',
      from: a,
      to: b,
    });
  }
  return changes;
}

/** Facts a definition reads in its rule params (`facts.x…`, or a fact named by `selectFact`…). */
function factsRead(node: StateNodeInfo, compiled: CompiledWorkflow): string[] {
  const names = new Set<string>();
  const walk = (value: JsonValue, key: string | null): void => {
    if (typeof value === 'string') {
      const match = /^facts\.([A-Za-z][A-Za-z0-9_]*)/.exec(value);
      if (match?.[1]) names.add(match[1]);
      if (key !== null && ['selectFact', 'exceptionsFact', 'candidatesFrom'].includes(key)) {
        names.add(value.split('.')[0] as string);
      }
    } else if (Array.isArray(value)) value.forEach((item) => walk(item, null));
    else if (isJsonObject(value)) for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  for (const event of Object.keys(node.on)) {
    const handler = compiled.transitions.get(transitionKey(node.id, event));
    for (const rule of handler?.rules ?? []) walk(rule.params, null);
  }
  return [...names];
}

/** Facts each state's transitions write: the actions' `as`, and what their rules record. */
function factsWritten(node: StateNodeInfo, compiled: CompiledWorkflow): string[] {
  const names = new Set<string>();
  for (const [event, transition] of Object.entries(node.on)) {
    if (!transition) continue;
    for (const action of transition.actions ?? []) {
      const as = action.params?.['as'];
      if (typeof as === 'string') names.add(as);
    }
    const handler = compiled.transitions.get(transitionKey(node.id, event));
    for (const rule of handler?.rules ?? []) {
      for (const fact of rule.spec.factsRecorded?.(rule.params) ?? []) names.add(fact);
    }
  }
  return [...names];
}

/** States reachable from `start` by the definition's transitions (targets and branches). */
function reachableFrom(tree: StateTree, start: StateNodeInfo): Set<string> {
  const seen = new Set<string>();
  const queue: StateNodeInfo[] = [start];
  while (queue.length > 0) {
    const node = queue.shift() as StateNodeInfo;
    for (const ancestor of lineage(node)) {
      if (seen.has(ancestor.id)) continue;
      seen.add(ancestor.id);
      for (const transition of Object.values(ancestor.on)) {
        if (!transition) continue;
        for (const target of [transition.target, ...Object.values(transition.branches ?? {})]) {
          if (typeof target !== 'string' || target.startsWith('$')) continue;
          const resolved = resolveTarget(tree, ancestor, target);
          if ('node' in resolved && !seen.has(resolved.node.id)) {
            queue.push(resolved.node);
            for (const child of resolved.node.children) queue.push(child);
          }
        }
      }
    }
  }
  return seen;
}

function missingFacts(to: CompiledWorkflow, target: StateNodeInfo, facts: JsonObject): Message[] {
  const ahead = reachableFrom(to.tree, target);
  const writers = new Map<string, string[]>();
  for (const node of to.tree.nodes) {
    for (const fact of factsWritten(node, to))
      writers.set(fact, [...(writers.get(fact) ?? []), node.id]);
  }
  const warnings: Message[] = [];
  const read = new Set<string>();
  for (const node of to.tree.nodes) {
    if (!ahead.has(node.id)) continue;
    for (const fact of factsRead(node, to)) read.add(fact);
  }
  for (const fact of [...read].sort()) {
    if (Object.hasOwn(facts, fact)) continue;
    const writtenAt = writers.get(fact) ?? [];
    // Written only by states the case will not pass again: it will stay missing.
    if (writtenAt.length > 0 && writtenAt.every((id) => !ahead.has(id))) {
      warnings.push(
        message('migration.missingFact', { version: to.definition.version, fact, writtenAt }),
      );
    }
  }
  return warnings;
}

/**
 * The roles each state of `leaf`'s lineage waits for before anything is given: what its rules'
 * `pending` hooks say on a case with no approvals.
 */
function requiredApprovals(
  compiled: CompiledWorkflow,
  leaf: StateNodeInfo,
  context: CaseContext,
): Map<string, string[]> {
  const required = new Map<string, string[]>();
  const fresh: CaseContext = { ...context, approvals: {} };
  for (const node of lineage(leaf)) {
    for (const event of Object.keys(node.on)) {
      const handler = compiled.transitions.get(transitionKey(node.id, event));
      for (const rule of handler?.rules ?? []) {
        const pending =
          rule.spec.pending?.({ context: fresh, params: rule.params, stateId: node.id, event }) ??
          [];
        if (pending.length === 0) continue;
        const roles = required.get(node.id) ?? [];
        for (const { role } of pending) if (!roles.includes(role)) roles.push(role);
        required.set(node.id, roles);
      }
    }
  }
  return required;
}

/** Approvals given in the states the case is in (the leaf and its ancestors). */
function activeApprovals(snapshot: StoredSnapshot): Record<string, readonly ApprovalRecord[]> {
  const leaf = stateValueToPath(snapshot.value);
  const active = new Set<string>();
  const parts = leaf.split('.');
  for (let i = 1; i <= parts.length; i += 1) active.add(parts.slice(0, i).join('.'));
  return Object.fromEntries(
    Object.entries(snapshot.context.approvals).filter(([stateId]) => active.has(stateId)),
  );
}

/**
 * Plans moving a case (its stored snapshot) from the `from` version to the `to` version of the
 * same definition. Pure; `possible` is false, with `reasons`, when the move cannot be made.
 */
export function planMigration(
  from: CompiledWorkflow,
  to: CompiledWorkflow,
  snapshot: StoredSnapshot,
  options: MigrationOptions = {},
): MigrationPlan {
  const reasons: Message[] = [];
  const warnings: Message[] = [];
  const current = stateValueToPath(snapshot.value);
  const fromVersion = from.definition.version;
  const toVersion = to.definition.version;
  if (from.definition.key !== to.definition.key) {
    reasons.push(
      message('migration.otherKey', {
        fromKey: from.definition.key,
        toKey: to.definition.key,
        toVersion,
      }),
    );
  }
  if (fromVersion === toVersion)
    reasons.push(message('migration.sameVersion', { version: toVersion }));
  if (toVersion < fromVersion)
    warnings.push(message('migration.downgrade', { fromVersion, toVersion }));
  if (snapshot.status !== 'active') reasons.push(message('migration.ended', { state: current }));
  if (!from.tree.byId.has(current))
    reasons.push(message('migration.notInSource', { state: current, version: fromVersion }));

  const mapped = options.stateMapping !== undefined && Object.hasOwn(options.stateMapping, current);
  const wanted = mapped
    ? ((options.stateMapping as Record<string, string>)[current] ?? current)
    : current;
  const target = to.tree.byId.get(wanted);
  let toState: string | null = null;
  if (target === undefined || target === to.tree.root) {
    reasons.push(
      mapped
        ? message('migration.mappedUnknown', { state: current, target: wanted, version: toVersion })
        : message('migration.stateMissing', { state: current, version: toVersion }),
    );
  } else if (!target.isLeaf) {
    reasons.push(message('migration.mappedNotLeaf', { state: current, target: wanted }));
  } else if (target.isFinal) {
    reasons.push(message('migration.mappedFinal', { state: current, target: wanted }));
  } else {
    toState = target.id;
  }

  if (to.validateSubject && !to.validateSubject(snapshot.context.subject)) {
    const errors = describeAjvErrors(to.validateSubject.errors, 'subject')
      .map((error) => `${error.path} ${error.message}`)
      .join('; ');
    reasons.push(message('migration.subjectInvalid', { version: toVersion, errors }));
  }

  if (target !== undefined && toState !== null) {
    const keep = requiredApprovals(to, target, snapshot.context);
    for (const [stateId, given] of Object.entries(activeApprovals(snapshot))) {
      const allowed = keep.get(stateId) ?? [];
      const dropped = given.filter((a) => !allowed.includes(a.role)).map((a) => a.role);
      if (dropped.length > 0) {
        warnings.push(
          message('migration.approvalsDropped', {
            roles: dropped,
            state: stateId,
            version: toVersion,
          }),
        );
      }
    }
    warnings.push(...missingFacts(to, target, snapshot.context.facts));
  }

  return {
    key: from.definition.key,
    possible: reasons.length === 0,
    fromVersion,
    toVersion,
    fromRegulation: from.definition.regulation,
    toRegulation: to.definition.regulation,
    state: { from: current, to: toState, existsInTarget: to.tree.byId.has(current), mapped },
    deadlines: deadlineChanges(from, to, snapshot.context.deadlines),
    parameters: parameterChanges(from, to),
    reasons,
    warnings,
  };
}

function stateValueOf(path: string): JsonValue {
  const parts = path.split('.');
  let value: JsonValue = parts[parts.length - 1] as string;
  for (let i = parts.length - 2; i >= 0; i -= 1) value = { [parts[i] as string]: value };
  return value;
}

/**
 * The case's snapshot on the target version, for a plan that is `possible`: the mapped state, its
 * running deadlines on the target's terms (same start, new amount and unit; removed ones
 * cancelled), and only the approvals the target still asks for. The effects are what the
 * service's deadline store must apply, as after any event.
 */
export function applyMigration(
  to: CompiledWorkflow,
  snapshot: StoredSnapshot,
  plan: MigrationPlan,
): { snapshot: StoredSnapshot; effects: Effect[] } {
  if (!plan.possible || plan.state.to === null) {
    throw new Error(
      `migration of ${plan.key} v${plan.fromVersion} → v${plan.toVersion} is not possible`,
    );
  }
  const target = to.tree.byId.get(plan.state.to) as StateNodeInfo;
  const terms = deadlineTerms(to);
  const effects: Effect[] = [];
  const deadlines: Record<string, ActiveDeadline> = {};
  for (const [name, running] of Object.entries(snapshot.context.deadlines)) {
    const next = terms.get(name);
    if (next === undefined) {
      effects.push({ type: 'cancelDeadline', name, reason: 'stateLeft' });
      continue;
    }
    const moved: ActiveDeadline = {
      ...running,
      stateId: next.state,
      scope: next.scope,
      amount: next.amount,
      unit: next.unit,
      ...(next.direction === 'before' ? { direction: 'before' } : {}),
      extension:
        running.extension && next.maxAmount !== null
          ? { ...running.extension, maxAmount: next.maxAmount }
          : running.extension,
    };
    deadlines[name] = moved;
    if (canonical(moved as unknown as JsonValue) !== canonical(running as unknown as JsonValue)) {
      effects.push({ type: 'cancelDeadline', name, reason: 'stateLeft' });
      effects.push({ type: 'scheduleDeadline', ...moved });
    }
  }
  const keep = requiredApprovals(to, target, snapshot.context);
  const approvals: Record<string, readonly ApprovalRecord[]> = {};
  for (const [stateId, given] of Object.entries(activeApprovals(snapshot))) {
    const allowed = keep.get(stateId) ?? [];
    const kept = given.filter((a) => allowed.includes(a.role));
    if (kept.length > 0) approvals[stateId] = kept;
  }
  const context: CaseContext = { ...snapshot.context, deadlines, approvals };
  const resolved = to.machine.resolveState({
    value: stateValueOf(plan.state.to) as never,
    context,
  });
  const persisted = JSON.parse(
    JSON.stringify(to.machine.getPersistedSnapshot(resolved)),
  ) as StoredSnapshot;
  return { snapshot: persisted, effects };
}
