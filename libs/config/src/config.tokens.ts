/** Injection tokens: apps provide their validated config under these. */
export const PORTAL_CONFIG = Symbol('PORTAL_CONFIG');
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
