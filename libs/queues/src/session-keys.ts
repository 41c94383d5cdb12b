/**
 * Redis key layout of portal sessions, shared by the portal (which writes them) and the worker (which prunes the
 * indexes). A session lives at `<prefix>:sess:<id>`; the back-channel logout indexes map a Keycloak session id
 * (`sid`) or subject (`sub`) to the portal session ids opened under it.
 */
export const sessionKeys = {
  session: (prefix: string, sessionId = '') => `${prefix}:sess:${sessionId}`,
  bySid: (prefix: string, sid: string) => `${prefix}:sess-by-sid:${sid}`,
  bySub: (prefix: string, sub: string) => `${prefix}:sess-by-sub:${sub}`,
  indexPattern: (prefix: string) => `${prefix}:sess-by-*`,
  logoutJti: (prefix: string, jti: string) => `${prefix}:logout-jti:${jti}`,
  refreshLock: (prefix: string, sessionId: string) => `${prefix}:lock:refresh:${sessionId}`,
};
