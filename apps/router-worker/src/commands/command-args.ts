import { addDays, instantAt, isIsoDate } from '@app/calendar';

/** Bad command-line arguments: the command prints the message and usage, and exits 2. */
export class UsageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `--name value` pairs; every option must be known, given once, and have a value. */
export function parseOptions(argv: readonly string[], known: readonly string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    if (flag === undefined) break;
    const name = flag.startsWith('--') ? flag.slice(2) : null;
    if (!name || !known.includes(name)) throw new UsageError(`unknown argument ${flag}`);
    if (name in options) throw new UsageError(`--${name} is given twice`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    options[name] = value;
  }
  return options;
}

/**
 * A period of whole days in Vietnam: `from` 00:00 to the end of `to` (Asia/Ho_Chi_Minh), as the half-open instant
 * range [from, to).
 */
export function parsePeriod(from: string | undefined, to: string | undefined): { from: Date; to: Date } {
  if (from === undefined || to === undefined) throw new UsageError('--from and --to are given together');
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isIsoDate(value)) throw new UsageError(`--${name} must be a date YYYY-MM-DD, got "${value}"`);
  }
  if (from > to) throw new UsageError(`--from (${from}) is after --to (${to})`);
  return { from: instantAt(from, 0), to: instantAt(addDays(to, 1), 0) };
}

export type ExchangeLogScope =
  | { kind: 'dossier'; dossierId: string }
  | { kind: 'dossierCode'; code: string }
  | { kind: 'period'; from: Date; to: Date }
  | { kind: 'all' };

/** `verify-exchange-log [--dossier <uuid|dossier code>] [--from YYYY-MM-DD --to YYYY-MM-DD]`. */
export function parseVerifyArgs(argv: readonly string[]): ExchangeLogScope {
  const o = parseOptions(argv, ['dossier', 'from', 'to']);
  const hasPeriod = o.from !== undefined || o.to !== undefined;
  if (o.dossier !== undefined && hasPeriod) throw new UsageError('give either --dossier or --from/--to, not both');
  if (o.dossier !== undefined) {
    const value = o.dossier.trim();
    if (value === '') throw new UsageError('--dossier needs a dossier id or code');
    return UUID.test(value)
      ? { kind: 'dossier', dossierId: value.toLowerCase() }
      : { kind: 'dossierCode', code: value };
  }
  if (hasPeriod) return { kind: 'period', ...parsePeriod(o.from, o.to) };
  return { kind: 'all' };
}

/** `national-reconciliation --from YYYY-MM-DD --to YYYY-MM-DD [--target <code>]`. */
export function parseReconciliationArgs(argv: readonly string[]): { from: Date; to: Date; targetCode?: string } {
  const o = parseOptions(argv, ['from', 'to', 'target']);
  if (o.from === undefined && o.to === undefined) throw new UsageError('--from and --to are required');
  return { ...parsePeriod(o.from, o.to), ...(o.target !== undefined ? { targetCode: o.target } : {}) };
}
