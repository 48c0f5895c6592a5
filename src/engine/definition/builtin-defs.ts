/**
 * Built-in `$defs`: JSON Schemas the format and the rules offer every definition, so that a
 * definition writes `{ $ref: 'cadreflow:defs/cadre' }` instead of copying the cadre's schema.
 * The format offers SPEC §4.2's standard payloads; each rule offers what it reads (`vote` the
 * tally, `eligibility` the cadre and the freeze), built from the lists it checks against.
 *
 * Only documents of format version 2 may use them. Such a document is resolved before anything
 * else: each built-in it uses (and those they use) is copied into its `$defs` under its name,
 * and each reference becomes `#/$defs/<name>`. The resolved document is what is validated,
 * compiled, published and hashed, so a published version is self-contained: it loads, and keeps
 * its content hash, whatever the library becomes. A document without built-in references —
 * every document of format version 1 — comes back as the very same object.
 */
import { ruleRegistry } from '../rules/index.js';
import type { RuleRegistry } from '../rules/rule.js';
import { isJsonObject, jsonEquals, ownValue, type JsonObject, type JsonValue } from './json.js';
import {
  joinKey,
  SCHEMA_KEYWORDS,
  SCHEMA_LIST_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
} from './json-schema.js';
import type { DefinitionFormatVersion } from './workflow-definition.js';

/** The format version that adds the built-in `$defs`. */
export const BUILTIN_DEFS_FORMAT_VERSION: DefinitionFormatVersion = 2;

export const BUILTIN_REF_PREFIX = 'cadreflow:';
const BUILTIN_REF = /^cadreflow:defs\/([A-Za-z][A-Za-z0-9_]{0,63})$/;

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });
const civilDate = { type: 'string', format: 'date' };

// SPEC §4.2: the payloads of RETURN / REJECT / WITHDRAW, HEAD_DECIDE and ISSUE_DECISION.
const FORMAT_DEFS: Readonly<Record<string, JsonObject>> = {
  reason: {
    type: 'object',
    required: ['reason'],
    additionalProperties: false,
    properties: { reason: text(4000) },
  },
  headDecision: {
    type: 'object',
    required: ['outcome', 'justification'],
    additionalProperties: false,
    properties: {
      outcome: { enum: ['approve', 'reject'] },
      // SPEC §4.2: after a tie between candidates, the one the head picks (a list when several
      // posts are open); the tieBreak rule requires it when more are tied than posts.
      chosen: {
        oneOf: [
          text(200),
          { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: text(200) },
        ],
      },
      justification: text(4000),
      dissentingOpinions: {
        type: 'array',
        items: { type: 'string', maxLength: 4000 },
        maxItems: 200,
      },
    },
  },
  decision: {
    type: 'object',
    required: ['decisionNumber', 'signedOn', 'effectiveOn'],
    additionalProperties: false,
    properties: { decisionNumber: text(200), signedOn: civilDate, effectiveOn: civilDate },
  },
};

const libraries = new WeakMap<RuleRegistry, ReadonlyMap<string, JsonObject>>();

/** Every built-in schema by name: the format's, then each rule's `defs`, in registry order. */
export function builtinDefs(rules: RuleRegistry = ruleRegistry): ReadonlyMap<string, JsonObject> {
  let library = libraries.get(rules);
  if (!library) {
    const offered = new Map<string, JsonObject>();
    const sources = [
      Object.entries(FORMAT_DEFS),
      ...[...rules.values()].map((rule) => Object.entries(rule.defs ?? {})),
    ];
    for (const [name, schema] of sources.flat()) {
      if (offered.has(name)) throw new Error(`the built-in $defs ${name} is offered twice`);
      offered.set(name, schema);
    }
    library = offered;
    libraries.set(rules, library);
  }
  return library;
}

/** A built-in reference that cannot be resolved, located like every definition problem. */
export interface BuiltinRefProblem {
  readonly code: 'UNKNOWN_DEF' | 'BAD_SCHEMA';
  readonly path: string;
  readonly message: string;
  readonly state?: string;
  readonly event?: string;
}

