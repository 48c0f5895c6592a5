export {
  workflowDiagram,
  visitedStates,
  type DiagramHighlight,
  type DiagramState,
  type DiagramTransition,
  type WorkflowDiagram,
} from './diagram-graph.js';
export { toMermaid, mermaidText, type MermaidOptions } from './to-mermaid.js';
export { toSvg, xmlEscape, type SvgOptions } from './to-svg.js';
