import { AppError } from '../common/app-error.js';
import { UuidParamPipe } from '../common/uuid-param.pipe.js';
import { messages } from '../common/messages.js';

/** The one "case not found" of the API (404 NOT_FOUND); without an id for a malformed one. */
export function caseNotFound(caseId?: string): AppError {
  return new AppError('NOT_FOUND', messages.caseNotFound(caseId));
}

/** A case id in a path: a malformed one names no case, so it is the same 404 (SPEC §3.3). */
export const caseIdParam = new UuidParamPipe({ path: 'id', notFound: () => caseNotFound() });
