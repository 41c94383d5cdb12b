import type { DataSource } from 'typeorm';
import { ReconcileLine, ReconcileReport } from './payment.types';
import { VnpayError, VnpayGateway } from './vnpay';

interface AttemptRow {
  txn_ref: string;
  amount: string;
  order_info: string;
  gateway_create_date: string;
  status: 'pending' | 'paid' | 'failed';
  created_at: Date;
  dossier_id: string;
  code: string | null;
}

/** Reads payment attempts and asks the gateway about each; writes nothing (an operator decides what to do). */
export class PaymentReconciler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly gateway: VnpayGateway,
  ) {}

  /**
   * Compares the online attempts made between two days (Vietnam time) with the gateway's records (querydr): a
   * payment the gateway has but the portal does not, one the portal has but the gateway does not, or different
   * amounts. Pending attempts the gateway confirms are not changed here: the report says so, and an operator decides.
   */
  async reconcile(from: string, to: string): Promise<ReconcileReport> {
    const gateway = this.gateway;
    const attempts = await this.dataSource.query<AttemptRow[]>(
      `SELECT a.txn_ref, a.amount, a.order_info, a.gateway_create_date, a.status, a.created_at, r.dossier_id, d.code
         FROM payment_attempt a JOIN payment_request r ON r.id = a.request_id JOIN dossier d ON d.id = r.dossier_id
        WHERE a.created_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
          AND a.created_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
        ORDER BY a.created_at`,
      [from, to],
    );
    const lines: ReconcileLine[] = [];
    for (const a of attempts) {
      const amount = Number(a.amount);
      const base = {
        txnRef: a.txn_ref,
        dossierId: a.dossier_id,
        dossierCode: a.code,
        amount,
        local: a.status,
        createdAt: a.created_at,
      };
      let answer;
      try {
        answer = await gateway.query({ txnRef: a.txn_ref, orderInfo: a.order_info, createDate: a.gateway_create_date });
      } catch (err) {
        const detail = err instanceof VnpayError ? err.message : String(err);
        lines.push({ ...base, gateway: 'error', gatewayAmount: null, problem: 'gateway_error', detail });
        continue;
      }
      const state: ReconcileLine['gateway'] =
        answer.responseCode === '91'
          ? 'not_found'
          : answer.responseCode !== '00'
            ? 'error'
            : answer.transactionStatus === '00'
              ? 'paid'
              : answer.transactionStatus === '01'
                ? 'pending'
                : 'failed';
      let problem: ReconcileLine['problem'] = 'none';
      if (state === 'error') problem = 'gateway_error';
      else if (state === 'paid' && a.status !== 'paid') problem = 'paid_at_gateway_only';
      else if (state !== 'paid' && a.status === 'paid') problem = 'paid_locally_only';
      else if (state === 'paid' && answer.amount !== amount) problem = 'amount_differs';
      lines.push({
        ...base,
        gateway: state,
        gatewayAmount: answer.amount,
        problem,
        detail: state === 'error' ? `${answer.responseCode} ${answer.message}`.trim() : null,
      });
    }
    return { from, to, lines, mismatches: lines.filter((l) => l.problem !== 'none').length };
  }
}