export interface ResolvedDocument {
  /** The document with built-ins in its `$defs`; the input itself when it uses none. */
  readonly document: unknown;
  /** References that could not be resolved (each dropped, so the rest can still be checked). */
  readonly problems: readonly BuiltinRefProblem[];
}

/** What a reference becomes: a new `$ref`, `null` to drop it, `undefined` to keep it. */
type RefRewrite = (ref: string, path: string) => string | null | undefined;

/** Rewrites the `$ref`s of a schema (only where a keyword holds a schema); shares what is unchanged. */
function mapRefs(node: JsonValue, at: string, rewrite: RefRewrite): JsonValue {
  if (Array.isArray(node)) {
    const items = node.map((item, index) => mapRefs(item, `${at}[${index}]`, rewrite));
    return items.some((item, index) => item !== node[index]) ? items : node;
  }
  if (!isJsonObject(node)) return node;
  let copy: JsonObject | null = null;
  for (const [keyword, value] of Object.entries(node)) {
    const here = joinKey(at, keyword);
    let next: JsonValue | null | undefined = value;
    if ((keyword === '$ref' || keyword === '$dynamicRef') && typeof value === 'string') {
      const rewritten = rewrite(value, here);
      next = rewritten === undefined ? value : rewritten;
    } else if (SCHEMA_MAP_KEYWORDS.has(keyword) && isJsonObject(value)) {
      next = mapMembers(value, (schema, name) => mapRefs(schema, joinKey(here, name), rewrite));
    } else if (SCHEMA_KEYWORDS.has(keyword) || SCHEMA_LIST_KEYWORDS.has(keyword)) {
      next = mapRefs(value, here, rewrite);
    }
    if (next === value) continue;
    copy ??= { ...node };
    if (next === null) delete copy[keyword];
    else copy[keyword] = next;
  }
  return copy ?? node;
}

function mapMembers(
  record: JsonObject,
  map: (value: JsonValue, key: string) => JsonValue,
): JsonObject {
  let copy: JsonObject | null = null;
  for (const [key, value] of Object.entries(record)) {
    const next = map(value, key);
    if (next === value) continue;
    copy ??= { ...record };
    copy[key] = next;
  }
  return copy ?? record;
}

interface Place {
  /** How a message names the schema, e.g. `the payload schema of event SUBMIT in state "a"`. */
  readonly schema: string;
  readonly state?: string;
  readonly event?: string;
}

/**
 * Resolves a document's built-in `$defs` references (format version 2). Never throws for a bad
 * document: an unknown built-in, a built-in in a format 1 document, or a built-in whose name the
 * document's own `$defs` already uses differently is a located problem.
 */
