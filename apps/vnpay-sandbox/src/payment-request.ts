import { isIP } from 'node:net';
import { verifySecureHash } from './signing';
import { parseVnpDate } from './vietnam-time';

/** The merchant account the sandbox plays VNPay for. */
export interface MerchantAccount {
  tmnCode: string;
  hashSecret: string;
  name: string;
}

/** A payment request (`vnp_Command=pay`) that passed every check. */
export interface PaymentRequest {
  tmnCode: string;
  /** VND × 100, as sent. */
  amount: string;
  txnRef: string;
  orderInfo: string;
  orderType: string;
  locale: 'vn' | 'en';
  returnUrl: string;
  ipAddr: string;
  createDate: string;
  expireDate: string | null;
  bankCode: string | null;
  /** The query string as it came, checksum included: the payment form posts it back. */
  rawQuery: string;
}

/** Why VNPay's payment page refuses a request: its error page's code and message. */
export interface PaymentRefusal {
  code: string;
  /** The page's headline, as VNPay words it. */
  message: string;
  /** What exactly is wrong, for the merchant's developer. */
  detail: string;
}

export const REFUSALS = {
  format: { code: '03', message: 'Dữ liệu gửi sang không đúng định dạng' },
  merchant: { code: '02', message: 'Website chưa được phê duyệt' },
  signature: { code: '97', message: 'Sai chữ ký' },
  expired: { code: '11', message: 'Giao dịch đã quá thời gian chờ thanh toán' },
  duplicate: { code: '01', message: 'Giao dịch đã tồn tại' },
} as const;

export const MIN_AMOUNT_VND = 5_000;
export const MAX_AMOUNT_VND = 1_000_000_000;

const refuse = (kind: keyof typeof REFUSALS, detail: string): PaymentRefusal => ({ ...REFUSALS[kind], detail });

/** An http(s) URL whose origin can go into a Content-Security-Policy as it is (the payment form redirects there). */
function returnUrlProblem(value: string): string | null {
  if (value.length > 255) return 'dài tối đa 255 ký tự';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'không phải là một địa chỉ URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'phải là địa chỉ http hoặc https';
  if (url.username || url.password) return 'không được chứa tên đăng nhập hay mật khẩu';
  if (!/^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(url.origin)) return 'có tên máy không hợp lệ';
  return null;
}

/**
 * Checks a payment URL's query string as VNPay's `vpcpay.html` does: the merchant (code 02), the checksum (97), the
 * parameters of version 2.1.0 (03) and the expiry (11). Whether the order was already paid is the store's to say.
 */
export function checkPaymentRequest(
  rawQuery: string,
  account: MerchantAccount,
  now: Date,
): { ok: true; request: PaymentRequest } | { ok: false; refusal: PaymentRefusal } {
  const search = new URLSearchParams(rawQuery);
  const params = new Map<string, string>();
  for (const [name, value] of search) {
    if (!name.startsWith('vnp_')) continue;
    if (params.has(name)) return { ok: false, refusal: refuse('format', `${name} được gửi nhiều lần`) };
    params.set(name, value);
  }
  const get = (name: string) => params.get(name) ?? '';

  const tmnCode = get('vnp_TmnCode');
  if (tmnCode === '') return { ok: false, refusal: refuse('merchant', 'thiếu vnp_TmnCode') };
  if (tmnCode !== account.tmnCode)
    return { ok: false, refusal: refuse('merchant', `vnp_TmnCode "${tmnCode}" không phải mã website nào đã đăng ký`) };
  if (get('vnp_SecureHash') === '') return { ok: false, refusal: refuse('signature', 'thiếu vnp_SecureHash') };
  let signed: boolean;
  try {
    signed = verifySecureHash(account.hashSecret, params);
  } catch {
    signed = false;
  }
  if (!signed)
    return {
      ok: false,
      refusal: refuse('signature', 'vnp_SecureHash không khớp với HMAC-SHA512 của các tham số vnp_* theo khóa bí mật'),
    };

  const problems: string[] = [];
  const required = (name: string, rule: RegExp | ((v: string) => boolean), what: string) => {
    const value = get(name);
    if (value === '') problems.push(`thiếu ${name}`);
    else if (typeof rule === 'function' ? !rule(value) : !rule.test(value)) problems.push(`${name}: ${what}`);
    return value;
  };
  required('vnp_Version', /^2\.1\.0$/, 'chỉ hỗ trợ phiên bản 2.1.0');
  required('vnp_Command', /^pay$/, 'phải là pay');
  const amount = required('vnp_Amount', /^[1-9]\d{0,11}$/, 'phải là số nguyên dương (số tiền VND nhân 100)');
  if (/^[1-9]\d{0,11}$/.test(amount)) {
    const vnd = Number(amount) / 100;
    if (!Number.isInteger(vnd)) problems.push('vnp_Amount: phải là số tiền VND nhân 100 (không có phần lẻ)');
    else if (vnd < MIN_AMOUNT_VND || vnd >= MAX_AMOUNT_VND)
      problems.push('vnp_Amount: số tiền hợp lệ từ 5,000 đến dưới 1 tỷ đồng');
  }
  required('vnp_CurrCode', /^VND$/, 'chỉ hỗ trợ VND');
  const txnRef = required('vnp_TxnRef', /^[\x21-\x7e]{1,100}$/, 'gồm 1 đến 100 ký tự ASCII, không có dấu cách');
  const orderInfo = required('vnp_OrderInfo', (v) => v.length <= 255, 'dài tối đa 255 ký tự');
  const orderType = required('vnp_OrderType', (v) => v.length <= 100, 'dài tối đa 100 ký tự');
  const locale = required('vnp_Locale', /^(vn|en)$/, 'phải là vn hoặc en');
  const returnUrl = get('vnp_ReturnUrl');
  if (returnUrl === '') problems.push('thiếu vnp_ReturnUrl');
  else {
    const problem = returnUrlProblem(returnUrl);
    if (problem) problems.push(`vnp_ReturnUrl: ${problem}`);
  }
  const ipAddr = required('vnp_IpAddr', (v) => isIP(v) !== 0, 'phải là một địa chỉ IP');
  const createDate = required('vnp_CreateDate', (v) => parseVnpDate(v) !== null, 'phải có dạng yyyyMMddHHmmss');
  const expireDate = get('vnp_ExpireDate');
  if (expireDate !== '' && parseVnpDate(expireDate) === null)
    problems.push('vnp_ExpireDate: phải có dạng yyyyMMddHHmmss');
  const bankCode = get('vnp_BankCode');
  if (bankCode !== '' && !/^[A-Za-z0-9]{3,20}$/.test(bankCode))
    problems.push('vnp_BankCode: gồm 3 đến 20 chữ cái hoặc chữ số');
  if (problems.length > 0) return { ok: false, refusal: refuse('format', problems.join('; ')) };

  const expires = expireDate === '' ? null : parseVnpDate(expireDate);
  if (expires && expires.getTime() < now.getTime())
    return { ok: false, refusal: refuse('expired', `vnp_ExpireDate ${expireDate} đã qua`) };

  return {
    ok: true,
    request: {
      tmnCode,
      amount,
      txnRef,
      orderInfo,
      orderType,
      locale: locale as 'vn' | 'en',
      returnUrl,
      ipAddr,
      createDate,
      expireDate: expireDate || null,
      bankCode: bankCode || null,
      rawQuery,
    },
  };
}
