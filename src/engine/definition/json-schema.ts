/**
 * JSON Schema validation (Ajv, draft 2020-12, with formats) and the translation of Ajv's
 * errors into located, plain-words problems.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives as the module object under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
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
