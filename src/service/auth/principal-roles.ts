import { ROLES, type Role } from '../../engine/definition/workflow-definition.js';

/** The roles a principal may hold: every engine role but `system`, which only the scheduler acts as. */
export type PrincipalRole = Exclude<Role, 'system'>;

export const PRINCIPAL_ROLES: readonly PrincipalRole[] = ROLES.filter(
  (role): role is PrincipalRole => role !== 'system',
);

export const isPrincipalRole = (value: unknown): value is PrincipalRole =>
  typeof value === 'string' && (PRINCIPAL_ROLES as readonly string[]).includes(value);
