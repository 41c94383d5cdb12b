import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { agencyHeadingOn } from '@app/agency';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { renderPaymentReceipt } from '@app/forms';
import { DomainError } from '@app/observability';
import { amountInWords, PayableDossier, PaymentService } from '@app/payments';
import { vietnamDate } from '@app/dossiers';
import { localityOf } from '../dossiers/dossier-forms.service';

const METHOD_TEXT = {
  vnpay: 'Trực tuyến qua cổng thanh toán VNPay',
  cash: 'Tiền mặt tại Bộ phận Một cửa',
  card: 'Thẻ ngân hàng tại Bộ phận Một cửa',
} as const;

/** The electronic receipt (biên lai) of a payment, as a PDF, headed with the agency's name on the day it was paid. */
@Injectable()
export class PaymentReceiptService {
  constructor(
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payments: PaymentService,
  ) {}

  /** The receipt of `paymentId`, if it belongs to `dossier` (the caller has checked who may see the dossier). */
  async render(dossier: PayableDossier, paymentId: string): Promise<{ pdf: Buffer; fileName: string }> {
    const found = await this.payments.receipt(paymentId);
    if (!found || found.request.dossierId !== dossier.id) throw new DomainError('not_found', 'No such receipt.');
    const { payment, request } = found;
    const heading = await agencyHeadingOn(this.dataSource.manager, dossier.agencyId, vietnamDate(payment.paidAt));
    if (!heading) throw new DomainError('not_found', 'No such agency.');
    const lookup = new URL('/lookup', this.config.publicUrl);
    if (dossier.code) lookup.searchParams.set('code', dossier.code);
    lookup.searchParams.set('key', dossier.lookupKey);
    const pdf = await renderPaymentReceipt({
      agency: { name: heading.name, parentName: heading.parentName },
      locality: localityOf(heading.name),
      issuedAt: payment.paidAt,
      lookupUrl: lookup.toString(),
      receiptNo: payment.receiptNo,
      payerName: dossier.applicantName || 'Người nộp hồ sơ',
      dossierCode: dossier.code,
      procedureName: dossier.procedureName,
      items: request.items,
      total: payment.amount,
      totalInWords: amountInWords(payment.amount),
      methodText: METHOD_TEXT[payment.method],
      reference:
        payment.method === 'vnpay'
          ? `Mã giao dịch VNPay ${payment.transactionNo ?? ''}`.trim()
          : `Biên lai tại quầy số ${payment.counterReceiptNo ?? ''}`.trim(),
      paidAt: payment.paidAt,
      collectedBy: payment.method === 'vnpay' ? null : payment.recordedByName,
    });
    return { pdf, fileName: `bien-lai-${payment.receiptNo}.pdf` };
  }
}
