import type { MerchantAccount, PaymentRequest } from './payment-request';
import { canonicalEntries, secureHash } from './signing';
import type { IpnOptions, PaymentChoice, SandboxStore, SandboxTransaction } from './store';
import { vnpDate } from './vietnam-time';

/** What each choice on the payment page makes of the payment (vnp_ResponseCode, vnp_TransactionStatus). */
export const CHOICE_RESULTS: Readonly<Record<PaymentChoice, { responseCode: string; transactionStatus: string }>> = {
  success: { responseCode: '00', transactionStatus: '00' },
  /** Giao dịch không thành công do tài khoản không đủ số dư. */
  failure: { responseCode: '51', transactionStatus: '02' },
  /** Khách hàng hủy giao dịch. */
  cancel: { responseCode: '24', transactionStatus: '02' },
};

/** The simulated card: VNPay's sandbox test card of NCB. */
export const SANDBOX_BANK = { bankCode: 'NCB', cardType: 'ATM', cardNumber: '9704198526191432198' } as const;

/**
 * The result parameters of a payment, signed: every non-empty `vnp_*` field in canonical order, `vnp_SecureHash`
 * last. The return URL and the IPN carry exactly these.
 */
export function signedResult(secret: string, fields: Readonly<Record<string, string>>): Record<string, string> {
  const ordered: Record<string, string> = Object.fromEntries(canonicalEntries(fields));
  ordered['vnp_SecureHash'] = secureHash(secret, fields);
  return ordered;
}

/**
 * Records what the customer chose for a checked payment request: a cancelled payment gets transaction number 0 (as
 * VNPay gives it), a failed one a number but no bank transaction number, a successful one both.
 */
export function recordPayment(input: {
  store: SandboxStore;
  account: MerchantAccount;
  request: PaymentRequest;
  choice: PaymentChoice;
  ipn: IpnOptions;
  ipnUrl: string | null;
  now: Date;
}): SandboxTransaction {
  const { store, account, request, choice, ipn, ipnUrl, now } = input;
  const { responseCode, transactionStatus } = CHOICE_RESULTS[choice];
  const transactionNo = choice === 'cancel' ? '0' : store.nextTransactionNo();
  const bankTranNo = choice === 'success' ? `VNP${transactionNo}` : '';
  const payDate = vnpDate(now);
  const resultParams = signedResult(account.hashSecret, {
    vnp_Amount: request.amount,
    vnp_BankCode: SANDBOX_BANK.bankCode,
    vnp_BankTranNo: bankTranNo,
    vnp_CardType: SANDBOX_BANK.cardType,
    vnp_OrderInfo: request.orderInfo,
    vnp_PayDate: payDate,
    vnp_ResponseCode: responseCode,
    vnp_TmnCode: request.tmnCode,
    vnp_TransactionNo: transactionNo,
    vnp_TransactionStatus: transactionStatus,
    vnp_TxnRef: request.txnRef,
  });
  return store.add({
    tmnCode: request.tmnCode,
    txnRef: request.txnRef,
    amount: request.amount,
    orderInfo: request.orderInfo,
    orderType: request.orderType,
    locale: request.locale,
    ipAddr: request.ipAddr,
    returnUrl: request.returnUrl,
    createDate: request.createDate,
    expireDate: request.expireDate,
    choice,
    transactionNo,
    bankCode: SANDBOX_BANK.bankCode,
    bankTranNo,
    cardType: SANDBOX_BANK.cardType,
    payDate,
    responseCode,
    transactionStatus,
    completedAt: now.toISOString(),
    resultParams,
    ipnMode: ipn.ipn,
    ipnDelayMs: ipn.ipn === 'delayed' ? ipn.delayMs : 0,
    ipnUrl,
    ipnState: !ipnUrl ? 'not_configured' : ipn.ipn === 'none' ? 'skipped' : 'pending',
    ipnAttempts: [],
  });
}
