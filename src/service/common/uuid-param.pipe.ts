import { ParseUUIDPipe } from '@nestjs/common';
import type { AppError } from './app-error.js';
import { invalidField } from './validation.js';
import { messages } from './messages.js';

export interface UuidParamOptions {
  /** The parameter's name, the `path` of the problem: `id`. */
  readonly path: string;
  /** What the parameter is, for the message: `the principal id`. */
  readonly what?: string;
  /**
   * For a route that treats a malformed id as one that names nothing (a case: SPEC §3.3 answers
   * 404), its "not found" error; otherwise a malformed id is `400 VALIDATION_FAILED`.
   */
  readonly notFound?: () => AppError;
}

/** The one pipe for a UUID path parameter; whatever it refuses is in the API's error shape. */
export class UuidParamPipe extends ParseUUIDPipe {
  constructor({ path, what = path, notFound }: UuidParamOptions) {
    super({
      exceptionFactory: () =>
        notFound?.() ?? invalidField(path, 'isUuid', messages.notUuid(path, what)),
    });
  }
}
