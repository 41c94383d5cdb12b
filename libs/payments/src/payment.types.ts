/** One line of what a dossier owes, in đồng. */
export interface FeeLine {
  name: string;
  amount: number;
}

export type PaymentMethod = 'vnpay' | 'cash' | 'card';
export type PaymentRequestStatus = 'open' | 'paid' | 'cancelled';
export type RefundReason = 'refused' | 'stopped' | 'withdrawn' | 'paid_twice';

export interface PaymentRequestView {
  id: string;
  dossierId: string;
  reference: string;
  amount: number;
  items: FeeLine[];
  note: string | null;
  status: PaymentRequestStatus;
  createdAt: Date;
  requestedByName: string | null;
}

export interface PaymentView {
  id: string;
  requestId: string;
  receiptNo: string;
  method: PaymentMethod;
  amount: number;
  counterReceiptNo: string | null;
  transactionNo: string | null;
  bankCode: string | null;
  recordedByName: string | null;
  paidAt: Date;
}

export interface RefundView {
  id: string;
  requestId: string;
  amount: number;
  reason: RefundReason;
  status: 'due' | 'refunded';
  refundReceiptNo: string | null;
  refundedByName: string | null;
  createdAt: Date;
  refundedAt: Date | null;
}

export interface AttemptView {
  id: string;
  txnRef: string;
  amount: number;
  status: 'pending' | 'paid' | 'failed';
  responseCode: string | null;
  createdAt: Date;
}

/** Everything about a dossier's fees: the requests (newest first), their payments, attempts and refunds. */
export interface DossierPayments {
  requests: PaymentRequestView[];
  /** The request waiting to be paid, if any. */
  open: PaymentRequestView | null;
  payments: PaymentView[];
  attempts: AttemptView[];
  refunds: RefundView[];
}

/** What the IPN endpoint answers VNPay (its documented codes). */
export interface IpnAnswer {
  RspCode: '00' | '01' | '02' | '04' | '97' | '99';
  Message: string;
}

/** One line of the reconciliation: a transaction where the portal and the gateway disagree, or agree. */
export interface ReconcileLine {
  txnRef: string;
  dossierId: string;
  dossierCode: string | null;
  amount: number;
  local: 'pending' | 'paid' | 'failed';
  gateway: 'paid' | 'failed' | 'pending' | 'not_found' | 'error';
  gatewayAmount: number | null;
  createdAt: Date;
  problem: 'none' | 'paid_at_gateway_only' | 'paid_locally_only' | 'amount_differs' | 'gateway_error';
  detail: string | null;
}

export interface ReconcileReport {
  from: string;
  to: string;
  lines: ReconcileLine[];
  mismatches: number;
}
