import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.js';
import type { AuthenticatedPrincipal } from './authenticated-principal.js';
import { messages } from '../common/messages.js';

/** The caller, as AuthGuard authenticated it: `handler(@CurrentPrincipal() principal: AuthenticatedPrincipal)`. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedPrincipal => {
    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    // Only reachable on a @Public() route, where nobody is authenticated.
    if (!principal) throw new AppError('UNAUTHENTICATED', messages.authenticatedCallerRequired());
    return principal;
  },
);
