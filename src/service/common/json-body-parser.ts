import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import { nulCharacterAt, nulCharacterError } from './nul-characters.js';

type ParserDone = (error: Error | null, body?: unknown) => void;
type BufferParser = (request: FastifyRequest, body: Buffer, done: ParserDone) => void;

/** Keys that reach, or name, an object's prototype: refused anywhere in a body. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How deeply a body may nest arrays and objects. The deepest legitimate body, a workflow
 * definition with nested states and payload schemas, stays far below; a deeper one would only
 * make the validators recurse (and, deep enough, overflow the stack).
 */
export const MAX_JSON_DEPTH = 64;

const FORBIDDEN_KEY_MESSAGE =
  'the body contains a forbidden key (__proto__, constructor or prototype)';

const parsesAsJson = (body: Buffer): boolean => {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
};

/** The first problem of a parsed body (a forbidden key or too deep a nesting), if any. */
export const bodyProblem = (value: unknown): AppError | undefined => {
  // Iterative, so that the check itself cannot overflow the stack on a hostile body.
  const pending: Array<{ value: unknown; depth: number; path: string }> = [
    { value, depth: 0, path: '' },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > MAX_JSON_DEPTH) {
      return new AppError(
        'VALIDATION_FAILED',
        `the body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`,
        { maxDepth: MAX_JSON_DEPTH },
      );
    }
    if (Array.isArray(next.value)) {
      next.value.forEach((item, index) =>
        pending.push({ value: item, depth, path: `${next.path}/${index}` }),
      );
      continue;
    }
    for (const [key, item] of Object.entries(next.value)) {
      const path = `${next.path}/${key}`;
      if (FORBIDDEN_KEYS.has(key)) {
        return new AppError('VALIDATION_FAILED', `${FORBIDDEN_KEY_MESSAGE} at ${path}`, {
          path,
        });
      }
      pending.push({ value: item, depth, path });
    }
  }
  return undefined;
};

/**
 * Fastify's JSON parser with prototype-poisoning protection (`__proto__` and
 * `constructor.prototype` keys are refused), a clearer message when that, rather than the
 * syntax, is why a body was refused (Fastify reports both as FST_ERR_CTP_INVALID_JSON_BODY),
 * and then a walk that also refuses `constructor` and `prototype` keys at any depth (no body of
 * the API needs them, and a payload stored with them could pollute whoever merges it later)
 * and bodies nested deeper than MAX_JSON_DEPTH, and strings with U+0000 (see nul-characters).
 */
export const createJsonBodyParser = (instance: FastifyInstance): BufferParser => {
  // Fastify's parser takes the buffer as well as a string (Nest's adapter uses it so).
  const parse = instance.getDefaultJsonParser('error', 'error') as unknown as BufferParser;
  return (request, body, done) => {
    parse(request, body, (error, value) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' && parsesAsJson(body)) {
        done(new AppError('VALIDATION_FAILED', FORBIDDEN_KEY_MESSAGE));
        return;
      }
      if (error) {
        done(error);
        return;
      }
      const problem = bodyProblem(value);
      if (problem) {
        done(problem);
        return;
      }
      const nulAt = nulCharacterAt(value, 'body');
      if (nulAt !== undefined) done(nulCharacterError(nulAt));
      else done(null, value);
    });
  };
};
