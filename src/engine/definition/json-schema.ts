/**
 * JSON Schema validation (Ajv, draft 2020-12, with formats) and the translation of Ajv's
 * errors into located, plain-words problems.
 *
 * Schemas written by admins (a definition's payload, subject and data schemas) are compiled by
 * `createDefinitionAjv`: one Ajv per definition, so nothing accumulates in a shared cache across
 * validate calls, and every `pattern` / `patternProperties` evaluated by RE2 (linear time, no
 * catastrophic backtracking). `checkDefinitionSchema` refuses, with their location, what such a
 * schema may not contain: an `$id`, a foreign `$schema`, a `$ref` outside the definition, or a
 * pattern RE2 cannot run (backreferences, lookaround).
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { RegExpEngine } from 'ajv/dist/types/index.js';
import addFormatsModule from 'ajv-formats';
import { RE2 } from 're2-wasm';
import { isJsonObject } from './json.js';

// ajv-formats is CommonJS; its default export arrives as the module object under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const longLived = new Set<Ajv2020>();

/**
 * For the service's own, fixed schemas (definition structure, request bodies), compiled once at
 * module load: the instance lives as long as the process. Admins' schemas go through
 * `createDefinitionAjv`.
 */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  longLived.add(ajv);
  return ajv;
}

/**
 * How many schemas the long-lived Ajv instances hold compiled. Validating or compiling a
 * definition must leave it unchanged (an admin's schemas are never compiled by them).
 */
export function longLivedSchemaCount(): number {
  let count = 0;
  for (const ajv of longLived) {
    const cache = (ajv as unknown as { _cache?: unknown })._cache;
    count += cache instanceof Map ? cache.size : 0;
    count += Object.keys(ajv.schemas).length;
  }
  return count;
}

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

// One RE2 per distinct pattern, shared by every definition's Ajv: an RE2 used with the `u` flag
// alone keeps no state between `test` calls. Bounded, oldest first out.
const MAX_CACHED_PATTERNS = 2048;
const patternCache = new Map<string, RE2 | Error>();

function compilePattern(pattern: string): RE2 | Error {
  const cached = patternCache.get(pattern);
  if (cached !== undefined) return cached;
  let compiled: RE2 | Error;
  try {
    compiled = new RE2(pattern, 'u');
  } catch (error) {
    compiled = error instanceof Error ? error : new Error(String(error));
  }
  if (patternCache.size >= MAX_CACHED_PATTERNS) {
    const oldest = patternCache.keys().next().value;
    if (oldest !== undefined) patternCache.delete(oldest);
  }
  patternCache.set(pattern, compiled);
  return compiled;
}

/** Why RE2 cannot run `pattern` (backreference, lookaround, bad syntax), or null if it can. */
export function unsupportedPattern(pattern: string): string | null {
  const compiled = compilePattern(pattern);
  if (!(compiled instanceof Error)) return null;
  // re2-wasm: "Invalid regular expression: /(?=a)/u: invalid perl operator: (?="
  const reason = compiled.message.replace(/^Invalid regular expression: \/.*\/u: /s, '');
  return `${reason} (patterns run on a linear-time engine: backreferences and lookaround are not supported)`;
}

const re2Engine: RegExpEngine = Object.assign(
  (pattern: string): { test: (value: string) => boolean } => {
    const compiled = compilePattern(pattern);
    if (compiled instanceof Error) throw compiled;
    return compiled;
  },
  { code: 're2-wasm' },
);

/**
 * The Ajv for one definition's schemas. Schemas are checked beforehand by
 * `checkDefinitionSchema` (which validates them against the draft 2020-12 meta-schema), so this
 * instance does not compile the meta-schema again.
 */
export function createDefinitionAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    allowUnionTypes: true,
    validateSchema: false,
    addUsedSchema: false,
    code: { regExp: re2Engine },
  });
  addFormats(ajv);
  return ajv;
}

// Validates admins' schemas against the meta-schema; `validateSchema` reads the compiled
// meta-schema and stores nothing of the schema it checks.
const metaAjv = createAjv();

// Keywords whose value is a schema, a list of schemas, or a map of names to schemas (draft
// 2020-12 plus the older spellings Ajv still reads); every other keyword holds data.
export const SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
]);
export const SCHEMA_LIST_KEYWORDS: ReadonlySet<string> = new Set([
  'allOf',
  'anyOf',
  'oneOf',
  'prefixItems',
  'items',
]);
export const SCHEMA_MAP_KEYWORDS: ReadonlySet<string> = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'dependencies',
]);

