/** Resolution of `{ $param: name }` references against a definition's top-level `parameters`. */
import { isJsonObject, type JsonValue } from './json.js';

export interface MissingParameter {
  /** Where the reference stands, relative to the value resolved. */
  readonly path: string;
  readonly name: string;
}

function isParameterReference(value: JsonValue): value is { $param: string } {
  return (
    isJsonObject(value) && Object.keys(value).length === 1 && typeof value['$param'] === 'string'
  );
}

/** Replaces every reference inside `value`; reports the names that `parameters` lacks. */
export function resolveParameters(
  value: JsonValue,
  parameters: Readonly<Record<string, JsonValue>>,
): { value: JsonValue; missing: MissingParameter[] } {
  const missing: MissingParameter[] = [];
  const walk = (node: JsonValue, path: string): JsonValue => {
    if (isParameterReference(node)) {
      const name = node.$param;
      if (!Object.prototype.hasOwnProperty.call(parameters, name)) {
        missing.push({ path, name });
        return null;
      }
      return parameters[name] as JsonValue;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${path}[${index}]`));
    if (isJsonObject(node)) {
      return Object.fromEntries(
        Object.entries(node).map(([key, item]) => [key, walk(item, path ? `${path}.${key}` : key)]),
      );
    }
    return node;
  };
  return { value: walk(value, ''), missing };
}

/** Every parameter name referenced anywhere inside `value`. */
export function referencedParameters(value: JsonValue): string[] {
  const names: string[] = [];
  const walk = (node: JsonValue): void => {
    if (isParameterReference(node)) names.push(node.$param);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (isJsonObject(node)) Object.values(node).forEach(walk);
  };
  walk(value);
  return names;
}
