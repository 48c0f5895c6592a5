/**
 * Parameter checking for rules: one shared Ajv instance, each rule declaring a JSON Schema for
 * its params, Ajv errors turned into `{path: 'quorum.denominator', message}` problems.
 */
import { Ajv, type ErrorObject, type SchemaObject } from 'ajv';
import type { JsonValue } from '../definition/json.js';
import type { ParamProblem } from './rule.js';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });

/** Builds a `checkParams` from a schema plus cross-field checks run once the schema passes. */
export function paramsChecker<P>(
  schema: SchemaObject,
  crossCheck?: (params: P) => ParamProblem[],
): (params: JsonValue | undefined) => ParamProblem[] {
  const validate = ajv.compile(schema);
  return (params) => {
    // Omitted params are an empty object: rules whose params all have defaults accept that.
    const value = params === undefined ? {} : params;
    if (!validate(value)) return toProblems(validate.errors ?? []);
    return crossCheck ? crossCheck(value as P) : [];
  };
}

function toProblems(errors: readonly ErrorObject[]): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const problem = toProblem(error);
    const key = `${problem.path}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function toProblem(error: ErrorObject): ParamProblem {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: joinPath(path, String(params['missingProperty'])), message: 'is required' };
    case 'additionalProperties':
      return {
        path: joinPath(path, String(params['additionalProperty'])),
        message: 'is not a parameter of this rule',
      };
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'] : [];
      return {
        path,
        message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    }
    case 'uniqueItems':
      return { path, message: 'must not contain duplicates' };
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}

/** `/quorum/denominator` → `quorum.denominator`; `/required/1` → `required.1`. */
function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

export function joinPath(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

// Reusable schema fragments.

/** A non-empty list of distinct non-empty strings. */
export const distinctStrings: SchemaObject = {
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string', minLength: 1 },
};

/** Cross-field check for fractions: `numerator ≤ denominator`. */
export function checkProperFraction(
  fraction: { numerator: number; denominator: number } | null | undefined,
  path: string,
): ParamProblem[] {
  if (!fraction || fraction.numerator <= fraction.denominator) return [];
  return [
    {
      path: joinPath(path, 'numerator'),
      message: `must not exceed the denominator (${fraction.numerator}/${fraction.denominator} is more than the whole)`,
    },
  ];
}
