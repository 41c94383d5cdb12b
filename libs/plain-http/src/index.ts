import type { IncomingMessage } from 'node:http';

/**
 * Helpers for code that writes HTML or serves HTTP without a framework (the demo's peers on `node:http`, the
 * e-mail templates): the portal itself has Nunjucks' autoescaping and Express.
 */

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A request header as one string (repeated headers joined), or undefined. */
export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(' ') : value;
}

/**
 * Whether a form post comes from the server's own pages: refuses posts another site makes the browser send
 * (Fetch Metadata first, then the Origin header against Host).
 */
export function sameSiteForm(req: IncomingMessage): boolean {
  const site = headerOf(req, 'sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = headerOf(req, 'origin');
  if (origin && origin !== 'null') {
    try {
      return new URL(origin).host === headerOf(req, 'host');
    } catch {
      return false;
    }
  }
  return true;
}
