/**
 * Suspension and resumption (HD 02-HD/TW: a freeze suspends the whole process). Entering a
 * suspension state remembers the leaf the case was in (`facts.suspendedFrom`); a transition of
 * the suspension state whose target is `$resume` becomes one guarded XState transition per leaf
 * the case could have been suspended in, the guard picking the remembered one. Plain XState, no
 * history states: the state paths of the definition stay the public contract.
 */
import { inSuspension } from '../definition/validate-definition.js';
import { resolveTarget, type StateNodeInfo, type StateTree } from '../definition/state-tree.js';
import { RESUME_TARGET } from '../definition/workflow-definition.js';
import type { JsonObject } from '../definition/json.js';

/** An XState action reference: a named action and its params (`recordRule`'s are not JSON-typed). */
type ActionConfig = { type: string; params: JsonObject | object };

/** The leaves a case can be suspended in: every non-final leaf outside a suspension state. */
export function resumableLeaves(tree: StateTree): StateNodeInfo[] {
  return tree.nodes.filter((node) => node.isLeaf && !node.isFinal && !inSuspension(node));
}

/** The XState transitions a `$resume` target (of the branch `result`, if any) compiles to. */
export function resumeTransitions(
  tree: StateTree,
  result: string | null,
  actions: readonly ActionConfig[],
): Array<Record<string, unknown>> {
  return resumableLeaves(tree).map((leaf) => ({
    target: `#${leaf.id}`,
    guard: { type: 'resumesTo', params: { stateId: leaf.id, result } },
    actions: [...actions, { type: 'forgetOrigin', params: {} }],
  }));
}

/** `actions`, plus remembering where the case was when `target` is a suspension state. */
export function withOrigin(
  tree: StateTree,
  source: StateNodeInfo,
  target: string | null | undefined,
  actions: readonly ActionConfig[],
): ActionConfig[] {
  if (typeof target !== 'string' || target === RESUME_TARGET) return [...actions];
  const resolved = resolveTarget(tree, source, target);
  if ('error' in resolved || resolved.node.definition.suspension !== true) return [...actions];
  return [...actions, { type: 'rememberOrigin', params: {} }];
}
