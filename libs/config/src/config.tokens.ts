/** Injection tokens: apps provide their validated config under these. */
export const PORTAL_CONFIG = Symbol('PORTAL_CONFIG');
/** The web shell's part of any web app's config (WebAppConfig): the portal's, the feedback app's. */
export const WEB_APP_CONFIG = Symbol('WEB_APP_CONFIG');
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
export const FEEDBACK_CONFIG = Symbol('FEEDBACK_CONFIG');
