/**
 * Who may withdraw a case, until units and scopes exist (SPEC §1): withdrawal ends a case for
 * good, so one clerk must not be able to withdraw another's. The definition still decides which
 * roles may send WITHDRAW and from which states (the pure step); this narrows it to the principal
 * who opened the case, or one an admin granted the `withdraw_any` role.
 */
import type { Actor } from '../../engine/index.js';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { WITHDRAW_ANY_ROLE } from '../auth/principal-roles.js';
import { AppError } from '../common/app-error.js';
import { messages } from '../common/messages.js';

export const WITHDRAW_EVENT = 'WITHDRAW';

/** True unless `event` is a withdrawal of a case that `caller` neither opened nor may withdraw. */
export const mayWithdraw = (
  caller: Pick<Actor, 'id' | 'roles'>,
  event: string,
  openedBy: string,
): boolean =>
  event !== WITHDRAW_EVENT || caller.id === openedBy || caller.roles.includes(WITHDRAW_ANY_ROLE);

/** Refuses (403 FORBIDDEN, nothing changed) another principal's withdrawal of a case. */
export const assertMayWithdraw = (
  principal: AuthenticatedPrincipal,
  event: string,
  caseRow: { readonly id: string; readonly createdBy: string },
): void => {
  if (mayWithdraw(principal, event, caseRow.createdBy)) return;
  throw new AppError('FORBIDDEN', messages.withdrawalScope(caseRow.id, WITHDRAW_ANY_ROLE), {
    rule: 'withdrawalScope',
    requiredRoles: [WITHDRAW_ANY_ROLE],
  });
};
