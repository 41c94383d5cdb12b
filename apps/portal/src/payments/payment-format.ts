import type { DossierPayments, PaymentRequestView } from '@app/payments';
import { amountInWords } from '@app/payments';
import type { Lang } from '../i18n/messages';
import { formatDayTime } from '../dossiers/citizen-format';
import type { T } from '../web/page-kit';

/** 5000 → "5.000 đồng" / "5,000 VND". */
export function money(amount: number, lang: Lang): string {
  return lang === 'vi'
    ? `${new Intl.NumberFormat('vi-VN').format(amount)} đồng`
    : `${new Intl.NumberFormat('en-GB').format(amount)} VND`;
}

export function requestPanel(r: PaymentRequestView, t: T, lang: Lang) {
  return {
    reference: r.reference,
    items: r.items.map((i) => ({ name: i.name, amount: money(i.amount, lang) })),
    total: money(r.amount, lang),
    words: lang === 'vi' ? amountInWords(r.amount) : null,
    note: r.note,
    statusText: t(`pay.requestStatus.${r.status}`),
    requestedAt: formatDayTime(r.createdAt, lang),
  };
}

/**
 * A dossier's fees as the pages show them: what is owed now, what was paid (with the receipt's address built by
 * `receiptHref`), the online attempts in words, and refunds.
 */
export function paymentsPanel(p: DossierPayments, t: T, lang: Lang, receiptHref: (paymentId: string) => string) {
  return {
    open: p.open ? requestPanel(p.open, t, lang) : null,
    paid: p.payments.map((x) => ({
      id: x.id,
      receiptNo: x.receiptNo,
      amount: money(x.amount, lang),
      method: t(`pay.method.${x.method}`),
      reference: x.method === 'vnpay' ? x.transactionNo : x.counterReceiptNo,
      by: x.recordedByName,
      at: formatDayTime(x.paidAt, lang),
      receiptHref: receiptHref(x.id),
    })),
    attempts: p.attempts.map((a) => {
      const reasonKey = `pay.return.reason.${a.responseCode ?? ''}`;
      return {
        txnRef: a.txnRef,
        amount: money(a.amount, lang),
        state: t(`pay.attempt.${a.status}`),
        reason: a.status === 'failed' && t(reasonKey) !== reasonKey ? t(reasonKey) : null,
        at: formatDayTime(a.createdAt, lang),
      };
    }),
    refunds: p.refunds.map((r) => ({
      id: r.id,
      amount: money(r.amount, lang),
      reason: t(`pay.refundReason.${r.reason}`),
      due: r.status === 'due',
      statusText: t(`pay.refundStatus.${r.status}`),
      receiptNo: r.refundReceiptNo,
      by: r.refundedByName,
      at: formatDayTime(r.refundedAt ?? r.createdAt, lang),
    })),
    any: p.requests.length > 0,
  };
}
