/**
 * The same graph as `toMermaid`, rendered to a standalone SVG without a browser: `@dagrejs/dagre`
 * (pure JavaScript) lays the states out — composite states as containers around their children —
 * and this module draws boxes, arrows and labels. Every piece of text is XML-escaped, so a hostile
 * title cannot inject markup. Pure: no I/O, the same definition gives the same SVG.
 */
import dagre from '@dagrejs/dagre';
import type { CompiledWorkflow } from '../compiler/compile-workflow.js';
import {
  visitedStates,
  workflowDiagram,
  type DiagramHighlight,
  type DiagramState,
  type DiagramTransition,
} from './diagram-graph.js';

export interface SvgOptions extends DiagramHighlight {
  readonly language?: 'vi' | 'en';
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Point {
  x: number;
  y: number;
}

/** The part of dagre's graph this renderer uses, typed here (its own types lose graphlib's). */
interface LayoutGraph {
  setGraph(label: Record<string, unknown>): void;
  setDefaultEdgeLabel(label: () => Record<string, unknown>): void;
  setNode(id: string, label: Record<string, unknown>): void;
  setParent(id: string, parent: string): void;
  setEdge(from: string, to: string, label: Record<string, unknown>, name: string): void;
  node(id: string): { x?: number; y?: number; width: number; height: number };
  edge(from: string, to: string, name: string): { x?: number; y?: number; points?: Point[] };
  graph(): { width?: number; height?: number };
}

const layoutEngine = dagre as unknown as {
  graphlib: { Graph: new (options: { compound: boolean; multigraph: boolean }) => LayoutGraph };
  layout(graph: LayoutGraph): void;
};

const FONT = 12;
const CHAR_WIDTH = 7; // a generous average for 12px sans-serif, Vietnamese diacritics included
const LINE = 16;
const START = '__start__'; // cannot collide: state keys start with a letter

// Characters XML 1.0 does not allow at all; escaping cannot save them, so they are dropped.
const INVALID_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe inside an XML element or a double- or single-quoted attribute. */
export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const textWidth = (text: string) => Math.max(1, [...text].length) * CHAR_WIDTH;
const round = (value: number) => Math.round(value * 10) / 10;

function clipToBox(box: Box, toward: Point): Point {
  // Where the segment from the box's centre toward `toward` leaves the box.
  const dx = toward.x - box.x;
  const dy = toward.y - box.y;
  if (dx === 0 && dy === 0) return { x: box.x, y: box.y - box.height / 2 };
  const scale = Math.min(
    dx === 0 ? Infinity : box.width / 2 / Math.abs(dx),
    dy === 0 ? Infinity : box.height / 2 / Math.abs(dy),
  );
  return { x: box.x + dx * Math.min(scale, 1), y: box.y + dy * Math.min(scale, 1) };
}

function pathData(points: readonly Point[]): string {
  return points
    .map((point, index) => `${index === 0 ? 'M' : 'L'}${round(point.x)},${round(point.y)}`)
    .join(' ');
}

export function toSvg(compiled: CompiledWorkflow, options: SvgOptions = {}): string {
  const diagram = workflowDiagram(compiled);
  const language = options.language ?? 'vi';
  const byId = new Map(diagram.states.map((state) => [state.id, state]));
  const { visited, current } = visitedStates(diagram, options);

  const leafOf = (id: string): string => {
    let state = byId.get(id);
    while (state && state.initial !== null) state = byId.get(state.initial);
    return state?.id ?? id;
  };
  const isComposite = (id: string) => (byId.get(id)?.children.length ?? 0) > 0;

  const graph = new layoutEngine.graphlib.Graph({ compound: true, multigraph: true });
  graph.setGraph({
    rankdir: 'TB',
    nodesep: 36,
    ranksep: 56,
    edgesep: 16,
    marginx: 24,
    marginy: 32,
  });
  graph.setDefaultEdgeLabel(() => ({}));

  const lines = (state: DiagramState): string[] => {
    const title = state.title?.[language];
    return title !== undefined && title.trim() !== '' ? [state.id, title] : [state.id];
  };
  for (const state of diagram.states) {
    if (state.children.length > 0) {
      graph.setNode(state.id, {});
    } else {
      const text = lines(state);
      graph.setNode(state.id, {
        width: Math.max(...text.map(textWidth)) + 28,
        height: text.length * LINE + 16,
      });
    }
    if (state.parent !== null) graph.setParent(state.id, state.parent);
  }
  // A filled dot with an arrow into each level's initial state.
  const starts: Array<{ node: string; to: string }> = [];
  const addStart = (parent: string | null, initial: string) => {
    const node = parent === null ? START : `${parent}.${START}`;
    graph.setNode(node, { width: 14, height: 14 });
    if (parent !== null) graph.setParent(node, parent);
    graph.setEdge(node, leafOf(initial), {}, `start:${node}`);
    starts.push({ node, to: initial });
  };
  addStart(null, diagram.initial);
  for (const state of diagram.states) {
    if (state.initial !== null) addStart(state.id, state.initial);
  }
  // Dagre lays out edges between leaves only: an arrow from or to a composite state is laid out
  // from or to its initial leaf, then drawn to the container's border through its label.
  diagram.transitions.forEach((transition, index) => {
    graph.setEdge(
      leafOf(transition.from),
      leafOf(transition.to),
      {
        width: textWidth(transition.label) + 8,
        height: LINE + 4,
        labelpos: 'c',
        minlen: 1,
      },
      `t${index}`,
    );
  });

  layoutEngine.layout(graph);

  const boxOf = (id: string): Box => {
    const node = graph.node(id);
    return {
      x: node.x ?? 0,
      y: node.y ?? 0,
      width: node.width,
      height: node.height,
    };
  };

  // A transition is highlighted when the case's path went from its source to its target.
  const within = (id: string, ancestor: string) => id === ancestor || id.startsWith(`${ancestor}.`);
  const path = options.path ?? [];
  const taken = (transition: DiagramTransition) =>
    path.some(
      (from, index) =>
        index + 1 < path.length &&
        within(from, transition.from) &&
        within(path[index + 1] ?? '', transition.to),
    );

  const out: string[] = [];
  const graphLabel = graph.graph();
  const width = Math.ceil(graphLabel.width ?? 0);
  const height = Math.ceil(graphLabel.height ?? 0);
  const heading = `${diagram.key} v${diagram.version} — ${diagram.title[language]} (${diagram.regulation})`;
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 24}" viewBox="0 -24 ${width} ${height + 24}" font-family="'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif" font-size="${FONT}">`,
  );
  out.push(`<title>${xmlEscape(heading)}</title>`);
  out.push(
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#334155"/></marker>' +
      '<marker id="arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#2563eb"/></marker></defs>',
  );
  out.push(
    `<text x="8" y="-8" font-size="14" font-weight="bold" fill="#0f172a">${xmlEscape(heading)}</text>`,
  );

  const classOf = (id: string) =>
    current.has(id) ? 'current' : visited.has(id) ? 'visited' : 'idle';
  const fills = {
    current: { fill: '#fde68a', stroke: '#b45309', width: 3 },
    visited: { fill: '#dbeafe', stroke: '#2563eb', width: 2 },
    idle: { fill: '#ffffff', stroke: '#475569', width: 1.2 },
  };

  // Containers first (outermost first), so their children are drawn on top.
  const depth = (state: DiagramState) => state.id.split('.').length;
  for (const state of [...diagram.states]
    .filter((candidate) => candidate.children.length > 0)
    .sort((a, b) => depth(a) - depth(b))) {
    const box = boxOf(state.id);
    const kind = classOf(state.id);
    const style = fills[kind];
    const title = state.title?.[language];
    const label = title !== undefined && title.trim() !== '' ? `${state.id} — ${title}` : state.id;
    out.push(
      `<g class="state composite ${kind}" data-state="${xmlEscape(state.id)}">` +
        `<rect x="${round(box.x - box.width / 2)}" y="${round(box.y - box.height / 2)}" width="${round(box.width)}" height="${round(box.height)}" rx="10" fill="${kind === 'idle' ? '#f8fafc' : style.fill}" fill-opacity="${kind === 'idle' ? 1 : 0.35}" stroke="${style.stroke}" stroke-width="${style.width}" stroke-dasharray="${kind === 'idle' ? '5 3' : 'none'}"/>` +
        `<text x="${round(box.x - box.width / 2 + 8)}" y="${round(box.y - box.height / 2 - 5)}" font-weight="bold" fill="#0f172a">${xmlEscape(label)}</text>` +
        '</g>',
    );
  }

  for (const state of diagram.states) {
    if (state.children.length > 0) continue;
    const box = boxOf(state.id);
    const kind = classOf(state.id);
    const style = fills[kind];
    const left = box.x - box.width / 2;
    const top = box.y - box.height / 2;
    const parts = [
      `<g class="state ${state.final ? 'final ' : ''}${kind}" data-state="${xmlEscape(state.id)}">`,
      `<rect x="${round(left)}" y="${round(top)}" width="${round(box.width)}" height="${round(box.height)}" rx="8" fill="${state.result === 'terminated' && kind === 'idle' ? '#f1f5f9' : style.fill}" stroke="${style.stroke}" stroke-width="${style.width}"/>`,
    ];
    if (state.final) {
      // A final state has a double border.
      parts.push(
        `<rect x="${round(left + 3)}" y="${round(top + 3)}" width="${round(box.width - 6)}" height="${round(box.height - 6)}" rx="6" fill="none" stroke="${style.stroke}" stroke-width="1"/>`,
      );
    }
    lines(state).forEach((text, index) => {
      parts.push(
        `<text x="${round(box.x)}" y="${round(top + 8 + LINE * (index + 1) - 4)}" text-anchor="middle" fill="#0f172a"${index === 0 ? ' font-weight="bold"' : ''}>${xmlEscape(text)}</text>`,
      );
    });
    parts.push('</g>');
    out.push(parts.join(''));
  }

  for (const start of starts) {
    const box = boxOf(start.node);
    out.push(
      `<circle class="initial" cx="${round(box.x)}" cy="${round(box.y)}" r="6" fill="#0f172a"/>`,
    );
    const to = boxOf(start.to);
    const edge = graph.edge(start.node, leafOf(start.to), `start:${start.node}`);
    const points =
      !isComposite(start.to) && edge.points && edge.points.length > 1
        ? edge.points
        : [clipToBox({ ...box, width: 12, height: 12 }, to), clipToBox(to, box)];
    out.push(
      `<path class="initial" d="${pathData(points)}" fill="none" stroke="#334155" stroke-width="1.2" marker-end="url(#arrow)"/>`,
    );
  }

  diagram.transitions.forEach((transition, index) => {
    const edge = graph.edge(leafOf(transition.from), leafOf(transition.to), `t${index}`);
    const label = { x: edge.x ?? 0, y: edge.y ?? 0 };
    const fromBox = boxOf(transition.from);
    const toBox = boxOf(transition.to);
    let points: Point[];
    if (
      !isComposite(transition.from) &&
      !isComposite(transition.to) &&
      transition.from !== transition.to &&
      edge.points &&
      edge.points.length > 1
    ) {
      points = edge.points.map((point) => ({ x: point.x, y: point.y }));
    } else {
      points = [clipToBox(fromBox, label), label, clipToBox(toBox, label)];
    }
    const isTaken = taken(transition);
    out.push(
      `<g class="transition${isTaken ? ' taken' : ''}" data-event="${xmlEscape(transition.event)}" data-from="${xmlEscape(transition.from)}" data-to="${xmlEscape(transition.to)}">` +
        `<path d="${pathData(points)}" fill="none" stroke="${isTaken ? '#2563eb' : '#334155'}" stroke-width="${isTaken ? 2.4 : 1.2}"${transition.workflowWide ? ' stroke-dasharray="4 3"' : ''} marker-end="url(#${isTaken ? 'arrow-taken' : 'arrow'})"/>` +
        `<rect x="${round(label.x - (textWidth(transition.label) + 8) / 2)}" y="${round(label.y - (LINE + 4) / 2)}" width="${round(textWidth(transition.label) + 8)}" height="${LINE + 4}" rx="3" fill="#ffffff" fill-opacity="0.9"/>` +
        `<text x="${round(label.x)}" y="${round(label.y + 4)}" text-anchor="middle" fill="${isTaken ? '#1d4ed8' : '#334155'}">${xmlEscape(transition.label)}</text>` +
        '</g>',
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
