import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AppError } from './app-error.js';
import { isWellFormedText, printable, WELL_FORMED_MESSAGE } from './unicode.js';
import { invalidField, validationFailed, type ValidationProblem } from './validation.js';
import { messages } from './messages.js';

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

const FORBIDDEN_KEY_MESSAGE = messages.forbiddenKey();

const FORBIDDEN_KEY_PROBLEM =
  'is a forbidden key (__proto__, constructor and prototype are refused anywhere in a body)';

const parsesAsJson = (body: Buffer): boolean => {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
};

type JsonContainer = Record<string, unknown> | unknown[];

/** An array or object met in the walk, with how it was reached (for a path, built on demand). */
interface Frame {
  value: JsonContainer;
  depth: number;
  parent: Frame | undefined;
  /** Its index in the parent array, or its key in the parent object. */
  key: number | string;
}

/** `subject.candidates[0].id`, as class-validator's paths are written; `body` for the body. */
const pathOf = (frame: Frame | undefined, last?: number | string): string => {
  const keys: Array<number | string> = last === undefined ? [] : [last];
  for (let at = frame; at?.parent !== undefined; at = at.parent) keys.push(at.key);
  let path = '';
  for (const key of keys.reverse()) {
    if (typeof key === 'number') path = `${path}[${key}]`;
    else path = path === '' ? printable(key) : `${path}.${printable(key)}`;
  }
  return path === '' ? 'body' : path;
};

const problem = (path: string, constraint: string, message: string): ValidationProblem => ({
  path,
  constraint,
  message: `${path} ${message}`,
});

/** What is wrong with one string of the body (a value or a key), if anything. */
const textProblem = (text: string, path: () => string): ValidationProblem | undefined => {
  if (!isWellFormedText(text)) return problem(path(), 'isWellFormedUnicode', WELL_FORMED_MESSAGE);
  if (text.includes('\u0000')) {
    return problem(
      path(),
      'noNulCharacter',
      'contains a NUL character (U+0000), which no field accepts',
    );
  }
  return undefined;
};

/** A leaf of the body, checked and (a string) in NFC; a problem instead when it is refused. */
const leaf = (
  value: unknown,
  path: () => string,
): { value: unknown; problem?: undefined } | { problem: ValidationProblem } => {
  if (typeof value === 'string') {
    const wrong = textProblem(value, path);
    return wrong ? { problem: wrong } : { value: value.normalize('NFC') };
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return {
      problem: problem(path(), 'isFinite', 'must be a finite number (1e400 and the like are not)'),
    };
  }
  return { value };
};

/**
 * The body as it will be stored, or the first reason to refuse it. One iterative walk (a hostile
 * body cannot overflow the stack) that refuses keys reaching a prototype, nesting deeper than
 * MAX_JSON_DEPTH, U+0000, text that is not well-formed Unicode and numbers that are not finite,
 * and puts every string and key in Unicode NFC (SPEC §3.5: the hash is over exactly what is
 * stored and returned, whatever normalization the client's keyboard produced). A path is built
 * only for a problem. Arrays and objects are changed in place; an object whose keys change under
 * NFC is rebuilt (two keys equal after NFC are refused: which one would win?).
 */
export const checkBody = (body: unknown): { value: unknown } | { problem: AppError } => {
  const refuse = (found: ValidationProblem) => ({ problem: validationFailed([found]) });
  if (typeof body !== 'object' || body === null) {
    const checked = leaf(body, () => 'body');
    return checked.problem ? refuse(checked.problem) : { value: checked.value };
  }
  const root: Frame = { value: body as JsonContainer, depth: 1, parent: undefined, key: '' };
  const pending: Frame[] = [root];
  for (let frame = pending.pop(); frame !== undefined; frame = pending.pop()) {
    if (frame.depth > MAX_JSON_DEPTH) {
      return refuse(
        problem(
          pathOf(frame),
          'maxDepth',
          `nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`,
        ),
      );
    }
    const container = frame.value;
    const depth = frame.depth + 1;
    if (Array.isArray(container)) {
      for (let index = 0; index < container.length; index += 1) {
        const item: unknown = container[index];
        if (typeof item === 'object' && item !== null) {
          pending.push({ value: item as JsonContainer, depth, parent: frame, key: index });
          continue;
        }
        const checked = leaf(item, () => pathOf(frame, index));
        if (checked.problem) return refuse(checked.problem);
        if (checked.value !== item) container[index] = checked.value;
      }
      continue;
    }
    let renamed = false;
    for (const key of Object.keys(container)) {
      if (FORBIDDEN_KEYS.has(key)) {
        return refuse(problem(pathOf(frame, key), 'noForbiddenKey', FORBIDDEN_KEY_PROBLEM));
      }
      const wrong = textProblem(key, () => pathOf(frame, key));
      if (wrong) return refuse(wrong);
      if (key.normalize('NFC') !== key) renamed = true;
    }
    let object = container;
    if (renamed) {
      object = {};
      for (const [key, item] of Object.entries(container)) {
        const normal = key.normalize('NFC');
        if (Object.hasOwn(object, normal)) {
          return refuse(
            problem(
              pathOf(frame, normal),
              'uniqueKeysAfterNfc',
              'is given twice (the same key in NFC and in another form)',
            ),
          );
        }
        object[normal] = item;
      }
      if (frame.parent === undefined) root.value = object;
      else (frame.parent.value as Record<string | number, unknown>)[frame.key] = object;
      frame.value = object;
    }
    for (const key of Object.keys(object)) {
      const item = object[key];
      if (typeof item === 'object' && item !== null) {
        pending.push({ value: item as JsonContainer, depth, parent: frame, key });
        continue;
      }
      const checked = leaf(item, () => pathOf(frame, key));
      if (checked.problem) return refuse(checked.problem);
      if (checked.value !== item) object[key] = checked.value;
    }
  }
  return { value: root.value };
};

const notUtf8 = (): AppError => invalidField('body', 'isUtf8', messages.bodyNotUtf8());

/**
 * Fastify's JSON parser with prototype-poisoning protection (`__proto__` and
 * `constructor.prototype` keys are refused), a clearer message when that, rather than the
 * syntax, is why a body was refused (Fastify reports both as FST_ERR_CTP_INVALID_JSON_BODY).
 * Before parsing, a body that is not UTF-8 is refused (decoding would silently turn the bad
 * bytes into U+FFFD); after, `checkBody` walks it once. A body for an unknown route (404) is
 * not parsed at all.
 */
export const createJsonBodyParser = (instance: FastifyInstance): BufferParser => {
  // Fastify's parser takes the buffer as well as a string (Nest's adapter uses it so).
  const parse = instance.getDefaultJsonParser('error', 'error') as unknown as BufferParser;
  return (request, body, done) => {
    if (request.is404) {
      done(null, undefined);
      return;
    }
    if (!isUtf8(body)) {
      done(notUtf8());
      return;
    }
    parse(request, body, (error, value) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' && parsesAsJson(body)) {
        done(invalidField('body', 'noForbiddenKey', FORBIDDEN_KEY_MESSAGE));
        return;
      }
      if (error) {
        done(error);
        return;
      }
      const checked = checkBody(value);
      if ('problem' in checked) done(checked.problem);
      else done(null, checked.value);
    });
  };
};
