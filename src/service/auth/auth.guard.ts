import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.js';
import { PrincipalsService } from './principals.service.js';
import { IS_PUBLIC_KEY } from './public.decorator.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

const bearerToken = (header: string | undefined): string | undefined =>
  header === undefined ? undefined : BEARER.exec(header)?.[1];

/**
 * Global guard: every route but the @Public() ones needs `Authorization: Bearer <token>` of a
 * principal that is not revoked. The principal is put on `request.principal`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      throw new AppError(
        'UNAUTHENTICATED',
        'authentication is required: send the header "Authorization: Bearer <token>"',
      );
    }
    const principal = await this.principals.findByToken(token);
    if (!principal)
      throw new AppError('UNAUTHENTICATED', 'the token is unknown or has been revoked');
    request.principal = principal;
    return true;
  }
}
