import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { toLocal } from '@app/calendar';

/** VNPay's payment API, version 2.1.0, as the adapter speaks it. */
export const VNPAY_VERSION = '2.1.0';

export interface VnpayOptions {
  /** The payment page (`…/paymentv2/vpcpay.html`). */
  paymentUrl: string;
  /** The merchant web API (`…/merchant_webapi/api/transaction`), for querydr. */
  apiUrl: string;
  tmnCode: string;
  hashSecret: string;
  /** Where VNPay sends the citizen back after paying (shown, never trusted for state). */
  returnUrl: string;
  /** How long the payment page accepts the order, in minutes. */
  expireMinutes: number;
  timeoutMs: number;
}

/**
 * PHP `urlencode` (RFC 1738): every byte but letters, digits, `-`, `_` and `.` percent-encoded in upper-case hex,
 * space as `+`. VNPay's checksum is computed over values encoded this way.
 */
export function vnpEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * The string VNPay signs: every `vnp_*` parameter but the hash itself and its type, empty ones left out, sorted by
 * name, `name=value` (both encoded) joined with `&`.
 */
export function vnpSignData(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((k) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType' && params[k] !== '')
    .sort()
    .map((k) => `${vnpEncode(k)}=${vnpEncode(params[k] as string)}`)
    .join('&');
}

export function hmacSha512(secret: string, data: string): string {
  return createHmac('sha512', secret).update(data, 'utf8').digest('hex');
}

/** Compares two hex checksums in constant time (case-insensitive). */
export function sameHash(a: string | undefined, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a.toLowerCase()), Buffer.from(b.toLowerCase()));
}

