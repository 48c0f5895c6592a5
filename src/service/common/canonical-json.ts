/**
 * The one canonical JSON (RFC 8785, JCS) and SHA-256 of the service: the hash chains of the case
 * history and of the system log, digests, content hashes of definitions and calendars, and the
 * request hash of an Idempotency-Key all go through these two functions.
 */
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';

// canonicalize is CommonJS; under NodeNext its default import is the module object.
const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ??
  canonicalizeModule) as (value: unknown) => string | undefined;

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no JSON representation');
  return text;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