export function resolveBuiltinDefs(
  input: unknown,
  rules: RuleRegistry = ruleRegistry,
): ResolvedDocument {
  if (!isJsonObject(input)) return { document: input, problems: [] };
  const library = builtinDefs(rules);
  const builtinsAllowed = input['formatVersion'] === BUILTIN_DEFS_FORMAT_VERSION;
  const problems: BuiltinRefProblem[] = [];
  const used = new Set<string>();

  const rewriteAt =
    (place: Place): RefRewrite =>
    (ref, path) => {
      if (!ref.startsWith(BUILTIN_REF_PREFIX)) return undefined;
      const located = {
        path,
        ...(place.state === undefined ? {} : { state: place.state }),
        ...(place.event === undefined ? {} : { event: place.event }),
      };
      const name = BUILTIN_REF.exec(ref)?.[1];
      if (!builtinsAllowed) {
        problems.push({
          code: 'BAD_SCHEMA',
          ...located,
          message: `${place.schema}: ${path} refers to the built-in ${JSON.stringify(ref)}, which needs formatVersion: ${BUILTIN_DEFS_FORMAT_VERSION}`,
        });
        return null;
      }
      if (name === undefined || !library.has(name)) {
        problems.push({
          code: 'UNKNOWN_DEF',
          ...located,
          message: `${place.schema}: ${path} refers to ${JSON.stringify(ref)}, which is not a built-in schema (cadreflow:defs/ followed by one of ${[...library.keys()].sort().join(', ')})`,
        });
        return null;
      }
      used.add(name);
      return `#/$defs/${name}`;
    };

  const resolved: JsonObject = { ...input };
  const ownDefs = input['$defs'];
  if (isJsonObject(ownDefs)) {
    resolved['$defs'] = mapMembers(ownDefs, (schema, name) =>
      mapRefs(schema, `$defs.${name}`, rewriteAt({ schema: `the shared schema $defs.${name}` })),
    );
  }
  for (const field of ['subject', 'data'] as const) {
    const schema = input[field];
    if (schema !== undefined)
      resolved[field] = mapRefs(schema, field, rewriteAt({ schema: `the ${field} schema` }));
  }
  const mapOn = (
    on: JsonValue | undefined,
    base: string,
    state?: string,
  ): JsonValue | undefined => {
    if (!isJsonObject(on)) return on;
    return mapMembers(on, (transition, event) => {
      if (!isJsonObject(transition) || transition['payload'] === undefined) return transition;
      const where = state === undefined ? 'the workflow (every state)' : `state "${state}"`;
      const payload = mapRefs(
        transition['payload'],
        `${joinKey(base, 'on')}.${event}.payload`,
        rewriteAt({
          schema: `the payload schema of event ${event} in ${where}`,
          event,
          ...(state === undefined ? {} : { state }),
        }),
      );
      return payload === transition['payload'] ? transition : { ...transition, payload };
    });
  };
  const mapStates = (
    states: JsonValue | undefined,
    base: string,
    parent?: string,
  ): JsonValue | undefined => {
    if (!isJsonObject(states)) return states;
    return mapMembers(states, (state, key): JsonValue => {
      if (!isJsonObject(state)) return state;
      const path = joinKey(base, `states.${key}`);
      const id = parent === undefined ? key : `${parent}.${key}`;
      const on = mapOn(state['on'], path, id);
      const children = mapStates(state['states'], path, id);
      if (on === state['on'] && children === state['states']) return state;
      return {
        ...state,
        ...(on === undefined ? {} : { on }),
        ...(children === undefined ? {} : { states: children }),
      };
    });
  };
  const on = mapOn(input['on'], '');
  if (on !== undefined) resolved['on'] = on;
  const states = mapStates(input['states'], '');
  if (states !== undefined) resolved['states'] = states;

  if (used.size === 0 && problems.length === 0) return { document: input, problems };

  // The built-ins used, and those they use in turn (cadre → freeze), resolved the same way.
  const builtins = new Map<string, JsonValue>();
  const pending = [...used];
  for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
    if (builtins.has(name)) continue;
    const schema = library.get(name) as JsonObject;
    const copy = mapRefs(structuredClone(schema), `cadreflow:defs/${name}`, (ref) => {
      if (!ref.startsWith(BUILTIN_REF_PREFIX)) return undefined;
      const target = BUILTIN_REF.exec(ref)?.[1];
      if (target === undefined || !library.has(target))
        throw new Error(`the built-in $defs ${name} refers to ${ref}, which is not built in`);
      pending.push(target);
      return `#/$defs/${target}`;
    });
    builtins.set(name, copy);
  }
  const defs: JsonObject = isJsonObject(resolved['$defs']) ? { ...resolved['$defs'] } : {};
  for (const name of [...builtins.keys()].sort()) {
    const schema = builtins.get(name) as JsonValue;
    const own = ownValue(defs, name);
    if (own === undefined) defs[name] = schema;
    else if (!jsonEquals(own, schema)) {
      problems.push({
        code: 'BAD_SCHEMA',
        path: `$defs.${name}`,
        message: `the shared schema $defs.${name}: the built-in cadreflow:defs/${name}, which the definition uses (directly or through another built-in), is copied there when resolved, and the definition has another schema under that name: rename its own`,
      });
    }
  }
  resolved['$defs'] = defs;
  return { document: resolved, problems };
}