export function joinKey(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * What an admin's schema (at `path` in the definition) may not contain, located: `$id` (it
 * would register the schema globally), a `$schema` other than draft 2020-12, a `$ref` or
 * `$dynamicRef` outside the definition, a `pattern` or `patternProperties` key RE2 cannot run,
 * and anything the draft 2020-12 meta-schema refuses.
 */
export function checkDefinitionSchema(schema: unknown, path: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, `${at}[${index}]`));
      return;
    }
    if (!isJsonObject(node)) return;
    for (const [keyword, value] of Object.entries(node)) {
      const here = joinKey(at, keyword);
      if (keyword === '$id') {
        problems.push({
          path: here,
          message:
            'is not allowed: a definition schema is identified by where it is in the definition',
        });
      } else if (keyword === '$schema' && value !== DRAFT_2020_12) {
        problems.push({ path: here, message: `must be ${DRAFT_2020_12} or left out` });
      } else if (
        (keyword === '$ref' || keyword === '$dynamicRef') &&
        typeof value === 'string' &&
        !value.startsWith('#')
      ) {
        problems.push({
          path: here,
          message: `must refer inside the definition ("#/$defs/…"), not to ${JSON.stringify(value)}`,
        });
      } else if (keyword === 'pattern' && typeof value === 'string') {
        const reason = unsupportedPattern(value);
        if (reason !== null) problems.push({ path: here, message: `cannot be used: ${reason}` });
      } else if (SCHEMA_MAP_KEYWORDS.has(keyword) && isJsonObject(value)) {
        for (const [name, subschema] of Object.entries(value)) {
          if (keyword === 'patternProperties') {
            const reason = unsupportedPattern(name);
            if (reason !== null) {
              problems.push({
                path: joinKey(here, name),
                message: `cannot be used as a pattern: ${reason}`,
              });
            }
          }
          walk(subschema, joinKey(here, name));
        }
      } else if (SCHEMA_LIST_KEYWORDS.has(keyword) && Array.isArray(value)) {
        walk(value, here);
      } else if (SCHEMA_KEYWORDS.has(keyword)) {
        walk(value, here);
      }
    }
  };
  walk(schema, path);
  if (problems.length > 0) return problems;
  if (!metaAjv.validateSchema(schema as object)) {
    // One problem per place: the meta-schema's alternatives (`anyOf`) each report a failure.
    const byPath = new Map<string, string[]>();
    for (const error of metaAjv.errors ?? []) {
      if (error.keyword === 'anyOf') continue;
      for (const problem of describeAjvErrors([error], path)) {
        byPath.set(problem.path, [...(byPath.get(problem.path) ?? []), problem.message]);
      }
    }
    return [...byPath].map(([at, messages]) => ({
      path: at,
      message: `${messages.join(', or ')} (JSON Schema draft 2020-12)`,
    }));
  }
  return [];
}

export interface SchemaProblem {
  /** Dotted path to the offending value, e.g. `states.proposal.on.SUBMIT.roles[0]`. */
  readonly path: string;
  readonly message: string;
}

/** Turns a JSON Pointer (`/states/proposal/on`) into a dotted path (`states.proposal.on`). */
export function pointerToPath(pointer: string, prefix = ''): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = prefix;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else path += path ? `.${segment}` : segment;
  }
  return path;
}

export function describeAjvErrors(
  errors: readonly ErrorObject[] | null | undefined,
  prefix = '',
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    // `oneOf` reports every failed branch and then itself; the branch errors say more.
    if (error.keyword === 'oneOf' || error.keyword === 'if') continue;
    let path = pointerToPath(error.instancePath, prefix);
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      path = path ? `${path}.${extra}` : extra;
      message = 'is not allowed here';
    } else if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      path = path ? `${path}.${missing}` : missing;
      message = 'is required';
    } else if (error.keyword === 'enum') {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      message = `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`;
    } else if (error.keyword === 'propertyNames') {
      const name = (error.params as { propertyName: string }).propertyName;
      path = path ? `${path}.${name}` : name;
      message = 'is not a valid name';
    }
    const key = `${path}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path: path || '(root)', message });
  }
  return problems;
}

export type { ValidateFunction };
