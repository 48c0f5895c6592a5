import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { AppAuthFailureLimiter } from './auth-failure-limiter.js';
import { UnitsModule } from '../units/units.module.js';
import { AuthGuard } from './auth.guard.js';
import { PrincipalCache } from './principal-cache.js';
import { PrincipalsController } from './principals.controller.js';
import { PrincipalsService } from './principals.service.js';
import { RequestAuthenticator } from './request-authenticator.js';
import { RolesGuard } from './roles.guard.js';

/** Principals, bearer-token authentication and roles, for every route of the application. */
@Module({
  imports: [UnitsModule],
  controllers: [PrincipalsController],
  providers: [
    PrincipalsService,
    AdminBootstrapService,
    AppAuthFailureLimiter,
    RequestAuthenticator,
    PrincipalCache,
    // Global guards run in this order: who is calling, then may they call this route.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [PrincipalsService, RequestAuthenticator],
})
export class AuthModule {}
