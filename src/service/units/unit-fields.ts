/**
 * What a unit's code and name may be, for POST /api/units and for each row of an import: one
 * rule, so that both refuse the same input with the same words.
 */
import { isWellFormedText } from '../common/unicode.js';
import type { ValidationProblem } from '../common/validation.js';

export const UNIT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const UNIT_NAME_MAX_LENGTH = 200;

// C0 and C1 controls (tab and newline included): a unit's name is one line of text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The problems of a unit code at `path` (empty: it is a valid code). */
export function unitCodeProblems(value: unknown, path: string): ValidationProblem[] {
  if (typeof value !== 'string') {
    return [{ path, constraint: 'isString', message: `${path} must be a string` }];
  }
  if (!UNIT_CODE_PATTERN.test(value)) {
    return [
      {
        path,
        constraint: 'isUnitCode',
        message: `${path} must be 1 to 64 ASCII letters, digits, '_', '.' or '-', starting with a letter or digit`,
      },
    ];
  }
  return [];
}

/** The problems of a unit name at `path` (empty: it is a valid name). */
export function unitNameProblems(value: unknown, path: string): ValidationProblem[] {
  if (typeof value !== 'string') {
    return [{ path, constraint: 'isString', message: `${path} must be a string` }];
  }
  const problem = (constraint: string, message: string): ValidationProblem[] => [
    { path, constraint, message: `${path} ${message}` },
  ];
  if (!isWellFormedText(value))
    return problem('isWellFormedUnicode', 'must be well-formed Unicode');
  if (value.trim().length === 0) return problem('isNotEmpty', 'must not be empty');
  if (value.length > UNIT_NAME_MAX_LENGTH) {
    return problem('maxLength', `must be at most ${UNIT_NAME_MAX_LENGTH} characters`);
  }
  if (value !== value.trim()) return problem('isTrimmed', 'must not begin or end with spaces');
  if (CONTROL.test(value))
    return problem('noControlCharacters', 'must not hold control characters');
  // One spelling per name: "Hà Nội" composed (NFC) and decomposed (NFD) look alike but differ.
  if (value.normalize('NFC') !== value) {
    return problem('isNfc', 'must be in Unicode normalization form C (composed characters)');
  }
  return [];
}
