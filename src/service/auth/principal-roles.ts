import { ROLES, type Role } from '../../engine/index.js';

/**
 * A grant, not a procedure role: with it, a clerk may withdraw cases other principals opened
 * (withdrawal-scope.ts). It adds nothing on its own and no definition can name it; it stands in
 * for the wider scopes an admin will grant once units exist (SPEC §1).
 */
export const WITHDRAW_ANY_ROLE = 'withdraw_any';

/**
 * The roles a principal may hold: every engine role but `system`, which only the scheduler acts
 * as, and the `withdraw_any` grant.
 */
export type PrincipalRole = Exclude<Role, 'system'> | typeof WITHDRAW_ANY_ROLE;

export const PRINCIPAL_ROLES: readonly PrincipalRole[] = [
  ...ROLES.filter((role): role is Exclude<Role, 'system'> => role !== 'system'),
  WITHDRAW_ANY_ROLE,
];

export const isPrincipalRole = (value: unknown): value is PrincipalRole =>
  typeof value === 'string' && (PRINCIPAL_ROLES as readonly string[]).includes(value);

/** The roles that take part in procedures: they open cases and send their events. */
export const PROCEDURE_ROLES = [
  'clerk',
  'organization_board',
  'inspection_commission',
  // cấp ủy: the written opinion before the final leadership vote (appointment-state v2).
  'party_committee',
  'head',
  'authority',
] as const satisfies readonly PrincipalRole[];

/** The roles that oversee: they read every case, the audit trail and the system log. */
export const OVERSIGHT_ROLES = ['auditor', 'admin'] as const satisfies readonly PrincipalRole[];

/** Who reads cases: the procedure roles and the oversight roles (not the `withdraw_any` grant). */
export const CASE_READER_ROLES = [
  ...PROCEDURE_ROLES,
  ...OVERSIGHT_ROLES,
] as const satisfies readonly PrincipalRole[];
