/**
 * Every access decision about cadres, in one place (SPEC §1, §7): who writes the registry, who
 * reads a full record (personal data) and who only its list-level summary, and scope — a cadre
 * outside the caller's scope does not exist for it (404, exactly as an unknown id).
 */
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { CASE_READER_ROLES, type PrincipalRole } from '../auth/principal-roles.js';
import { AppError } from '../common/app-error.js';
import { messages } from '../common/messages.js';
import { UuidParamPipe } from '../common/uuid-param.pipe.js';
import { invalidField } from '../common/validation.js';
import { inScope } from '../units/scope.js';

/** Who creates cadres, appends entries and imports. */
export const CADRE_WRITER_ROLES = [
  'clerk',
  'organization_board',
  'admin',
] as const satisfies readonly PrincipalRole[];

/** Who reads a full record and its history: personal data (birth date, disciplines …). */
export const CADRE_RECORD_ROLES = [
  'clerk',
  'organization_board',
  'inspection_commission',
  'auditor',
  'admin',
] as const satisfies readonly PrincipalRole[];

/** Who lists cadres and reads a cadre at all (the others get its summary): every case reader. */
export const CADRE_READER_ROLES = CASE_READER_ROLES;

/** The one "cadre not found" (404), for an unknown id and for a cadre outside the scope. */
export function cadreNotFound(cadreId?: string): AppError {
  return new AppError('NOT_FOUND', messages.cadreNotFound(cadreId));
}

/** A cadre id in a path: a malformed one names no cadre (404). */
export const cadreIdParam = new UuidParamPipe({ path: 'id', notFound: () => cadreNotFound() });

/** Whether the principal reads full records, or only the list-level summary. */
export function readsFullRecord(principal: AuthenticatedPrincipal): boolean {
  return principal.roles.some((role) =>
    (CADRE_RECORD_ROLES as readonly PrincipalRole[]).includes(role),
  );
}

/** The cadre of `unitId` is visible to the principal; otherwise it does not exist (404). */
export function assertCadreVisible(
  principal: AuthenticatedPrincipal,
  cadre: { readonly id: string; readonly unitId: string } | null,
  cadreId: string,
): asserts cadre is { readonly id: string; readonly unitId: string } {
  if (!cadre || !inScope(principal.scope, cadre.unitId)) throw cadreNotFound(cadreId);
}

/** Whether the principal may see the cadres of `unitId`. */
export function seesUnit(principal: AuthenticatedPrincipal, unitId: string): boolean {
  return inScope(principal.scope, unitId);
}

/** A unit the principal names for a cadre (body field `path`) must be inside its scope. */
export function assertUnitInScope(
  principal: AuthenticatedPrincipal,
  unitId: string,
  path = 'unitId',
): void {
  if (!inScope(principal.scope, unitId)) {
    throw invalidField(path, 'inScope', messages.unitOutOfScope(unitId));
  }
}
