import type { PrincipalRole } from './principal-roles.js';

/** The caller of a request, as the AuthGuard found it (on `request.principal`). */
export interface AuthenticatedPrincipal {
  id: string;
  name: string;
  roles: readonly PrincipalRole[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by AuthGuard on every route that is not @Public(). */
    principal?: AuthenticatedPrincipal;
  }
}
