import { loadPortalConfig } from '@app/config';
import { createDataSource } from '@app/database';
import { PaymentReconciler, ReconcileReport, VnpayGateway } from '@app/payments';
import { parseIsoDate } from '@app/procedures';
import type { CommandIo } from '../national-target.command';

export const RECONCILE_USAGE = 'usage: main.js payments-reconcile --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--json]';

type Env = Readonly<Record<string, string | undefined>>;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { from: string; to: string; json: boolean } {
  const options = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    if (flag === '--json') {
      json = true;
      continue;
    }
    if (flag !== '--from' && flag !== '--to') throw new UsageError(`unknown argument ${flag}`);
    const value = argv[i + 1];
    if (value === undefined || !parseIsoDate(value)) throw new UsageError(`${flag} needs a date YYYY-MM-DD`);
    options.set(flag, value);
    i++;
  }
  const from = options.get('--from');
  const to = options.get('--to');
  if (!from || !to) throw new UsageError('--from and --to are required');
  if (to < from) throw new UsageError('--to must not be before --from');
  return { from, to, json };
}

function table(report: ReconcileReport): string {
  const lines = [
    `Online payments ${report.from} – ${report.to}: ${report.lines.length} transactions, ${report.mismatches} disagreeing`,
  ];
  for (const l of report.lines) {
    const flag = l.problem === 'none' ? 'ok ' : 'MISMATCH';
    lines.push(
      `${flag}  ${l.txnRef}  ${l.dossierCode ?? '(no code)'}  ${l.amount} đ  portal=${l.local}  vnpay=${l.gateway}` +
        `${l.gatewayAmount !== null && l.gatewayAmount !== l.amount ? ` (${l.gatewayAmount} đ)` : ''}` +
        `${l.problem !== 'none' ? `  ${l.problem}` : ''}${l.detail ? `  ${l.detail}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `payments-reconcile --from --to [--json]`: the online payments started in those days (Vietnam time), each compared
 * with VNPay's record (querydr); prints a table (or the report as JSON). Exit 0 when all agree, 1 when any disagree
 * or the gateway could not be asked, 2 on bad arguments or no gateway configured.
 */
export async function paymentsReconcileCommand(argv: readonly string[], env: Env, io: CommandIo): Promise<number> {
  let args: { from: string; to: string; json: boolean };
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n${RECONCILE_USAGE}\n`);
      return 2;
    }
    throw err;
  }
  const config = loadPortalConfig(env);
  if (!config.payments) {
    io.err('payments-reconcile: no payment gateway is configured (VNPAY_TMN_CODE and the other VNPAY_* variables)\n');
    return 2;
  }
  const gateway = new VnpayGateway({
    ...config.payments,
    returnUrl: new URL('/pay/vnpay-return', config.publicUrl).toString(),
  });
  const db = createDataSource({ url: config.database.url, applicationName: 'motcua-payments-reconcile', poolSize: 1 });
  await db.initialize();
  try {
    const report = await new PaymentReconciler(db, gateway).reconcile(args.from, args.to);
    io.out(args.json ? `${JSON.stringify(report)}\n` : table(report));
    return report.mismatches > 0 ? 1 : 0;
  } finally {
    await db.destroy();
  }
}
