import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { OidcSessionService } from './oidc-session.service';
import { OidcStrategy } from './oidc.strategy';
import { SessionIndexService } from './session-index.service';
import { TokenVerifier } from './token-verifier.service';
import { UserProfileService } from './user-profile.service';
import { AuthGuard } from './auth.guard';
import { BearerAuthMiddleware } from './bearer-auth.middleware';

/**
 * Sign-in, tokens and guards. Needs WEB_APP_CONFIG, REDIS and SESSION_STORE from a global module of the app.
 */
@Module({
  imports: [PassportModule.register({ session: false })],
  providers: [
    TokenVerifier,
    OidcStrategy,
    OidcSessionService,
    SessionIndexService,
    UserProfileService,
    AuthGuard,
    BearerAuthMiddleware,
  ],
  exports: [
    TokenVerifier,
    OidcSessionService,
    SessionIndexService,
    UserProfileService,
    AuthGuard,
    BearerAuthMiddleware,
  ],
})
export class AuthModule {}
