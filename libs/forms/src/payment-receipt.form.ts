import { requireText } from './form-checks';
import { longDateTime } from './form-dates';
import { FormHeaderInput } from './form.inputs';
import { startLetter } from './form-letter';

export const PAYMENT_RECEIPT_TITLE = 'Biên lai thu phí, lệ phí';

export interface PaymentReceiptInput extends FormHeaderInput {
  /** The receipt's number, e.g. "BL26-0000012". */
  receiptNo: string;
  payerName: string;
  dossierCode: string | null;
  procedureName: string;
  items: Array<{ name: string; amount: number }>;
  /** In đồng. */
  total: number;
  /** The total in words, e.g. "Năm nghìn đồng". */
  totalInWords: string;
  /** How it was paid, in words: "Trực tuyến qua cổng thanh toán VNPay", "Tiền mặt tại quầy". */
  methodText: string;
  /** The gateway's transaction number, or the counter's receipt number. */
  reference: string | null;
  paidAt: Date;
  /** The officer who took the payment at the counter; null for an online payment. */
  collectedBy: string | null;
}

const dong = (n: number) => `${new Intl.NumberFormat('vi-VN').format(n)} đồng`;

/**
 * The electronic receipt for a fee paid on a dossier: who paid what for which dossier, each item and the total in
 * figures and words, how (online with the gateway's transaction number, or at the counter with its receipt), and a
 * QR code to the dossier's public lookup.
 */
export async function renderPaymentReceipt(input: PaymentReceiptInput): Promise<Buffer> {
  requireText(input.receiptNo, 'receiptNo');
  requireText(input.payerName, 'payerName');
  requireText(input.procedureName, 'procedureName');
  if (input.items.length === 0) throw new RangeError('items: at least one is required');
  const doc = startLetter(
    { ...input, documentNumber: input.receiptNo },
    { number: null, title: PAYMENT_RECEIPT_TITLE },
    ['(Biên lai điện tử)'],
  );
  doc.field('Họ tên người nộp tiền', input.payerName, { bold: true });
  if (input.dossierCode) doc.field('Mã hồ sơ', input.dossierCode);
  doc.field('Thủ tục hành chính', input.procedureName);
  doc.space();
  doc.table(
    [
      { header: 'STT', weight: 8, align: 'center' },
      { header: 'Tên khoản phí, lệ phí', weight: 62 },
      { header: 'Số tiền', weight: 30, align: 'right', fit: '1.000.000.000 đồng' },
    ],
    [
      ...input.items.map((item, i) => [String(i + 1), item.name, dong(item.amount)]),
      ['', 'Tổng cộng', dong(input.total)],
    ],
  );
  doc.field('Số tiền bằng chữ', input.totalInWords);
  doc.field('Hình thức thanh toán', input.methodText);
  if (input.reference) doc.field('Số tham chiếu', input.reference);
  doc.field('Thời điểm nộp', longDateTime(input.paidAt));
  doc.signatures([
    input.collectedBy
      ? { titles: ['Người thu tiền'], hint: '(Ký và ghi rõ họ tên)', name: input.collectedBy }
      : { titles: ['Đơn vị thu'], hint: '(Biên lai điện tử, lập tự động khi cổng thanh toán xác nhận)' },
  ]);
  await doc.lookupBox(input.lookupUrl, input.dossierCode ? [`Mã hồ sơ: ${input.dossierCode}`] : []);
  return doc.finish();
}
