import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '@app/observability';
import { AGENCY_PARAM, IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { hasAnyRole, Principal, Role } from './principal';
import { UserProfileService } from './user-profile.service';

const PROFILE_REFRESH_MS = 10 * 60_000;
import { TokenVerifier } from './token-verifier.service';
import { verifyBearerHeader } from './bearer-auth.middleware';

/**
 * The one guard of every route. A bearer token, when present, is the only credential considered (a bad one is a
 * 401 even if a session cookie is also sent); otherwise the session principal set by the session middleware is used.
 * Then @Roles (403) and @AgencyScoped (403 when the route's agency is not the caller's).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** When each bearer subject's profile was last refreshed; staff who only use the API are known to the portal too. */
  private readonly profileSeen = new Map<string, number>();

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly profiles: UserProfileService,
  ) {}

  private async noteBearerUser(principal: Principal): Promise<void> {
    if (principal.kind !== 'user') return;
    const last = this.profileSeen.get(principal.subject) ?? 0;
    if (Date.now() - last < PROFILE_REFRESH_MS) return;
    this.profileSeen.set(principal.subject, Date.now());
    if (this.profileSeen.size > 10_000) this.profileSeen.clear();
    await this.profiles.recordSignIn(principal);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const targets = [context.getHandler(), context.getClass()];
    const header = req.headers.authorization;
    if (header !== undefined) {
      // Verified already by BearerAuthMiddleware where the app installs it (before any body is read).
      if (req.authMethod !== 'bearer' || !req.principal) {
        req.principal = await verifyBearerHeader(this.verifier, header);
        req.authMethod = 'bearer';
      }
      await this.noteBearerUser(req.principal);
    }
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const principal = req.principal;
    if (!principal) throw new DomainError('unauthenticated', 'Authentication is required.');

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && roles.length > 0 && !hasAnyRole(principal, roles)) {
      throw new DomainError('forbidden', `This action needs one of the roles: ${roles.join(', ')}.`);
    }
    const agencyParam = this.reflector.getAllAndOverride<string | undefined>(AGENCY_PARAM, targets);
    if (agencyParam) {
      const value = req.params[agencyParam];
      if (!principal.agency || principal.agency !== value) {
        throw new DomainError('wrong_agency', 'You can only act on data of your own agency.');
      }
    }
    return true;
  }
}
