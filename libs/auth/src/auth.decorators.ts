import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal, Role } from './principal';
import { DomainError } from '@app/observability';

export const IS_PUBLIC = 'motcua:public';
export const REQUIRED_ROLES = 'motcua:roles';
export const AGENCY_PARAM = 'motcua:agency-param';

/** The route needs no authentication. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** The caller needs at least one of these realm roles (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
/** The route parameter `param` holds an agency code the caller must belong to (403 otherwise). */
export const AgencyScoped = (param: string) => SetMetadata(AGENCY_PARAM, param);

/** The authenticated caller; the guard has already rejected anonymous requests on non-public routes. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<Request>();
  if (!req.principal) throw new DomainError('unauthenticated', 'Authentication is required.');
  return req.principal;
});
