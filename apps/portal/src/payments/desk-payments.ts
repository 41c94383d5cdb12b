import type { Actor } from '@app/dossiers';
import type { DossierPayments } from '@app/payments';
import type { Lang } from '../i18n/messages';
import { translator } from '../web/page-kit';
import { paymentsPanel } from './payment-format';

/** The errors the desk's payment forms come back with (`?payError=`). */
export const DESK_PAY_ERRORS = ['method', 'counterReceipt', 'refundReceipt', 'paidAlready'];

/**
 * The desk's panel of a dossier's fees: what is owed and paid, and what this officer may record — a payment at the
 * counter (desk clerks and the specialist, while the dossier awaits it) and a refund paid back (the desk).
 */
export function deskPaymentsPanel(
  payments: DossierPayments,
  row: { id: string; status: string },
  actor: Actor,
  lang: Lang,
  online: boolean,
  outcome: { done: string | null; error: string | null; method?: 'cash' | 'card' } = { done: null, error: null },
) {
  const t = translator(lang);
  const error = outcome.error && DESK_PAY_ERRORS.includes(outcome.error) ? outcome.error : null;
  const roles = actor.kind === 'staff' ? actor.roles : [];
  const panel = paymentsPanel(
    payments,
    t,
    lang,
    (paymentId) => `/desk/dossiers/${row.id}/payments/${paymentId}/receipt`,
  );
  return {
    ...panel,
    online,
    canRecordCounter:
      panel.open !== null &&
      row.status === 'awaiting_financial_obligation' &&
      roles.some((r) => r === 'clerk' || r === 'specialist'),
    canRefund: roles.some((r) => r === 'clerk' || r === 'leader'),
    success:
      outcome.done === 'pay_counter'
        ? t('pay.desk.done.counter')
        : outcome.done === 'pay_refund'
          ? t('pay.desk.done.refund')
          : null,
    // Which field was wrong, for the form that posted it (the error names it).
    errorField: error === 'method' || error === 'counterReceipt' || error === 'refundReceipt' ? error : null,
    error: error ? t(`pay.desk.error.${error}`) : null,
    errorHref:
      error === 'counterReceipt'
        ? '#counterReceiptNo'
        : error === 'method'
          ? '#method'
          : error === 'refundReceipt'
            ? '#refundReceiptNo-1'
            : '#payments',
    method: outcome.method ?? 'cash',
  };
}
