/**
 * The one canonical JSON (RFC 8785, JCS) and SHA-256 of the service: the hash chains of the case
 * history and of the system log, digests, content hashes of definitions and calendars, and the
 * request hash of an Idempotency-Key all go through these two functions.
 *
 * `canonicalJson` is a single pass over JSON values (strings and finite numbers as
 * `JSON.stringify` writes them, object keys sorted by UTF-16 code units, as JCS says). Anything
 * that is not plain JSON — `toJSON`, `undefined` or a symbol where a value is expected, a sparse
 * array, a non-finite number — goes to the `canonicalize` package, the reference this is checked
 * against (test/service/common/canonical-json.property.spec.ts): the output is the same for every
 * input, only faster for the inputs the service has.
 */
import { hash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';

// canonicalize is CommonJS; under NodeNext its default import is the module object.
const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ??
  canonicalizeModule) as (value: unknown) => string | undefined;

/**
 * Thrown inside a fast pass when the value needs the reference implementation; the pass's caller
 * catches it and takes the general path. Made once: throwing it builds no stack.
 */
export const NOT_PLAIN = new Error('not plain JSON');

const { isArray } = Array;
const stringify = JSON.stringify;

// A string without a quote, a backslash, a control character (C0 and C1: more than JSON escapes)
// or a lone surrogate is written as is between quotes, exactly as JSON.stringify would (and
// faster); any other goes to it.
const NEEDS_ESCAPE = /["\\\p{Cc}\p{Cs}]/u;
const quote = (text: string): string => (NEEDS_ESCAPE.test(text) ? stringify(text) : `"${text}"`);

/** An object's keys in JCS order (UTF-16 code units): usually few, and often sorted already. */
const sortedKeys = (record: object): string[] => {
  const keys = Object.keys(record);
  const count = keys.length;
  for (let i = 1; i < count; i += 1) {
    if ((keys[i - 1] as string) <= (keys[i] as string)) continue;
    if (count > 16) return keys.sort();
    // Insertion sort from the first key out of order (`<` compares code units, as sort() does).
    for (let j = i; j < count; j += 1) {
      const key = keys[j] as string;
      let k = j - 1;
      while (k >= 0 && (keys[k] as string) > key) {
        keys[k + 1] = keys[k] as string;
        k -= 1;
      }
      keys[k + 1] = key;
    }
    break;
  }
  return keys;
};

/** The canonical text of a plain JSON value, or NOT_PLAIN (thrown) for anything else. */
export function plainCanonical(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      if (!Number.isFinite(value)) throw NOT_PLAIN;
      return stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (isArray(value)) {
        const length = value.length;
        let text = '[';
        for (let i = 0; i < length; i += 1) {
          if (!(i in value)) throw NOT_PLAIN;
          const item: unknown = value[i];
          if (i > 0) text += ',';
          text += item === undefined || typeof item === 'symbol' ? 'null' : plainCanonical(item);
        }
        return `${text}]`;
      }
      const record = value as Record<string, unknown>;
      if (typeof record['toJSON'] === 'function') throw NOT_PLAIN;
      const keys = sortedKeys(record);
      let text = '{';
      let first = true;
      for (const key of keys) {
        const item = record[key];
        if (item === undefined || typeof item === 'symbol') continue;
        if (first) first = false;
        else text += ',';
        text += `${quote(key)}:${plainCanonical(item)}`;
      }
      return `${text}}`;
    }
    default:
      throw NOT_PLAIN;
  }
}

/** RFC 8785 canonical JSON of `value` (throws when it has none). */
export function canonicalJson(value: unknown): string {
  try {
    return plainCanonical(value);
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
  }
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no JSON representation');
  return text;
}

/** SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits (one-shot `crypto.hash`). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}
