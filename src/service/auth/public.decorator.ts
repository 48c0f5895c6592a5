import { applyDecorators, SetMetadata } from '@nestjs/common';
import { PUBLIC_ROUTE, routeFlag } from '../common/route-flags.js';

export const IS_PUBLIC_KEY = 'cadreflow:public';

/**
 * The route needs no bearer token (health, docs). Seen by the AuthGuard (Nest metadata) and by
 * the `onRequest` hook that authenticates before the body is read (the route's Fastify config).
 */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), routeFlag(PUBLIC_ROUTE));
