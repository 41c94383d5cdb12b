import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@app/auth';
import { DossierService } from '@app/dossiers';
import { DomainError, FieldProblem } from '@app/observability';
import { PaymentReconciler } from './payment-reconciler';
import { GatewayResult, parseVnpDate, VnpayGateway, vnpDate } from './vnpay';
import {
  AttemptView,
  DossierPayments,
  FeeLine,
  IpnAnswer,
  PaymentMethod,
  PaymentRequestView,
  PaymentView,
  ReconcileReport,
  RefundReason,
  RefundView,
} from './payment.types';

/** The name a payment the gateway confirmed is recorded under on the dossier's trail. */
export const GATEWAY_PRINCIPAL: Principal = {
  subject: 'system:vnpay',
  kind: 'service',
  username: 'vnpay',
  name: 'VNPay (thanh toán trực tuyến)',
  email: null,
  roles: [],
  agency: null,
  agencyName: null,
  clientId: 'router',
};

const MAX_ITEMS = 20;
const MAX_AMOUNT = 1_000_000_000;

interface RequestRow {
  id: string;
  dossier_id: string;
  reference: string;
  amount: string;
  items: FeeLine[];
  note: string | null;
  status: PaymentRequestView['status'];
  created_at: Date;
  requested_by_name: string | null;
}

interface AttemptRow {
  id: string;
  request_id: string;
  txn_ref: string;
  amount: string;
  order_info: string;
  gateway_create_date: string;
  status: 'pending' | 'paid' | 'failed';
  response_code: string | null;
  created_at: Date;
}

const requestView = (r: RequestRow): PaymentRequestView => ({
  id: r.id,
  dossierId: r.dossier_id,
  reference: r.reference,
  amount: Number(r.amount),
  items: r.items,
  note: r.note,
  status: r.status,
  createdAt: r.created_at,
  requestedByName: r.requested_by_name,
});

/** A dossier as the payment pages and the receipt need it: nothing beyond the applicant's name. */
export interface PayableDossier {
  id: string;
  code: string | null;
  lookupKey: string;
  status: string;
  procedureName: string;
  agencyId: string;
  agencyName: string;
  applicantName: string;
  receivedAt: Date | null;
}

interface PayableRow {
  id: string;
  code: string | null;
  lookup_key: string;
  status: string;
  procedure_name: string;
  agency_id: string;
  agency_name: string;
  applicant_name: string | null;
  received_at: Date | null;
}

const PAYABLE = `
  SELECT d.id, d.code, d.lookup_key, d.status, p.name AS procedure_name, d.agency_id, a.name AS agency_name,
         d.applicant->>'fullName' AS applicant_name, d.received_at
    FROM dossier d JOIN agency a ON a.id = d.agency_id
    JOIN procedure_version v ON v.id = d.procedure_version_id JOIN procedure p ON p.id = v.procedure_id`;

const payableOf = (r: PayableRow): PayableDossier => ({
  id: r.id,
  code: r.code,
  lookupKey: r.lookup_key,
  status: r.status,
  procedureName: r.procedure_name,
  agencyId: r.agency_id,
  agencyName: r.agency_name,
  applicantName: r.applicant_name ?? '',
  receivedAt: r.received_at,
});

/** Checks the lines a specialist asks the applicant to pay: names, whole đồng, a total above zero. */
export function checkFeeLines(items: unknown): { lines: FeeLine[]; errors: FieldProblem[] } {
  const errors: FieldProblem[] = [];
  if (!Array.isArray(items) || items.length === 0) {
    return { lines: [], errors: [{ field: 'items', messages: ['must list at least one fee'] }] };
  }
  if (items.length > MAX_ITEMS) errors.push({ field: 'items', messages: [`must list at most ${MAX_ITEMS} fees`] });
  const lines: FeeLine[] = [];
  items.slice(0, MAX_ITEMS).forEach((item: unknown, i) => {
    const it = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const name = typeof it['name'] === 'string' ? it['name'].trim() : '';
    const amount = it['amount'];
    if (name.length < 2 || name.length > 200) {
      errors.push({ field: `items[${i}].name`, messages: ['must be 2 to 200 characters'] });
    }
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0 || amount > MAX_AMOUNT) {
      errors.push({ field: `items[${i}].amount`, messages: ['must be a whole number of đồng from 0'] });
    }
    if (errors.length === 0 && typeof amount === 'number' && amount > 0) lines.push({ name, amount });
  });
  if (errors.length === 0 && lines.length === 0) {
    errors.push({ field: 'items', messages: ['must come to more than 0 đồng'] });
  }
  return { lines, errors };
}

