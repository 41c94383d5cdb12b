import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** When the IPN of a payment goes out. */
export const IPN_MODES = ['normal', 'before_return', 'delayed', 'none'] as const;
export type IpnMode = (typeof IPN_MODES)[number];

export interface IpnOptions {
  ipn: IpnMode;
  /** The wait before the IPN in mode `delayed`. */
  delayMs: number;
}

export const DEFAULT_DELAY_MS = 3_000;
export const MAX_DELAY_MS = 600_000;

/** What the customer chose on the payment page. */
export type PaymentChoice = 'success' | 'failure' | 'cancel';

/** One IPN call to the merchant and what came back. */
export interface IpnAttempt {
  /** 1 for the first call of a payment; resends continue the count. */
  attempt: number;
  trigger: 'auto' | 'resend';
  at: string;
  url: string;
  /** Null when no HTTP answer came (refused, timed out): `error` says why. */
  httpStatus: number | null;
  rspCode: string | null;
  message: string | null;
  /** The answer's body as it came (cut at 2,000 characters). */
  body: string | null;
  error: string | null;
  /** True when the merchant took it: HTTP 200 with RspCode 00 (confirmed) or 02 (already confirmed). */
  accepted: boolean;
}

/**
 * Where a payment's IPN stands: `pending` (to be sent or being retried), `confirmed` (the merchant answered 00 or
 * 02), `gave_up` (every attempt failed), `skipped` (asked not to send), `not_configured` (no IPN URL).
 */
export type IpnState = 'pending' | 'confirmed' | 'gave_up' | 'skipped' | 'not_configured';

/** A payment as the sandbox recorded it when the customer finished on the payment page. */
export interface SandboxTransaction {
  /** The sandbox's own running number of the record (1, 2, …). */
  seq: number;
  tmnCode: string;
  txnRef: string;
  amount: string;
  orderInfo: string;
  orderType: string;
  locale: string;
  ipAddr: string;
  returnUrl: string;
  createDate: string;
  expireDate: string | null;
  choice: PaymentChoice;
  transactionNo: string;
  bankCode: string;
  bankTranNo: string;
  cardType: string;
  payDate: string;
  responseCode: string;
  transactionStatus: string;
  completedAt: string;
  /** Exactly the parameters sent to the return URL and the IPN URL, `vnp_SecureHash` included. */
  resultParams: Record<string, string>;
  ipnMode: IpnMode;
  ipnDelayMs: number;
  ipnUrl: string | null;
  ipnState: IpnState;
  ipnAttempts: IpnAttempt[];
}

interface Snapshot {
  version: 1;
  lastTransactionNo: number;
  lastSeq: number;
  transactions: SandboxTransaction[];
  /** querydr request ids already used, per terminal code, oldest first. */
  requestIds: Record<string, string[]>;
}

/** The state file cannot be used; the message says which file and why. */
export class StateFileError extends Error {}

/** VNPay's transaction numbers are large running numbers; the sandbox's start here. */
const FIRST_TRANSACTION_NO = 14_000_000;
/** querydr request ids remembered per merchant (a reuse within them is answered 94). */
const REQUEST_IDS_KEPT = 10_000;

/**
 * Everything the sandbox knows: the payments made on its page, their IPN attempts, the numbering and the querydr
 * request ids seen. In memory; with a state file it is loaded at start and written (atomically, owner-only) after
 * every change, so a restart neither reuses a transaction number nor forgets a payment the merchant may query.
 */
export class SandboxStore {
  private lastTransactionNo = FIRST_TRANSACTION_NO;
  private lastSeq = 0;
  private readonly all: SandboxTransaction[] = [];
  private readonly requestIds = new Map<string, string[]>();
  /** What the next payment's IPN does, when asked through the API or the list page; used once. */
  private pending: IpnOptions | null = null;

  constructor(private readonly stateFile: string | null) {
    if (stateFile && existsSync(stateFile)) this.load(stateFile);
  }

  nextTransactionNo(): string {
    this.lastTransactionNo += 1;
    return String(this.lastTransactionNo);
  }

  add(tx: Omit<SandboxTransaction, 'seq'>): SandboxTransaction {
    this.lastSeq += 1;
    const stored = { ...tx, seq: this.lastSeq };
    this.all.push(stored);
    this.save();
    return stored;
  }

  /** Newest first. */
  list(): SandboxTransaction[] {
    return [...this.all].reverse();
  }

  /** The newest transaction with this reference, for the merchant. */
  latest(tmnCode: string, txnRef: string): SandboxTransaction | undefined {
    return this.list().find((t) => t.tmnCode === tmnCode && t.txnRef === txnRef);
  }

  /** Whether the order was already paid successfully (VNPay refuses to take it again). */
  paid(tmnCode: string, txnRef: string): boolean {
    return this.all.some((t) => t.tmnCode === tmnCode && t.txnRef === txnRef && t.responseCode === '00');
  }

  /** Remembers a querydr request id; false when the merchant used it before. */
  useRequestId(tmnCode: string, requestId: string): boolean {
    const seen = this.requestIds.get(tmnCode) ?? [];
    if (seen.includes(requestId)) return false;
    seen.push(requestId);
    if (seen.length > REQUEST_IDS_KEPT) seen.splice(0, seen.length - REQUEST_IDS_KEPT);
    this.requestIds.set(tmnCode, seen);
    this.save();
    return true;
  }

  setNextOptions(options: IpnOptions | null): void {
    this.pending = options;
  }

  nextOptions(): IpnOptions | null {
    return this.pending;
  }

  /** The options for the payment being completed now; they apply once. */
  takeNextOptions(): IpnOptions | null {
    const options = this.pending;
    this.pending = null;
    return options;
  }

  count(): number {
    return this.all.length;
  }

  save(): void {
    if (!this.stateFile) return;
    const snapshot: Snapshot = {
      version: 1,
      lastTransactionNo: this.lastTransactionNo,
      lastSeq: this.lastSeq,
      transactions: this.all,
      requestIds: Object.fromEntries(this.requestIds),
    };
    mkdirSync(dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(snapshot), { mode: 0o600 });
    renameSync(tmp, this.stateFile);
  }

  private load(file: string): void {
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    } catch (err) {
      throw new StateFileError(
        `VNPAY_SANDBOX_STATE_FILE ${file} cannot be read (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    if (snapshot?.version !== 1 || !Array.isArray(snapshot.transactions)) {
      throw new StateFileError(
        `VNPAY_SANDBOX_STATE_FILE ${file} is not a state file of this sandbox (version 1); move it away`,
      );
    }
    this.lastTransactionNo = snapshot.lastTransactionNo;
    this.lastSeq = snapshot.lastSeq;
    this.all.push(...snapshot.transactions);
    for (const [tmn, ids] of Object.entries(snapshot.requestIds ?? {})) this.requestIds.set(tmn, [...ids]);
  }
}
