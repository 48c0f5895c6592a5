import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.js';
import { AppAuthFailureLimiter } from './auth-failure-limiter.js';
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
    private readonly limiter: AppAuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    if (header === undefined) {
      throw new AppError(
        'UNAUTHENTICATED',
        'authentication is required: send the header "Authorization: Bearer <token>"',
      );
    }
    // A credential was presented: a client that failed too often is refused before the lookup,
    // so that guessing stops even for a guess that would be right.
    const client = request.ip;
    const retryAfter = this.limiter.retryAfterSeconds(client);
    if (retryAfter > 0) {
      void http.getResponse<FastifyReply>().header('retry-after', String(retryAfter));
      throw new AppError(
        'RATE_LIMITED',
        `too many failed authentications from this address; try again in ${retryAfter} s`,
        { retryAfterSeconds: retryAfter },
      );
    }
    const token = bearerToken(header);
    if (!token) {
      this.limiter.recordFailure(client);
      throw new AppError(
        'UNAUTHENTICATED',
        'authentication is required: send the header "Authorization: Bearer <token>"',
      );
    }
    const principal = await this.principals.findByToken(token);
    if (!principal) {
      this.limiter.recordFailure(client);
      throw new AppError('UNAUTHENTICATED', 'the token is unknown or has been revoked');
    }
    request.principal = principal;
    return true;
  }
}
