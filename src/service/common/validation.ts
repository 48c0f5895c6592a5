import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { AppError } from './app-error.js';
import type { LocalizedText } from './language.js';

/** One failed constraint, as listed in `details.errors` of a `VALIDATION_FAILED` response. */
export interface ValidationProblem {
  /** Where in the input: `name`, `roles`, `subject.candidates[0].id`; `body` for the body itself. */
  path: string;
  /** The class-validator constraint that failed: `isString`, `isIn`, `whitelistValidation`… */
  constraint: string;
  message: string;
}

const MESSAGES_IN_SUMMARY = 3;

// When a value has the wrong type, its other constraints ("shorter than 200 characters") only add noise.
const TYPE_CONSTRAINTS: ReadonlySet<string> = new Set([
  'isString',
  'isNumber',
  'isInt',
  'isBoolean',
  'isArray',
  'isObject',
  'isDate',
  'isDateString',
  'isISO8601',
  'nestedValidation',
]);

const joinPath = (parent: string, property: string): string => {
  if (parent === '') return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
};

/** The tree of class-validator errors as a flat list, in the order the decorators are written. */
export const flattenValidationErrors = (
  errors: readonly ValidationError[],
  parent = '',
): ValidationProblem[] =>
  errors.flatMap((error) => {
    const path = joinPath(parent, error.property ?? '') || 'body';
    // class-validator lists constraints bottom-up (decorator order); read them top-down.
    const failed = Object.entries(error.constraints ?? {}).reverse();
    const typeFailures = failed.filter(([constraint]) => TYPE_CONSTRAINTS.has(constraint));
    const own = (typeFailures.length > 0 ? typeFailures : failed).map(([constraint, message]) => ({
      path,
      constraint,
      message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path === 'body' ? '' : path)];
  });

/**
 * THE way to answer `400 VALIDATION_FAILED` (SPEC §3.6): every problem located in
 * `details.errors` as `{path, constraint, message}`, one path syntax (`subject.candidates[0].id`,
 * `body`, a parameter or header name). `message` defaults to a summary of the first problems;
 * the Vietnamese message names where the problems are (the details stay as they are in every
 * language).
 */
export const validationFailed = (
  problems: readonly ValidationProblem[],
  message?: string | LocalizedText,
): AppError => {
  const shown = problems.slice(0, MESSAGES_IN_SUMMARY);
  const more =
    problems.length > MESSAGES_IN_SUMMARY
      ? `; and ${problems.length - MESSAGES_IN_SUMMARY} more`
      : '';
  const summary =
    shown.length > 0 ? `: ${shown.map((problem) => problem.message).join('; ')}${more}` : '';
  const places = [...new Set(shown.map((problem) => problem.path))].join(', ');
  const vi =
    problems.length === 0
      ? 'Yêu cầu không hợp lệ'
      : `Yêu cầu không hợp lệ: ${problems.length} lỗi, tại ${places}${problems.length > MESSAGES_IN_SUMMARY ? ', …' : ''} (chi tiết trong details.errors)`;
  const texts: LocalizedText =
    message === undefined
      ? { en: `the request is not valid${summary}`, vi }
      : typeof message === 'string'
        ? { en: message, vi }
        : message;
  return new AppError('VALIDATION_FAILED', texts, { errors: problems });
};

/** `validationFailed` for one problem, whose message is also the error's. */
export const invalidField = (
  path: string,
  constraint: string,
  message: string | LocalizedText,
): AppError =>
  validationFailed(
    [{ path, constraint, message: typeof message === 'string' ? message : message.en }],
    message,
  );

const isJsonObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The global pipe: a body validated against a DTO class must be a JSON object (not an array,
 * a string or nothing), and unknown properties are refused rather than dropped, so that a
 * client's typo is visible.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors: ValidationError[]) =>
        validationFailed(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata) && !isJsonObject(value)) {
      throw validationFailed([
        { path: 'body', constraint: 'isObject', message: 'the body must be a JSON object' },
      ]);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** createApp installs this one pipe, so tests and production validate alike. */
export const createValidationPipe = (): ValidationPipe => new AppValidationPipe();
