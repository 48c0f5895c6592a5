import { AppError } from '../common/app-error.js';

/** The one "case not found" of the API (404 NOT_FOUND); without an id for a malformed one. */
export function caseNotFound(caseId?: string): AppError {
  return new AppError(
    'NOT_FOUND',
    caseId === undefined ? 'no case has this id' : `case ${caseId} does not exist`,
  );
}
