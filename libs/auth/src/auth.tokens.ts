/** The app's shared ioredis command connection. */
export const REDIS = Symbol('REDIS');
/** The express-session store. */
export const SESSION_STORE = Symbol('SESSION_STORE');
