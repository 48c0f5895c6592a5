import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.js';
import type { PrincipalRole } from './principal-roles.js';
import { ROLES_KEY } from './roles.decorator.js';
import { messages } from '../common/messages.js';

/** Global guard, after AuthGuard: enforces @Roles(...) on the handler or its controller. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const allowed = this.reflector.getAllAndOverride<PrincipalRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!allowed || allowed.length === 0) return true;

    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    if (!principal) throw new AppError('UNAUTHENTICATED', messages.authenticatedCallerRequired());
    if (principal.roles.some((role) => allowed.includes(role))) return true;
    throw new AppError('FORBIDDEN', messages.rolesRequired(allowed), { allowedRoles: allowed });
  }
}
