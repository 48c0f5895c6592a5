import { SetMetadata } from '@nestjs/common';
import type { PrincipalRole } from './principal-roles.js';

export const ROLES_KEY = 'cadreflow:roles';

/** Only principals holding at least one of `roles` may call the route (or every route of the controller). */
export const Roles = (...roles: PrincipalRole[]) => SetMetadata(ROLES_KEY, roles);
