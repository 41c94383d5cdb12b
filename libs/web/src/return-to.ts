/** Only same-site absolute paths are followed after sign-in or a language switch (no open redirects). */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2048) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\r\n]/.test(value) || value.startsWith('/auth/')) return '/';
  return value;
}
