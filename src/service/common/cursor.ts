/**
 * The one cursor codec of the paged reads (cases, audit transitions, system log): a cursor is the
 * base64url of a JSON array holding the last item's keyset position. A cursor that is not one
 * this API returned is refused with VALIDATION_FAILED on `cursor`, never a 500.
 */
import { type AppError } from './app-error.js';
import { validationFailed } from './validation.js';
import { MAX_INT32 } from './int32.js';
import { messages } from './messages.js';

/** One part of a position: text, a whole number from 1, or a whole number from 0 (both int32). */
export type CursorPart = 'string' | 'positive' | 'natural';

type PartType<P extends CursorPart> = P extends 'string' ? string : number;

export type CursorPosition<Shape extends readonly CursorPart[]> = {
  -readonly [I in keyof Shape]: PartType<Shape[I]>;
};

function partMatches(part: CursorPart, value: unknown): boolean {
  if (part === 'string') return typeof value === 'string';
  const least = part === 'positive' ? 1 : 0;
  // Within the range of an integer column on both databases (larger would be a 500 on PostgreSQL).
  return Number.isInteger(value) && (value as number) >= least && (value as number) <= MAX_INT32;
}

export function invalidCursor(): AppError {
  return validationFailed(
    [{ path: 'cursor', constraint: 'isCursor', message: 'cursor is not valid' }],
    messages.cursorInvalid(),
  );
}

export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor<const Shape extends readonly CursorPart[]>(
  cursor: string,
  shape: Shape,
): CursorPosition<Shape> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    Array.isArray(value) &&
    value.length === shape.length &&
    shape.every((part, index) => partMatches(part, value[index]))
  ) {
    return value as CursorPosition<Shape>;
  }
  throw invalidCursor();
}
