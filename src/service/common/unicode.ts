import { isUtf8 } from 'node:buffer';
import type { ValidationProblem } from './validation.js';

/**
 * Text of the legal record must be well-formed Unicode: a lone surrogate (`"\ud800"` in JSON)
 * cannot be stored as it is (a database driver turns it into U+FFFD, and the history's hash,
 * computed over the original, would then never verify again), so it is refused at the door.
 * Node 20 has `String.prototype.isWellFormed`; TypeScript's ES2023 library does not know it yet.
 */
export const isWellFormedText = (text: string): boolean =>
  (text as string & { isWellFormed(): boolean }).isWellFormed();

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text fit for a message: lone surrogates and U+0000 written as `\uXXXX` escapes. */
export const printable = (text: string): string =>
  text
    .replace(LONE_SURROGATE, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replaceAll('\u0000', '\\u0000');

export const WELL_FORMED_MESSAGE =
  'must be well-formed Unicode (no lone surrogate, no invalid UTF-8)';

/** The bytes a percent-encoded URL part stands for (raw characters as the latin1 bytes Node read). */
const percentDecodedBytes = (part: string): Buffer =>
  Buffer.from(
    part.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    ),
    'latin1',
  );

const decodedName = (name: string): string => {
  try {
    return printable(decodeURIComponent(name.replace(/\+/g, ' ')));
  } catch {
    return name;
  }
};

/**
 * The parts of a request URL (as received: `request.raw.url`) whose percent-decoded bytes are not
 * UTF-8: the path (`path`) and each query value or name (`query.<name>`). Fastify's query parser
 * would otherwise turn them into U+FFFD or keep them undecoded, silently.
 */
export const urlUnicodeProblems = (url: string): ValidationProblem[] => {
  const problems: ValidationProblem[] = [];
  const question = url.indexOf('?');
  const path = question === -1 ? url : url.slice(0, question);
  if (!isUtf8(percentDecodedBytes(path))) {
    problems.push({
      path: 'path',
      constraint: 'isWellFormedUnicode',
      message: `the URL path ${WELL_FORMED_MESSAGE}`,
    });
  }
  if (question === -1) return problems;
  for (const pair of url.slice(question + 1).split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = equals === -1 ? pair : pair.slice(0, equals);
    const value = equals === -1 ? '' : pair.slice(equals + 1);
    if (isUtf8(percentDecodedBytes(name)) && isUtf8(percentDecodedBytes(value))) continue;
    const where = `query.${decodedName(name)}`;
    problems.push({
      path: where,
      constraint: 'isWellFormedUnicode',
      message: `${where} ${WELL_FORMED_MESSAGE}`,
    });
  }
  return problems;
};
