/**
 * A definition as a Mermaid `stateDiagram-v2`: nested states as composite states, `[*]` arrows
 * into each level's initial state and out of the final states, one arrow per event and target
 * labelled `EVENT (roles) / RESULTS`, and, for a case, the states it went through and the one it
 * is in, highlighted with `classDef`. Pure: the same definition gives the same text.
 */
import type { CompiledWorkflow } from '../compiler/compile-workflow.js';
import {
  visitedStates,
  workflowDiagram,
  type DiagramHighlight,
  type DiagramState,
} from './diagram-graph.js';

// Words of the Mermaid state-diagram grammar; a state named so gets another alias.
const RESERVED = new Set([
  'state',
  'note',
  'class',
  'classDef',
  'direction',
  'end',
  'as',
  'style',
  'click',
  'left',
  'right',
  'of',
]);

/**
 * Mermaid ids cannot contain dots, so `proposal.policy` is declared as
 * `state "proposal.policy" as proposal__policy`; every state gets a unique alias.
 */
function aliases(states: readonly DiagramState[]): Map<string, string> {
  const used = new Set<string>();
  const result = new Map<string, string>();
  for (const state of states) {
    const base = state.id.split('.').join('__');
    let alias = RESERVED.has(base) ? `s_${base}` : base;
    for (let n = 2; used.has(alias); n += 1) alias = `${base}_${n}`;
    used.add(alias);
    result.set(state.id, alias);
  }
  return result;
}

/**
 * Text from a definition (titles may come from anyone who may publish) made inert for Mermaid:
 * one line, no statement separators, quotes and markup as Mermaid entity codes.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/;/g, '#59;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\{/g, '#123;')
    .replace(/\}/g, '#125;')
    .replace(/%/g, '#37;')
    .replace(/:/g, '#58;')
    .trim();
}

export interface MermaidOptions extends DiagramHighlight {
  /** Title language for state descriptions; `vi` by default. */
  readonly language?: 'vi' | 'en';
}

export function toMermaid(compiled: CompiledWorkflow, options: MermaidOptions = {}): string {
  const diagram = workflowDiagram(compiled);
  const alias = aliases(diagram.states);
  const byId = new Map(diagram.states.map((state) => [state.id, state]));
  const language = options.language ?? 'vi';
  const lines: string[] = [
    'stateDiagram-v2',
    // A comment runs to the end of its line: only line breaks need removing.
    `  %% ${`${diagram.key} v${diagram.version} (${diagram.regulation}): ${diagram.title[language]}`.replace(/[\r\n\u2028\u2029]+/g, ' ')}`,
  ];
  const nameOf = (id: string): string => alias.get(id) ?? id;

  const declare = (state: DiagramState, indent: string) => {
    const name = nameOf(state.id);
    const quoted = name !== state.id ? `"${state.id}" as ${name}` : null;
    if (state.children.length > 0) {
      lines.push(`${indent}state ${quoted ?? name} {`);
      const initial = state.initial === null ? undefined : byId.get(state.initial);
      if (initial) lines.push(`${indent}  [*] --> ${nameOf(initial.id)}`);
      for (const childId of state.children) {
        const child = byId.get(childId);
        if (child) declare(child, `${indent}  `);
      }
      lines.push(`${indent}}`);
    } else if (quoted !== null) {
      lines.push(`${indent}state ${quoted}`);
    }
    const title = state.title?.[language];
    if (title !== undefined && mermaidText(title) !== '') {
      lines.push(`${indent}${name} : ${mermaidText(title)}`);
    }
  };

  lines.push(`  [*] --> ${nameOf(diagram.initial)}`);
  for (const state of diagram.states) if (state.parent === null) declare(state, '  ');
  for (const state of diagram.states) {
    if (state.final) lines.push(`  ${nameOf(state.id)} --> [*]`);
  }
  for (const transition of diagram.transitions) {
    lines.push(
      `  ${nameOf(transition.from)} --> ${nameOf(transition.to)} : ${mermaidText(transition.label)}`,
    );
  }

  const { visited, current } = visitedStates(diagram, options);
  const terminated = diagram.states.filter((state) => state.result === 'terminated');
  if (terminated.length > 0) {
    lines.push('  classDef terminated fill:#f4f4f4,color:#666');
    lines.push(`  class ${terminated.map((state) => nameOf(state.id)).join(',')} terminated`);
  }
  if (visited.size > 0 || current.size > 0) {
    lines.push('  classDef visited fill:#dbeafe,stroke:#2563eb');
    lines.push('  classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px');
    // In document order, so the text does not depend on the order of the history.
    const visitedNames = diagram.states
      .filter((state) => visited.has(state.id) && !current.has(state.id))
      .map((state) => nameOf(state.id));
    if (visitedNames.length > 0) lines.push(`  class ${visitedNames.join(',')} visited`);
    for (const id of current) lines.push(`  class ${nameOf(id)} current`);
  }
  return `${lines.join('\n')}\n`;
}