/** `yyyyMMddHHmmss` in Vietnam time, as VNPay writes dates. */
export function vnpDate(instant: Date): string {
  const { date, msOfDay } = toLocal(instant);
  const s = Math.floor(msOfDay / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.replace(/-/g, '')}${two(Math.floor(s / 3600))}${two(Math.floor((s % 3600) / 60))}${two(s % 60)}`;
}

/** A VNPay date (`yyyyMMddHHmmss`, Vietnam time) as an instant, or null. */
export function parseVnpDate(text: string | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text ?? '');
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+07:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

export interface PaymentOrder {
  txnRef: string;
  /** In đồng. */
  amount: number;
  orderInfo: string;
  clientIp: string;
  locale: 'vi' | 'en';
  createdAt: Date;
}

/** What the IPN (or the return URL) tells about a payment, once its checksum is verified. */
export interface GatewayResult {
  txnRef: string;
  /** In đồng (vnp_Amount / 100). */
  amount: number;
  responseCode: string;
  transactionStatus: string;
  transactionNo: string;
  bankCode: string;
  payDate: string;
}

export interface QueryResult {
  /** VNPay's answer to the query: "00" found, "91" no such transaction, others errors. */
  responseCode: string;
  message: string;
  transactionStatus: string | null;
  amount: number | null;
  transactionNo: string | null;
  bankCode: string | null;
  payDate: string | null;
}

export class VnpayError extends Error {}

/**
 * VNPay's payment API 2.1.0: the signed redirect to its payment page, the verification of what it sends back (the
 * IPN to the server, the same parameters to the browser's return URL), and `querydr`, the signed server-to-server
 * query of a transaction's state used to confirm a payment the IPN did not and to reconcile.
 */
export class VnpayGateway {
  readonly name = 'vnpay';

  constructor(private readonly options: VnpayOptions) {}

  get tmnCode(): string {
    return this.options.tmnCode;
  }

  /** The payment page's address for an order, signed. */
  paymentUrl(order: PaymentOrder): string {
    const expires = new Date(order.createdAt.getTime() + this.options.expireMinutes * 60_000);
    const params: Record<string, string> = {
      vnp_Version: VNPAY_VERSION,
      vnp_Command: 'pay',
      vnp_TmnCode: this.options.tmnCode,
      vnp_Amount: String(order.amount * 100),
      vnp_CurrCode: 'VND',
      vnp_TxnRef: order.txnRef,
      vnp_OrderInfo: order.orderInfo,
      vnp_OrderType: 'other',
      vnp_Locale: order.locale === 'en' ? 'en' : 'vn',
      vnp_ReturnUrl: this.options.returnUrl,
      vnp_IpAddr: order.clientIp,
      vnp_CreateDate: vnpDate(order.createdAt),
      vnp_ExpireDate: vnpDate(expires),
    };
    const data = vnpSignData(params);
    return `${this.options.paymentUrl}?${data}&vnp_SecureHash=${hmacSha512(this.options.hashSecret, data)}`;
  }

  /** The signed result parameters of an IPN or a return, or null when the checksum does not match. */
  verify(query: Readonly<Record<string, unknown>>): GatewayResult | null {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && k.startsWith('vnp_')) params[k] = v;
    const expected = hmacSha512(this.options.hashSecret, vnpSignData(params));
    if (!sameHash(params['vnp_SecureHash'], expected)) return null;
    const amount = Number(params['vnp_Amount']);
    return {
      txnRef: params['vnp_TxnRef'] ?? '',
      amount: Number.isSafeInteger(amount) ? amount / 100 : NaN,
      responseCode: params['vnp_ResponseCode'] ?? '',
      transactionStatus: params['vnp_TransactionStatus'] ?? '',
      transactionNo: params['vnp_TransactionNo'] ?? '',
      bankCode: params['vnp_BankCode'] ?? '',
      payDate: params['vnp_PayDate'] ?? '',
    };
  }

  /** querydr: the gateway's record of a transaction, its answer's checksum verified. */
  async query(
    attempt: { txnRef: string; orderInfo: string; createDate: string },
    now = new Date(),
  ): Promise<QueryResult> {
    const body: Record<string, string> = {
      vnp_RequestId: randomUUID().replace(/-/g, '').slice(0, 32),
      vnp_Version: VNPAY_VERSION,
      vnp_Command: 'querydr',
      vnp_TmnCode: this.options.tmnCode,
      vnp_TxnRef: attempt.txnRef,
      vnp_OrderInfo: attempt.orderInfo,
      vnp_TransactionDate: attempt.createDate,
      vnp_CreateDate: vnpDate(now),
      vnp_IpAddr: '127.0.0.1',
    };
    body['vnp_SecureHash'] = hmacSha512(
      this.options.hashSecret,
      [
        'vnp_RequestId',
        'vnp_Version',
        'vnp_Command',
        'vnp_TmnCode',
        'vnp_TxnRef',
        'vnp_TransactionDate',
        'vnp_CreateDate',
        'vnp_IpAddr',
        'vnp_OrderInfo',
      ]
        .map((k) => body[k])
        .join('|'),
    );
    let res: Response;
    try {
      res = await fetch(this.options.apiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      throw new VnpayError(`VNPay querydr unreachable: ${(err as Error).message}`);
    }
    if (!res.ok) throw new VnpayError(`VNPay querydr answered HTTP ${res.status}`);
    const a = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!a) throw new VnpayError('VNPay querydr answered something other than JSON');
    const s = (k: string): string => {
      const v = a[k];
      return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
    };
    const signed = [
      'vnp_ResponseId',
      'vnp_Command',
      'vnp_ResponseCode',
      'vnp_Message',
      'vnp_TmnCode',
      'vnp_TxnRef',
      'vnp_Amount',
      'vnp_BankCode',
      'vnp_PayDate',
      'vnp_TransactionNo',
      'vnp_TransactionType',
      'vnp_TransactionStatus',
      'vnp_OrderInfo',
      'vnp_PromotionCode',
      'vnp_PromotionAmount',
    ]
      .map(s)
      .join('|');
    if (!sameHash(s('vnp_SecureHash'), hmacSha512(this.options.hashSecret, signed))) {
      throw new VnpayError('VNPay querydr answer failed its checksum');
    }
    const found = s('vnp_ResponseCode') === '00';
    const amount = Number(s('vnp_Amount'));
    return {
      responseCode: s('vnp_ResponseCode'),
      message: s('vnp_Message'),
      transactionStatus: found ? s('vnp_TransactionStatus') : null,
      amount: found && Number.isSafeInteger(amount) ? amount / 100 : null,
      transactionNo: found ? s('vnp_TransactionNo') || null : null,
      bankCode: found ? s('vnp_BankCode') || null : null,
      payDate: found ? s('vnp_PayDate') || null : null,
    };
  }
}
