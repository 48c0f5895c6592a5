import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import 'reflect-metadata';

/**
 * Flags on a route's Fastify `config`, where the hooks that run before Nest (before the body is
 * read: see bootstrap) can see them as `request.routeOptions.config`.
 */
export const PUBLIC_ROUTE = 'cadreflowPublic';
export const ADMIN_BODY_ROUTE = 'cadreflowAdminBody';
export const SHEET_BODY_ROUTE = 'cadreflowSheetBody';
export type RouteFlag = typeof PUBLIC_ROUTE | typeof ADMIN_BODY_ROUTE | typeof SHEET_BODY_ROUTE;

const flagHandler = (handler: unknown, flag: RouteFlag): void => {
  if (typeof handler !== 'function') return;
  const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as object;
  Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, [flag]: true }, handler);
};

/** Sets `flag` on the route of a handler, or of every handler of a controller class. */
export const routeFlag =
  (flag: RouteFlag): ClassDecorator & MethodDecorator =>
  (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    if (descriptor) {
      flagHandler(descriptor.value, flag);
      return;
    }
    const prototype = (target as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name !== 'constructor') flagHandler(prototype[name], flag);
    }
  };

/** Whether the route that matched the request carries `flag`. */
export const routeHas = (config: unknown, flag: RouteFlag): boolean =>
  typeof config === 'object' &&
  config !== null &&
  (config as Record<string, unknown>)[flag] === true;

/**
 * The route takes definition-sized bodies (ADMIN_BODY_LIMIT_BYTES instead of BODY_LIMIT_BYTES)
 * and is for admins only: a caller without the admin role is refused (403) before its body is
 * read. Put it on admin routes that need it (definitions, calendar years), next to @Roles('admin').
 */
export const AdminBodyLimit = (): ClassDecorator & MethodDecorator => routeFlag(ADMIN_BODY_ROUTE);

/**
 * The route takes a spreadsheet as its raw body (text/csv or .xlsx, up to SHEET_BODY_LIMIT_BYTES):
 * the body reaches the handler as a Buffer. Every other route answers those media types 415.
 */
export const SheetBody = (): ClassDecorator & MethodDecorator => routeFlag(SHEET_BODY_ROUTE);
