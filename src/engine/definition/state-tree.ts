/**
 * The state tree of a definition, flattened: every state node with its id (the dotted path,
 * which is also the XState id and the case's `state`), parent, children and accepted events.
 * Target resolution follows XState: `name` is a sibling (or a dotted path below one), `.name` a
 * child, `#a.b` the state whose id is `a.b`.
 */
import type {
  DeadlineDefinition,
  StateDefinition,
  TransitionDefinition,
  WorkflowDefinition,
} from './workflow-definition.js';

export const ROOT_ID = '';

export interface StateNodeInfo {
  /** Dotted path from the root, e.g. `proposal.policy`; `''` for the root. */
  readonly id: string;
  readonly key: string;
  readonly parent: StateNodeInfo | undefined;
  readonly children: readonly StateNodeInfo[];
  readonly definition: StateDefinition;
  readonly isFinal: boolean;
  readonly isLeaf: boolean;
  /** Events declared on this node itself (not inherited). */
  readonly on: Readonly<Record<string, TransitionDefinition | null>>;
  readonly deadlines: readonly DeadlineDefinition[];
}

export interface StateTree {
  readonly root: StateNodeInfo;
  readonly byId: ReadonlyMap<string, StateNodeInfo>;
  /** Every node but the root, in document order. */
  readonly nodes: readonly StateNodeInfo[];
}

export function buildStateTree(definition: WorkflowDefinition): StateTree {
  const byId = new Map<string, StateNodeInfo>();
  const nodes: StateNodeInfo[] = [];

  const build = (
    key: string,
    id: string,
    state: StateDefinition,
    parent: StateNodeInfo | undefined,
  ): StateNodeInfo => {
    const children: StateNodeInfo[] = [];
    const node: StateNodeInfo = {
      id,
      key,
      parent,
      children,
      definition: state,
      isFinal: state.type === 'final',
      isLeaf: !state.states || Object.keys(state.states).length === 0,
      on: state.on ?? {},
      deadlines: state.deadlines ?? [],
    };
    byId.set(id, node);
    if (parent) nodes.push(node);
    for (const [childKey, child] of Object.entries(state.states ?? {})) {
      children.push(build(childKey, id ? `${id}.${childKey}` : childKey, child, node));
    }
    return node;
  };

  const rootState: StateDefinition = {
    initial: definition.initial,
    states: definition.states,
    ...(definition.on ? { on: definition.on } : {}),
  };
  const root = build('', ROOT_ID, rootState, undefined);
  return { root, byId, nodes };
}

/** The node a target string designates from `source`, or an explanation of why none does. */
export function resolveTarget(
  tree: StateTree,
  source: StateNodeInfo,
  target: string,
): { node: StateNodeInfo } | { error: string } {
  if (target.startsWith('#')) {
    const node = tree.byId.get(target.slice(1));
    return node && node !== tree.root
      ? { node }
      : { error: `no state has the id "${target.slice(1)}"` };
  }
  let base: StateNodeInfo;
  let path: string;
  if (target.startsWith('.')) {
    base = source;
    path = target.slice(1);
  } else if (source.parent) {
    base = source.parent;
    path = target;
  } else {
    return {
      error: `"${target}" is not a valid target from the root: write ".${target}" or "#${target}"`,
    };
  }
  let node: StateNodeInfo | undefined = base;
  for (const segment of path.split('.')) {
    node = node?.children.find((child) => child.key === segment);
    if (!node)
      return { error: `"${target}" names no state reachable from "${source.id || '(root)'}"` };
  }
  return { node };
}

/** The leaf states entered when `node` is entered (following `initial` down). */
export function initialLeaf(node: StateNodeInfo): StateNodeInfo {
  let current = node;
  while (!current.isLeaf) {
    const next = current.children.find((child) => child.key === current.definition.initial);
    if (!next) return current;
    current = next;
  }
  return current;
}

/** `node` and its ancestors, deepest first, ending with the root. */
export function lineage(node: StateNodeInfo): StateNodeInfo[] {
  const chain: StateNodeInfo[] = [];
  for (let current: StateNodeInfo | undefined = node; current; current = current.parent) {
    chain.push(current);
  }
  return chain;
}

/**
 * The transition that handles `eventType` in leaf state `leaf`: the deepest declaration wins,
 * as in XState. `null` means the event is explicitly refused there (or nowhere declared).
 */
export function findTransition(
  leaf: StateNodeInfo,
  eventType: string,
): { transition: TransitionDefinition; source: StateNodeInfo } | null {
  for (const node of lineage(leaf)) {
    if (Object.prototype.hasOwnProperty.call(node.on, eventType)) {
      const transition = node.on[eventType];
      return transition ? { transition, source: node } : null;
    }
  }
  return null;
}

/** Every event a leaf state accepts, with the transition that handles it. */
export function acceptedEvents(
  leaf: StateNodeInfo,
): Array<{ event: string; transition: TransitionDefinition; source: StateNodeInfo }> {
  if (leaf.isFinal) return [];
  const seen = new Set<string>();
  const result: Array<{ event: string; transition: TransitionDefinition; source: StateNodeInfo }> =
    [];
  for (const node of lineage(leaf)) {
    for (const [event, transition] of Object.entries(node.on)) {
      if (seen.has(event)) continue;
      seen.add(event);
      if (transition) result.push({ event, transition, source: node });
    }
  }
  return result;
}
