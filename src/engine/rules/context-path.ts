/**
 * Paths by which rule params point into what the case knows: `subject.cadre`,
 * `payload.exceptionRef`, `facts.nominees`, `data.x`. Segments are separated by dots; a numeric
 * segment indexes an array. Keys that themselves contain dots (state ids such as
 * `proposal.leadershipNomination.ballot` under `facts.votes`) are found too: at each object the
 * longest run of segments that names an own key wins.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../definition/json.js';
import type { RuleInput } from './rule.js';

export const CONTEXT_ROOTS = ['subject', 'data', 'facts', 'payload'] as const;
export type ContextRoot = (typeof CONTEXT_ROOTS)[number];

/** JSON Schema for a context path: a root followed by at least one field. */
export const contextPathSchema = {
  type: 'string',
  pattern: `^(${CONTEXT_ROOTS.join('|')})(\\.[^.]+)+$`,
} as const;

/** JSON Schema for a field (or dotted path) inside the event payload. */
export const payloadFieldSchema = {
  type: 'string',
  pattern: '^[^.]+(\\.[^.]+)*$',
} as const;

export function readJsonPath(root: JsonValue | undefined, path: string): JsonValue | undefined {
  const segments = path.split('.');
  let value: JsonValue | undefined = root;
  let index = 0;
  while (index < segments.length) {
    const segment = segments[index] ?? '';
    if (Array.isArray(value)) {
      value = /^\d+$/.test(segment) ? value[Number(segment)] : undefined;
      index += 1;
    } else if (isJsonObject(value)) {
      const object: JsonObject = value;
      let length = segments.length - index;
      while (
        length > 0 &&
        !Object.hasOwn(object, segments.slice(index, index + length).join('.'))
      ) {
        length -= 1;
      }
      if (length === 0) return undefined;
      value = object[segments.slice(index, index + length).join('.')];
      index += length;
    } else {
      return undefined;
    }
  }
  return value;
}

/** Reads `subject.…`, `data.…`, `facts.…` or `payload.…` from a rule's input. */
export function readContextPath(input: RuleInput<unknown>, path: string): JsonValue | undefined {
  const dot = path.indexOf('.');
  const root = dot < 0 ? path : path.slice(0, dot);
  const rest = dot < 0 ? '' : path.slice(dot + 1);
  const base = rootObject(input, root);
  if (base === undefined) return undefined;
  return rest === '' ? base : readJsonPath(base, rest);
}

function rootObject(input: RuleInput<unknown>, root: string): JsonObject | undefined {
  switch (root) {
    case 'subject':
      return input.context.subject;
    case 'data':
      return input.context.data;
    case 'facts':
      return input.context.facts;
    case 'payload':
      return input.event.payload;
    default:
      return undefined;
  }
}

/** Reads a field (or dotted path) of the event payload. */
export function readPayloadField(input: RuleInput<unknown>, field: string): JsonValue | undefined {
  return readJsonPath(input.event.payload, field);
}

/** Ids listed in a value: an array of ids, or of objects with an `id`; undefined otherwise. */
export function idsOf(value: JsonValue | undefined): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const ids: string[] = [];
  for (const item of value) {
    const id = isJsonObject(item) ? item['id'] : item;
    if (typeof id !== 'string' || id.trim() === '') return undefined;
    ids.push(id);
  }
  return ids;
}
