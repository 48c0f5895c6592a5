import type { FastifyReply } from 'fastify';
import {
  toMermaid,
  toSvg,
  type CompiledWorkflow,
  type DiagramHighlight,
} from '../../engine/index.js';
import { invalidField } from '../common/validation.js';
import { messages } from '../common/messages.js';

export const DIAGRAM_FORMATS = ['mermaid', 'svg'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** `?format=`: `mermaid` (the default) or `svg`; anything else is a 400. */
export function diagramFormat(value: unknown): DiagramFormat {
  if (value === undefined || value === '') return 'mermaid';
  if (typeof value === 'string' && (DIAGRAM_FORMATS as readonly string[]).includes(value)) {
    return value as DiagramFormat;
  }
  throw invalidField('format', 'isIn', messages.diagramFormat());
}

/** Renders the diagram and sets the response's content type (the handler returns the text). */
export function renderDiagram(
  reply: FastifyReply,
  format: DiagramFormat,
  compiled: CompiledWorkflow,
  highlight: DiagramHighlight = {},
): string {
  reply.header('X-Content-Type-Options', 'nosniff');
  if (format === 'svg') {
    reply.header('Content-Type', 'image/svg+xml; charset=utf-8');
    // Opened directly in a browser, the SVG may not run anything (it contains no script anyway).
    reply.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return toSvg(compiled, highlight);
  }
  reply.header('Content-Type', 'text/plain; charset=utf-8');
  return toMermaid(compiled, highlight);
}
