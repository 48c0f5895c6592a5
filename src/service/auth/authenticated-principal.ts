import type { Scope } from '../units/scope.js';
import type { PrincipalRole } from './principal-roles.js';

/** The caller of a request, as the AuthGuard found it (on `request.principal`). */
export interface AuthenticatedPrincipal {
  id: string;
  name: string;
  roles: readonly PrincipalRole[];
  /** The unit the principal belongs to. */
  unitId: string;
  /** The unit whose subtree is its scope: `unitId`, or the wider unit an admin granted. */
  scopeUnitId: string;
  /** What it may see and act on: its scope unit's subtree (SPEC §1). */
  scope: Scope;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by AuthGuard on every route that is not @Public(). */
    principal?: AuthenticatedPrincipal;
  }
}
