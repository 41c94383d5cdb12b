/** One JSON line per event on stdout (warnings and errors on stderr); the hash secret is never logged. */
export function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, app: 'vnpay-sandbox', msg, ...fields })}\n`;
  if (level === 'info') process.stdout.write(line);
  else process.stderr.write(line);
}
