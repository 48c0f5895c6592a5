import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'cadreflow:public';

/** The route needs no bearer token (health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
