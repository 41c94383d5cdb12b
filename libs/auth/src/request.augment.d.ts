import type { Principal } from './principal';
import type { SessionAuth } from './session-auth';

declare global {
  namespace Express {
    interface Request {
      /** The authenticated caller, set by the auth guard or the session middleware. */
      principal?: Principal;
      /** How the caller authenticated. */
      authMethod?: 'bearer' | 'session';
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    auth?: SessionAuth;
    csrfToken?: string;
    returnTo?: string;
    lang?: 'vi' | 'en';
  }
}

export {};
