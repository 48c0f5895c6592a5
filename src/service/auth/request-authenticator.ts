import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.js';
import { AppAuthFailureLimiter } from './auth-failure-limiter.js';
import type { AuthenticatedPrincipal } from './authenticated-principal.js';
import { PrincipalsService } from './principals.service.js';
import { messages } from '../common/messages.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

const bearerToken = (header: string | undefined): string | undefined =>
  header === undefined ? undefined : BEARER.exec(header)?.[1];

/**
 * The one home of bearer-token checking. Every request to a route that is not public is
 * authenticated here, by the `onRequest` hook (see bootstrap), before its body is read; the
 * AuthGuard then finds the principal on the request. Requests without a credential and failed
 * authentications both count against the caller's address in the failure limiter: an address
 * that reached the limit is answered 429 (with Retry-After) until its window ends, whatever it
 * sends, so that neither guessing nor anonymous floods get further than this.
 */
@Injectable()
export class RequestAuthenticator {
  constructor(
    private readonly principals: PrincipalsService,
    private readonly limiter: AppAuthFailureLimiter,
  ) {}

  /** Puts the caller on `request.principal`, or throws UNAUTHENTICATED / RATE_LIMITED. */
  async authenticate(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<AuthenticatedPrincipal> {
    if (request.principal) return request.principal;
    const client = request.ip;
    const retryAfter = this.limiter.retryAfterSeconds(client);
    if (retryAfter > 0) {
      void reply.header('retry-after', String(retryAfter));
      throw new AppError('RATE_LIMITED', messages.rateLimited(retryAfter), {
        retryAfterSeconds: retryAfter,
      });
    }
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      this.limiter.recordFailure(client);
      throw new AppError('UNAUTHENTICATED', messages.authenticationRequired());
    }
    const principal = await this.principals.findByToken(token);
    if (!principal) {
      this.limiter.recordFailure(client);
      throw new AppError('UNAUTHENTICATED', messages.unknownToken());
    }
    request.principal = principal;
    return principal;
  }
}
