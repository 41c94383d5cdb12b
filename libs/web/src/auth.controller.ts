import { Body, Controller, Get, Header, HttpCode, Logger, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  NATIONAL_IDENTITY_PROVIDER,
  OidcSessionService,
  Public,
  SessionAuth,
  SessionIndexService,
  TokenVerifier,
  UserProfileService,
} from '@app/auth';
import { DomainError } from '@app/observability';
import { OidcGuard } from './oidc.guard';
import { safeReturnTo } from './return-to';

function promisify(fn: (cb: (err?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) =>
    fn((err) => (err ? reject(err instanceof Error ? err : new Error('session store error')) : resolve())),
  );
}

@ApiExcludeController()
@Controller('auth')
export class AuthController {
  private readonly logger = new Logger(AuthController.name);

  constructor(
    private readonly oidc: OidcSessionService,
    private readonly index: SessionIndexService,
    private readonly verifier: TokenVerifier,
    private readonly profiles: UserProfileService,
  ) {}

  /** Starts the sign-in: the guard redirects to Keycloak's login page. */
  @Public()
  @UseGuards(OidcGuard)
  @Get('login')
  login(): void {
    // The guard has already answered with the redirect.
  }

  /** Keycloak returns here; the guard exchanged the code and verified the tokens. */
  @Public()
  @UseGuards(OidcGuard)
  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const auth = req.user as SessionAuth;
    const returnTo = req.session.returnTo;
    // A new session id on every sign-in (no session fixation); the pre-login session held only OIDC state.
    await promisify((cb) => req.session.regenerate(cb));
    req.session.auth = auth;
    await promisify((cb) => req.session.save(cb));
    await this.index.add(req.sessionID, auth.sid, auth.principal.subject);
    await this.profiles.recordSignIn(auth.principal);
    this.logger.log(
      { sub: auth.principal.subject, roles: auth.principal.roles, agency: auth.principal.agency },
      'signed in',
    );
    res.redirect(303, safeReturnTo(returnTo));
  }

  /** Ends the portal session, then Keycloak's (RP-initiated logout), which signs the user out of every app. */
  @Public()
  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const auth = req.session.auth;
    if (!auth) {
      res.redirect(303, '/');
      return;
    }
    await this.index.remove(req.sessionID, auth.sid, auth.principal.subject);
    await promisify((cb) => req.session.destroy(cb));
    res.redirect(303, this.oidc.endSessionUrl(auth.idToken));
  }

  /**
   * Step up to a level-2 national identity: ends this session (the portal's, Keycloak's and the identity provider's,
   * so the provider asks who signs in again), then signs in again through the national identity provider, asking it
   * for level 2, and comes back to `returnTo`.
   */
  @Public()
  @Post('step-up')
  async stepUp(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const returnTo = safeReturnTo(body?.['returnTo']);
    const login = `/auth/login?with=${NATIONAL_IDENTITY_PROVIDER}&level=2&returnTo=${encodeURIComponent(returnTo)}`;
    const auth = req.session.auth;
    if (!auth) {
      res.redirect(303, login);
      return;
    }
    await this.index.remove(req.sessionID, auth.sid, auth.principal.subject);
    await promisify((cb) => req.session.destroy(cb));
    res.redirect(303, this.oidc.endSessionUrl(auth.idToken, login));
  }

  /** OIDC back-channel logout: Keycloak tells us a session ended elsewhere; every portal session under it ends. */
  @Public()
  @Post('backchannel-logout')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async backchannelLogout(@Body() body: Record<string, unknown>): Promise<{ destroyed: number }> {
    const token = body?.['logout_token'];
    if (typeof token !== 'string' || token.length === 0) {
      throw new DomainError('bad_request', 'logout_token is required.', {
        errors: [{ field: 'logout_token', messages: ['is required'] }],
      });
    }
    const { sid, sub } = await this.verifier.verifyLogoutToken(token);
    return { destroyed: await this.index.destroyFor(sid, sub) };
  }
}
