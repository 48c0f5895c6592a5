/**
 * The graph a state diagram draws, derived from a compiled definition: every state (nested ones
 * inside their parent), the initial state of each level, and one arrow per event and target with
 * the roles allowed to send it and the branch results that lead there. Shared by the Mermaid and
 * the SVG renderers so both always show the same thing.
 */
import type { CompiledWorkflow } from '../compiler/compile-workflow.js';
import { resolveTarget, type StateNodeInfo } from '../definition/state-tree.js';
import type { LocalizedText } from '../definition/workflow-definition.js';

export interface DiagramState {
  /** The dotted path, which is also the case's `state`. */
  readonly id: string;
  readonly key: string;
  readonly title: LocalizedText | undefined;
  /** The parent's id; `null` for a top-level state. */
  readonly parent: string | null;
  readonly children: readonly string[];
  /** The id of the child entered first (composite states only). */
  readonly initial: string | null;
  readonly final: boolean;
  /** `terminated` for endings that are not a success (`rejected`, `withdrawn`). */
  readonly result: 'completed' | 'terminated' | null;
}

export interface DiagramTransition {
  readonly from: string;
  readonly to: string;
  readonly event: string;
  readonly roles: readonly string[];
  /** The deciding rule's results that take this arrow; empty for a plain target. */
  readonly results: readonly string[];
  /** `EVENT (role, role) / RESULT, RESULT` */
  readonly label: string;
  /** Declared at the top level: accepted in every non-final state. */
  readonly workflowWide: boolean;
}

export interface WorkflowDiagram {
  readonly key: string;
  readonly version: number;
  readonly title: LocalizedText;
  readonly regulation: string;
  /** The top-level state a case opens in. */
  readonly initial: string;
  /** Document order, parents before their children. */
  readonly states: readonly DiagramState[];
  readonly transitions: readonly DiagramTransition[];
}

export interface DiagramHighlight {
  /** State ids the case has been in, oldest first (the `to` of each history entry). */
  readonly path?: readonly string[];
  /** The state the case is in now. */
  readonly current?: string;
}

function transitionLabel(event: string, roles: readonly string[], results: readonly string[]) {
  const base = `${event} (${roles.join(', ')})`;
  return results.length > 0 ? `${base} / ${results.join(', ')}` : base;
}

/** The diagram of a compiled (hence valid) definition. Pure. */
export function workflowDiagram(compiled: CompiledWorkflow): WorkflowDiagram {
  const { definition, tree } = compiled;
  const states: DiagramState[] = tree.nodes.map((node) => ({
    id: node.id,
    key: node.key,
    title: node.definition.title,
    parent: node.parent && node.parent !== tree.root ? node.parent.id : null,
    children: node.children.map((child) => child.id),
    initial: node.isLeaf
      ? null
      : (node.children.find((child) => child.key === node.definition.initial)?.id ?? null),
    final: node.isFinal,
    result: node.isFinal ? (node.definition.result ?? 'completed') : null,
  }));

  // Arrows with the same ends and event are merged: their results are listed together.
  const merged = new Map<
    string,
    {
      from: string;
      to: string;
      event: string;
      roles: string[];
      results: string[];
      workflowWide: boolean;
    }
  >();
  const add = (
    from: string,
    to: string,
    event: string,
    roles: readonly string[],
    result: string | null,
    workflowWide: boolean,
  ) => {
    const id = `${from}\u0000${to}\u0000${event}`;
    const existing = merged.get(id);
    if (existing) {
      if (result !== null && !existing.results.includes(result)) existing.results.push(result);
      return;
    }
    merged.set(id, {
      from,
      to,
      event,
      roles: [...roles],
      results: result === null ? [] : [result],
      workflowWide,
    });
  };

  for (const node of [tree.root, ...tree.nodes]) {
    for (const [event, transition] of Object.entries(node.on)) {
      if (!transition) continue;
      const targets: Array<{ result: string | null; target: string }> = transition.branches
        ? Object.entries(transition.branches)
            .filter((entry): entry is [string, string] => entry[1] !== null)
            .map(([result, target]) => ({ result, target }))
        : transition.target === undefined
          ? []
          : [{ result: null, target: transition.target }];
      // A top-level event is accepted in every non-final top-level state that does not refuse it.
      const sources: StateNodeInfo[] =
        node === tree.root
          ? tree.root.children.filter(
              (child) => !child.isFinal && !(event in child.on && child.on[event] === null),
            )
          : [node];
      for (const { result, target } of targets) {
        const resolved = resolveTarget(tree, node, target);
        if ('error' in resolved) continue; // unreachable for a compiled definition
        for (const source of sources) {
          add(source.id, resolved.node.id, event, transition.roles, result, node === tree.root);
        }
      }
    }
  }

  const stateOrder = new Map(states.map((state, index) => [state.id, index]));
  return {
    key: definition.key,
    version: definition.version,
    title: definition.title,
    regulation: definition.regulation,
    initial: definition.initial,
    states,
    transitions: [...merged.values()]
      .sort(
        (a, b) =>
          Number(a.workflowWide) - Number(b.workflowWide) ||
          (stateOrder.get(a.from) ?? 0) - (stateOrder.get(b.from) ?? 0),
      )
      .map((transition) => ({
        ...transition,
        label: transitionLabel(transition.event, transition.roles, transition.results),
      })),
  };
}

/** Every state in `path` and `current`, with their ancestors (a composite state was visited too). */
export function visitedStates(
  diagram: WorkflowDiagram,
  highlight: DiagramHighlight,
): { visited: Set<string>; current: Set<string> } {
  const byId = new Map(diagram.states.map((state) => [state.id, state]));
  const withAncestors = (id: string): string[] => {
    const chain: string[] = [];
    for (
      let state = byId.get(id);
      state;
      state = state.parent ? byId.get(state.parent) : undefined
    ) {
      chain.push(state.id);
    }
    return chain;
  };
  const visited = new Set((highlight.path ?? []).flatMap(withAncestors));
  const current = new Set(highlight.current === undefined ? [] : [highlight.current]);
  for (const id of current) if (!byId.has(id)) current.delete(id);
  return { visited, current };
}