/**
 * Fees and their payment, the only writer of payment_request, payment_attempt, payment and payment_refund. A request
 * is created in the transaction that moves the dossier to awaiting_financial_obligation; it is paid once — online,
 * when VNPay's signed IPN (or a signed querydr answer) says so, or at the counter with the receipt number — and the
 * dossier moves on (financial_obligation_met) in the transaction that records the payment. The return URL is shown to
 * the citizen and never trusted. Locks are taken in one order everywhere (attempt, request, dossier), so an IPN and a
 * counter payment racing for the same request serialise: one payment; money the other took is a refund due.
 */
export class PaymentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dossiers: DossierService,
    private readonly gateway: VnpayGateway | null,
  ) {}

  get onlineEnabled(): boolean {
    return this.gateway !== null;
  }

  /** The dossier a code and the key printed on its receipt name, or null (one answer for a wrong code or key). */
  async dossierByCodeAndKey(code: string, key: string): Promise<PayableDossier | null> {
    const [row] = await this.dataSource.query<PayableRow[]>(`${PAYABLE} WHERE d.code = $1`, [code]);
    const given = Buffer.from(key.trim().toUpperCase());
    if (!row || given.length !== row.lookup_key.length || !timingSafeEqual(given, Buffer.from(row.lookup_key))) {
      return null;
    }
    return payableOf(row);
  }

  /** The facts of a dossier its payments are shown and printed with (the caller has checked who may see them). */
  async dossier(dossierId: string): Promise<PayableDossier | null> {
    const [row] = await this.dataSource.query<PayableRow[]>(`${PAYABLE} WHERE d.id = $1`, [dossierId]);
    return row ? payableOf(row) : null;
  }

  /** The specialist asks for the fees: the dossier moves to awaiting_financial_obligation with a payment request. */
  async requestPayment(
    principal: Principal,
    dossierId: string,
    input: { items: unknown; reason: string | null; expectedVersion?: number },
    now = new Date(),
  ): Promise<PaymentRequestView> {
    const { lines, errors } = checkFeeLines(input.items);
    if (errors.length > 0) {
      throw new DomainError('validation_failed', 'The fees asked for are not valid.', { errors });
    }
    const amount = lines.reduce((sum, l) => sum + l.amount, 0);
    return this.dataSource.transaction(async (em) => {
      await this.dossiers.actIn(em, principal, dossierId, 'request_financial_obligation', {
        reason: input.reason,
        expectedVersion: input.expectedVersion,
      });
      const [row] = await em.query<RequestRow[]>(
        `INSERT INTO payment_request (dossier_id, reference, amount, items, note, requested_by_subject, requested_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, dossier_id, reference, amount, items, note, status, created_at, requested_by_name`,
        [dossierId, newReference(now), amount, JSON.stringify(lines), input.reason, principal.subject, principal.name],
      );
      return requestView(row as RequestRow);
    });
  }

  /** A dossier's fees, requests, payments, attempts and refunds (the caller has checked who may see them). */
  async forDossier(dossierId: string): Promise<DossierPayments> {
    const requests = (
      await this.dataSource.query<RequestRow[]>(
        `SELECT id, dossier_id, reference, amount, items, note, status, created_at, requested_by_name
           FROM payment_request WHERE dossier_id = $1 ORDER BY created_at DESC`,
        [dossierId],
      )
    ).map(requestView);
    const ids = requests.map((r) => r.id);
    const payments = await this.dataSource.query<
      Array<{
        id: string;
        request_id: string;
        receipt_no: string;
        method: PaymentMethod;
        amount: string;
        counter_receipt_no: string | null;
        transaction_no: string | null;
        bank_code: string | null;
        recorded_by_name: string | null;
        paid_at: Date;
      }>
    >(
      `SELECT p.id, p.request_id, p.receipt_no, p.method, p.amount, p.counter_receipt_no, a.transaction_no, a.bank_code,
              p.recorded_by_name, p.paid_at
         FROM payment p LEFT JOIN payment_attempt a ON a.id = p.attempt_id
        WHERE p.request_id = ANY($1::uuid[]) ORDER BY p.paid_at DESC`,
      [ids],
    );
    const attempts = await this.dataSource.query<AttemptRow[]>(
      `SELECT id, request_id, txn_ref, amount, order_info, gateway_create_date, status, response_code, created_at
         FROM payment_attempt WHERE request_id = ANY($1::uuid[]) ORDER BY created_at DESC`,
      [ids],
    );
    const refunds = await this.dataSource.query<
      Array<{
        id: string;
        request_id: string;
        amount: string;
        reason: RefundReason;
        status: 'due' | 'refunded';
        refund_receipt_no: string | null;
        refunded_by_name: string | null;
        created_at: Date;
        refunded_at: Date | null;
      }>
    >(
      `SELECT id, request_id, amount, reason, status, refund_receipt_no, refunded_by_name, created_at, refunded_at
         FROM payment_refund WHERE request_id = ANY($1::uuid[]) ORDER BY created_at DESC`,
      [ids],
    );
    return {
      requests,
      open: requests.find((r) => r.status === 'open') ?? null,
      payments: payments.map((p): PaymentView => ({
        id: p.id,
        requestId: p.request_id,
        receiptNo: p.receipt_no,
        method: p.method,
        amount: Number(p.amount),
        counterReceiptNo: p.counter_receipt_no,
        transactionNo: p.transaction_no,
        bankCode: p.bank_code,
        recordedByName: p.recorded_by_name,
        paidAt: p.paid_at,
      })),
      attempts: attempts.map((a): AttemptView => ({
        id: a.id,
        txnRef: a.txn_ref,
        amount: Number(a.amount),
        status: a.status,
        responseCode: a.response_code,
        createdAt: a.created_at,
      })),
      refunds: refunds.map((r): RefundView => ({
        id: r.id,
        requestId: r.request_id,
        amount: Number(r.amount),
        reason: r.reason,
        status: r.status,
        refundReceiptNo: r.refund_receipt_no,
        refundedByName: r.refunded_by_name,
        createdAt: r.created_at,
        refundedAt: r.refunded_at,
      })),
    };
  }

  /**
   * Starts an online payment of the dossier's open request: a new attempt with its own transaction reference, and
   * the signed address of the gateway's payment page to send the citizen to.
   */
  async startOnline(
    dossierId: string,
    clientIp: string,
    locale: 'vi' | 'en',
    now = new Date(),
  ): Promise<{ url: string; txnRef: string }> {
    const gateway = this.gateway;
    if (!gateway) throw new DomainError('action_not_available', 'Online payment is not available.');
    return this.dataSource.transaction(async (em) => {
      const [request] = await em.query<Array<RequestRow & { code: string | null }>>(
        `SELECT r.id, r.dossier_id, r.reference, r.amount, r.items, r.note, r.status, r.created_at,
                r.requested_by_name, d.code
           FROM payment_request r JOIN dossier d ON d.id = r.dossier_id
          WHERE r.dossier_id = $1 AND r.status = 'open' FOR UPDATE OF r`,
        [dossierId],
      );
      if (!request) throw new DomainError('action_not_available', 'Nothing is waiting to be paid for this dossier.');
      const [counted] = await em.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM payment_attempt WHERE request_id = $1`,
        [request.id],
      );
      const n = counted?.n ?? 0;
      if (n >= 99) throw new DomainError('action_not_available', 'Too many payment attempts for this request.');
      const txnRef = `${request.reference}${String(n + 1).padStart(2, '0')}`;
      // VNPay's order info: plain text without diacritics or special characters.
      const orderInfo = `Thanh toan phi le phi ho so ${request.code ?? request.reference} ma ${txnRef}`;
      const amount = Number(request.amount);
      const ip = clientIp.replace(/^::ffff:/, '') || '127.0.0.1';
      await em.query(
        `INSERT INTO payment_attempt (request_id, gateway, txn_ref, amount, order_info, client_ip, gateway_create_date, created_at)
         VALUES ($1, 'vnpay', $2, $3, $4, $5, $6, $7)`,
        [request.id, txnRef, amount, orderInfo, ip.slice(0, 45), vnpDate(now), now],
      );
      return { url: gateway.paymentUrl({ txnRef, amount, orderInfo, clientIp: ip, locale, createdAt: now }), txnRef };
    });
  }

  /**
   * VNPay's IPN, the only notice that marks a payment paid: checksum (97), the order (01), the amount (04), an order
   * already confirmed (02), then the result recorded with the payment and the dossier's move in one transaction (00).
   * A repeated IPN finds the attempt confirmed and changes nothing.
   */
  async handleIpn(query: Readonly<Record<string, unknown>>, now = new Date()): Promise<IpnAnswer> {
    const gateway = this.gateway;
    if (!gateway) return { RspCode: '99', Message: 'Unknown error' };
    const result = gateway.verify(query);
    if (!result) return { RspCode: '97', Message: 'Invalid Checksum' };
    return this.dataSource.transaction(async (em) => {
      const attempt = await this.lockAttempt(em, result.txnRef);
      if (!attempt) return { RspCode: '01', Message: 'Order not found' };
      if (Number(attempt.amount) !== result.amount) return { RspCode: '04', Message: 'Invalid amount' };
      if (attempt.status !== 'pending') return { RspCode: '02', Message: 'Order already confirmed' };
      await this.confirm(em, attempt, result, 'ipn', now);
      return { RspCode: '00', Message: 'Confirm Success' };
    });
  }

  /**
   * Where the citizen lands after the payment page. What the browser brings is only shown (its checksum checked);
   * the state comes from the IPN, or — when none has arrived — from the gateway itself, asked with querydr.
   */
  async onReturn(
    query: Readonly<Record<string, unknown>>,
    now = new Date(),
  ): Promise<{
    valid: boolean;
    dossierId: string | null;
    state: 'paid' | 'failed' | 'pending';
    responseCode: string | null;
  }> {
    const gateway = this.gateway;
    const shown = gateway?.verify(query) ?? null;
    if (!gateway || !shown) return { valid: false, dossierId: null, state: 'pending', responseCode: null };
    const [attempt] = await this.dataSource.query<Array<AttemptRow & { dossier_id: string }>>(
      `SELECT a.id, a.request_id, a.txn_ref, a.amount, a.order_info, a.gateway_create_date, a.status, a.response_code,
              a.created_at, r.dossier_id
         FROM payment_attempt a JOIN payment_request r ON r.id = a.request_id
        WHERE a.gateway = 'vnpay' AND a.txn_ref = $1`,
      [shown.txnRef],
    );
    if (!attempt) return { valid: false, dossierId: null, state: 'pending', responseCode: null };
    let state = attempt.status;
    if (state === 'pending') state = (await this.confirmByQuery(attempt.txn_ref, now)) ?? 'pending';
    return { valid: true, dossierId: attempt.dossier_id, state, responseCode: shown.responseCode };
  }

  /** Asks the gateway about a pending attempt and records what its signed answer says; returns the new state. */
  async confirmByQuery(txnRef: string, now = new Date()): Promise<'paid' | 'failed' | null> {
    const gateway = this.gateway;
    if (!gateway) return null;
    const [attempt] = await this.dataSource.query<AttemptRow[]>(
      `SELECT id, request_id, txn_ref, amount, order_info, gateway_create_date, status, response_code, created_at
         FROM payment_attempt WHERE gateway = 'vnpay' AND txn_ref = $1`,
      [txnRef],
    );
    if (!attempt) return null;
    if (attempt.status !== 'pending') return attempt.status;
    let answer;
    try {
      answer = await gateway.query(
        { txnRef, orderInfo: attempt.order_info, createDate: attempt.gateway_create_date },
        now,
      );
    } catch {
      return null;
    }
    // Not found, or still pending at the gateway: nothing to record yet.
    if (answer.responseCode !== '00' || answer.transactionStatus === null || answer.transactionStatus === '01') {
      return null;
    }
    if (answer.amount !== Number(attempt.amount)) return null;
    const result: GatewayResult = {
      txnRef,
      amount: answer.amount,
      responseCode: answer.transactionStatus === '00' ? '00' : answer.transactionStatus,
      transactionStatus: answer.transactionStatus,
      transactionNo: answer.transactionNo ?? '',
      bankCode: answer.bankCode ?? '',
      payDate: answer.payDate ?? '',
    };
    return this.dataSource.transaction(async (em) => {
      const locked = await this.lockAttempt(em, txnRef);
      if (!locked || locked.status !== 'pending') return locked?.status === 'paid' ? 'paid' : 'failed';
      return this.confirm(em, locked, result, 'query', now);
    });
  }

  private async lockAttempt(em: EntityManager, txnRef: string): Promise<AttemptRow | undefined> {
    const [attempt] = await em.query<AttemptRow[]>(
      `SELECT id, request_id, txn_ref, amount, order_info, gateway_create_date, status, response_code, created_at
         FROM payment_attempt WHERE gateway = 'vnpay' AND txn_ref = $1 FOR UPDATE`,
      [txnRef],
    );
    return attempt;
  }

  /** Records the gateway's result on a locked pending attempt: paid (payment, dossier moves on) or failed. */
  private async confirm(
    em: EntityManager,
    attempt: AttemptRow,
    result: GatewayResult,
    by: 'ipn' | 'query',
    now: Date,
  ): Promise<'paid' | 'failed'> {
    const paid = result.responseCode === '00' && result.transactionStatus === '00';
    await em.query(
      `UPDATE payment_attempt
          SET status = $2, response_code = $3, transaction_status = $4, transaction_no = $5, bank_code = $6,
              pay_date = $7, confirmed_by = $8, confirmed_at = $9
        WHERE id = $1`,
      [
        attempt.id,
        paid ? 'paid' : 'failed',
        result.responseCode.slice(0, 4),
        result.transactionStatus.slice(0, 4),
        result.transactionNo.slice(0, 32) || null,
        result.bankCode.slice(0, 32) || null,
        result.payDate.slice(0, 14) || null,
        by,
        now,
      ],
    );
    if (!paid) return 'failed';
    const [request] = await em.query<Array<{ id: string; dossier_id: string; status: string }>>(
      `SELECT id, dossier_id, status FROM payment_request WHERE id = $1 FOR UPDATE`,
      [attempt.request_id],
    );
    if (!request) return 'paid';
    if (request.status !== 'open') {
      // Paid meanwhile (at the counter) or no longer owed: the money this attempt took goes back.
      await em.query(
        `INSERT INTO payment_refund (request_id, attempt_id, amount, reason) VALUES ($1, $2, $3, 'paid_twice')
         ON CONFLICT DO NOTHING`,
        [request.id, attempt.id, attempt.amount],
      );
      return 'paid';
    }
    const paidAt = parseVnpDate(result.payDate) ?? now;
    await this.recordPayment(
      em,
      request,
      { method: 'vnpay', attemptId: attempt.id, amount: Number(attempt.amount) },
      null,
      paidAt,
    );
    await this.dossiers.actAsSystem(em, GATEWAY_PRINCIPAL, request.dossier_id, 'financial_obligation_met', {
      reason: `Đã thanh toán trực tuyến qua VNPay, mã giao dịch ${result.transactionNo}`,
    });
    return 'paid';
  }

  private async recordPayment(
    em: EntityManager,
    request: { id: string },
    p: { method: PaymentMethod; attemptId?: string; amount: number; counterReceiptNo?: string },
    by: Principal | null,
    paidAt: Date,
  ): Promise<string> {
    const [row] = await em.query<Array<{ id: string }>>(
      `INSERT INTO payment (request_id, receipt_no, method, amount, attempt_id, counter_receipt_no,
                            recorded_by_subject, recorded_by_name, paid_at)
       VALUES ($1, 'BL' || to_char($9::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YY') || '-'
                   || lpad(nextval('payment_receipt_seq')::text, 7, '0'),
               $2, $3, $4, $5, $6, $7, $8)
       RETURNING id`,
      [
        request.id,
        p.method,
        p.amount,
        p.attemptId ?? null,
        p.counterReceiptNo ?? null,
        by?.subject ?? null,
        by?.name ?? null,
        paidAt,
        paidAt,
      ],
    );
    await em.query(`UPDATE payment_request SET status = 'paid', closed_at = $2 WHERE id = $1`, [request.id, paidAt]);
    return (row as { id: string }).id;
  }

  /**
   * The desk records a payment made at the counter (cash or card) with the number of the receipt it issued; the
   * dossier moves on in the same transaction. Refused if the request was paid meanwhile (online).
   */
  async recordCounterPayment(
    principal: Principal,
    dossierId: string,
    input: { method: unknown; counterReceiptNo: unknown },
    now = new Date(),
  ): Promise<string> {
    const method = input.method === 'cash' || input.method === 'card' ? input.method : null;
    const receiptNo = typeof input.counterReceiptNo === 'string' ? input.counterReceiptNo.trim() : '';
    const errors: FieldProblem[] = [];
    if (!method) errors.push({ field: 'method', messages: ['must be cash or card'] });
    if (receiptNo.length < 1 || receiptNo.length > 40) {
      errors.push({ field: 'counterReceiptNo', messages: ['must be 1 to 40 characters'] });
    }
    if (errors.length > 0 || !method)
      throw new DomainError('validation_failed', 'The payment is not valid.', { errors });
    // Who may: the staff the dossier's lifecycle allows to record the obligation met (checked before any lock).
    await this.dossiers.get(principal, dossierId);
    return this.dataSource.transaction(async (em) => {
      const [request] = await em.query<Array<{ id: string; amount: string; status: string }>>(
        `SELECT id, amount, status FROM payment_request
          WHERE dossier_id = $1 AND status = 'open' FOR UPDATE`,
        [dossierId],
      );
      if (!request) {
        throw new DomainError(
          'action_not_available',
          'Nothing is waiting to be paid for this dossier (paid already?).',
          {
            extensions: { missing: 'open_payment_request' },
          },
        );
      }
      await this.dossiers.actIn(em, principal, dossierId, 'financial_obligation_met', {
        reason: `Đã nộp tại quầy (${method === 'cash' ? 'tiền mặt' : 'thẻ'}), biên lai số ${receiptNo}`,
      });
      return this.recordPayment(
        em,
        request,
        { method, amount: Number(request.amount), counterReceiptNo: receiptNo },
        principal,
        now,
      );
    });
  }

  /** The desk records a refund paid back, with its receipt number. */
  async recordRefund(principal: Principal, dossierId: string, refundId: string, receiptNo: unknown): Promise<void> {
    const no = typeof receiptNo === 'string' ? receiptNo.trim() : '';
    if (no.length < 1 || no.length > 40) {
      throw new DomainError('validation_failed', 'The refund receipt number is not valid.', {
        errors: [{ field: 'refundReceiptNo', messages: ['must be 1 to 40 characters'] }],
      });
    }
    const { actor } = await this.dossiers.get(principal, dossierId);
    if (actor.kind !== 'staff' || !actor.roles.some((r) => r === 'clerk' || r === 'leader')) {
      throw new DomainError('forbidden', 'Only the desk records refunds.');
    }
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE payment_refund f SET status = 'refunded', refund_receipt_no = $3, refunded_by_subject = $4,
              refunded_by_name = $5, refunded_at = now()
         FROM payment_request r
        WHERE f.id = $1 AND f.request_id = r.id AND r.dossier_id = $2 AND f.status = 'due'
       RETURNING f.id`,
      [refundId, dossierId, no, principal.subject, principal.name],
    );
    if (rows.length === 0) throw new DomainError('not_found', 'No such refund due for this dossier.');
  }

  /** The facts a receipt (biên lai) is printed from. */
  async receipt(paymentId: string): Promise<{
    payment: PaymentView;
    request: PaymentRequestView;
  } | null> {
    const [row] = await this.dataSource.query<Array<{ request_id: string; dossier_id: string }>>(
      `SELECT p.request_id, r.dossier_id FROM payment p JOIN payment_request r ON r.id = p.request_id WHERE p.id = $1`,
      [paymentId],
    );
    if (!row) return null;
    const all = await this.forDossier(row.dossier_id);
    const payment = all.payments.find((p) => p.id === paymentId);
    const request = all.requests.find((r) => r.id === row.request_id);
    return payment && request ? { payment, request } : null;
  }

  /** Online payments of the days given compared with the gateway's records (see PaymentReconciler). */
  async reconcile(from: string, to: string): Promise<ReconcileReport> {
    if (!this.gateway) throw new DomainError('action_not_available', 'Online payment is not configured.');
    return new PaymentReconciler(this.dataSource, this.gateway).reconcile(from, to);
  }
}

/**
 * A paid dossier that was refused, stopped or withdrawn gets its money back: a refund due, recorded once, in the
 * caller's transaction (the worker's handling of the dossier's event); a request still open is no longer owed.
 */
export async function planClosureRefund(em: EntityManager, dossierId: string, reason: RefundReason): Promise<number> {
  const rows = await em.query<unknown[]>(
    `INSERT INTO payment_refund (request_id, amount, reason)
     SELECT r.id, p.amount, $2 FROM payment_request r JOIN payment p ON p.request_id = r.id
      WHERE r.dossier_id = $1
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [dossierId, reason],
  );
  await em.query(
    `UPDATE payment_request SET status = 'cancelled', closed_at = now() WHERE dossier_id = $1 AND status = 'open'`,
    [dossierId],
  );
  return rows.length;
}

/** A payment request's reference: "TT", the day (yymmdd) and six random letters or digits, e.g. TT261206K3F9QZ. */
function newReference(now: Date): string {
  const day = vnpDate(now).slice(2, 8);
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(6);
  let tail = '';
  for (const b of bytes) tail += alphabet[b % alphabet.length];
  return `TT${day}${tail}`;
}
