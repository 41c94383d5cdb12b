import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { MerchantAccount } from './payment-request';
import { pipeHash, QUERYDR_REQUEST_FIELDS, QUERYDR_RESPONSE_FIELDS, sameHash } from './signing';
import type { SandboxStore, SandboxTransaction } from './store';
import { parseVnpDate } from './vietnam-time';

/** The answer codes of querydr (VNPay 2.1.0). */
export const QUERYDR_CODES = {
  found: { code: '00', message: 'QueryDR Success' },
  merchant: { code: '02', message: 'Merchant is not valid' },
  format: { code: '03', message: 'Invalid request format' },
  notFound: { code: '91', message: 'Transaction not found' },
  duplicate: { code: '94', message: 'Duplicate request' },
  checksum: { code: '97', message: 'Invalid Checksum' },
  other: { code: '99', message: 'Unknown error' },
} as const;

type Answer = Record<string, string>;

/**
 * `POST /merchant_webapi/api/transaction` with `vnp_Command=querydr`: the result of a payment, looked up by
 * terminal, `vnp_TxnRef` and `vnp_TransactionDate` (the payment URL's `vnp_CreateDate`). The answer always has
 * every field of the documented answer (empty when unknown) and, for a known terminal, its checksum over them.
 */
export function answerQuerydr(body: unknown, account: MerchantAccount, store: SandboxStore): Answer {
  const request =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const text = (name: string): string => {
    const v = request[name];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
  };
  const answer = (kind: keyof typeof QUERYDR_CODES, found?: SandboxTransaction): Answer => {
    const fields: Answer = {
      vnp_ResponseId: randomBytes(16).toString('hex'),
      vnp_Command: 'querydr',
      vnp_ResponseCode: QUERYDR_CODES[kind].code,
      vnp_Message: QUERYDR_CODES[kind].message,
      vnp_TmnCode: text('vnp_TmnCode'),
      vnp_TxnRef: text('vnp_TxnRef'),
      vnp_Amount: found?.amount ?? '',
      vnp_OrderInfo: found?.orderInfo ?? '',
      vnp_BankCode: found?.bankCode ?? '',
      vnp_PayDate: found?.payDate ?? '',
      vnp_TransactionNo: found?.transactionNo ?? '',
      vnp_TransactionType: found ? '01' : '',
      vnp_TransactionStatus: found?.transactionStatus ?? '',
      vnp_PromotionCode: '',
      vnp_PromotionAmount: '',
    };
    if (text('vnp_TmnCode') !== account.tmnCode) return fields;
    return { ...fields, vnp_SecureHash: pipeHash(account.hashSecret, QUERYDR_RESPONSE_FIELDS, fields) };
  };

  const missing = [...QUERYDR_REQUEST_FIELDS, 'vnp_SecureHash'].filter((f) => text(f) === '');
  if (missing.length > 0) return answer('format');
  if (text('vnp_TmnCode') !== account.tmnCode) return answer('merchant');
  const expected = pipeHash(account.hashSecret, QUERYDR_REQUEST_FIELDS, request);
  if (!sameHash(expected, text('vnp_SecureHash'))) return answer('checksum');
  if (
    text('vnp_Version') !== '2.1.0' ||
    text('vnp_Command') !== 'querydr' ||
    !/^[A-Za-z0-9_-]{1,32}$/.test(text('vnp_RequestId')) ||
    parseVnpDate(text('vnp_TransactionDate')) === null ||
    parseVnpDate(text('vnp_CreateDate')) === null ||
    isIP(text('vnp_IpAddr')) === 0
  )
    return answer('format');
  if (!store.useRequestId(account.tmnCode, text('vnp_RequestId'))) return answer('duplicate');
  const found = store
    .list()
    .find(
      (t) =>
        t.tmnCode === account.tmnCode &&
        t.txnRef === text('vnp_TxnRef') &&
        t.createDate === text('vnp_TransactionDate'),
    );
  return found ? answer('found', found) : answer('notFound');
}
