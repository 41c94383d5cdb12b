import { DataSource } from 'typeorm';
import { AgencyService } from '@app/agency';
import type { Principal, Role } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import { CalendarDeadlines, DossierService } from '@app/dossiers';
import { RegimeService } from '@app/regimes';
import { DEMO_AGENCIES, seedProcedures } from '@app/seed';
import { createTestDatabase, fillForm, publishedProcedure, TestDatabase } from '@app/testing';
import { MessageEvent, planCitizenMessages } from '@app/messages';
import { PaymentService, planClosureRefund } from './payment.service';
import { hmacSha512, VnpayGateway, vnpDate, vnpSignData } from './vnpay';

const WARD = '000.17.22.H56';
const SECRET = 'TESTSECRETKEY0123456789ABCDEFGHIJ';

function staff(subject: string, role: Role): Principal {
  return {
    subject,
    kind: 'user',
    username: subject,
    name: subject,
    email: null,
    roles: [role],
    agency: WARD,
    agencyName: null,
    clientId: 'portal-web',
  };
}
const clerk = staff('clerk-pay', 'clerk');
const specialist = staff('specialist-pay', 'specialist');

/** What VNPay's IPN carries for a transaction, signed as VNPay signs it (or with `secret` when given). */
function ipn(txnRef: string, amount: number, over: Record<string, string> = {}, secret = SECRET) {
  const params: Record<string, string> = {
    vnp_TmnCode: 'MOTCUA01',
    vnp_Amount: String(amount * 100),
    vnp_BankCode: 'NCB',
    vnp_BankTranNo: 'VNP14226112',
    vnp_CardType: 'ATM',
    vnp_OrderInfo: 'Thanh toan phi',
    vnp_PayDate: vnpDate(new Date()),
    vnp_ResponseCode: '00',
    vnp_TransactionNo: '14226112',
    vnp_TransactionStatus: '00',
    vnp_TxnRef: txnRef,
    ...over,
  };
  return { ...params, vnp_SecureHash: hmacSha512(secret, vnpSignData(params)) };
}

describe('fees and their payment', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let dossiers: DossierService;
  let payments: PaymentService;
  let formData: Record<string, unknown>;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 6 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedCalendar(ds);
    await seedProcedures(ds);
    dossiers = new DossierService(ds, new CalendarDeadlines(new CalendarService(ds)), new RegimeService(ds));
    const gateway = new VnpayGateway({
      paymentUrl: 'http://127.0.0.1:9/paymentv2/vpcpay.html',
      apiUrl: 'http://127.0.0.1:9/merchant_webapi/api/transaction',
      tmnCode: 'MOTCUA01',
      hashSecret: SECRET,
      returnUrl: 'https://motcua.example/pay/vnpay-return',
      expireMinutes: 15,
      timeoutMs: 500,
    });
    payments = new PaymentService(ds, dossiers, gateway);
    formData = fillForm((await publishedProcedure(db.url, '1.004873')).formSchema);
    const [agency] = await ds.query<Array<{ id: string }>>(`SELECT id FROM agency WHERE code = $1`, [WARD]);
    await ds.query(
      `INSERT INTO user_profile (subject, username, roles, agency_id) VALUES ($1, $1, '{specialist}', $2)`,
      [specialist.subject, agency?.id],
    );
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  /** A dossier the specialist has asked to pay 5,000đ for. */
  async function awaitingPayment(amount = 5000, email: string | null = null): Promise<string> {
    const d = await dossiers.open(clerk, {
      procedureCode: '1.004873',
      agencyCode: WARD,
      channel: 1,
      applicant: { fullName: 'Lê Văn Phí', idNumber: '046190000888', phone: null, email, address: 'Huế' },
      formData,
    });
    await dossiers.act(clerk, d.id, 'submit');
    await dossiers.act(clerk, d.id, 'receive');
    await dossiers.act(clerk, d.id, 'assign', { assignee: specialist.subject });
    const request = await payments.requestPayment(specialist, d.id, {
      items: [{ name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', amount }],
      reason: 'Nộp lệ phí trước khi trả kết quả',
    });
    expect(request).toMatchObject({ amount, status: 'open', reference: expect.stringMatching(/^TT\d{6}[A-Z2-9]{6}$/) });
    return d.id;
  }

  const statusOf = async (id: string) =>
    (await ds.query<Array<{ status: string }>>(`SELECT status FROM dossier WHERE id = $1`, [id]))[0]?.status;
  const paymentsOf = async (id: string) => (await payments.forDossier(id)).payments;

  it('refuses a request without a fee above zero, naming the field, and leaves the dossier as it was', async () => {
    const d = await dossiers.open(clerk, {
      procedureCode: '1.004873',
      agencyCode: WARD,
      channel: 1,
      applicant: { fullName: 'Lê Văn Sai', idNumber: '046190000889', phone: null, email: null, address: 'Huế' },
      formData,
    });
    await dossiers.act(clerk, d.id, 'submit');
    await dossiers.act(clerk, d.id, 'receive');
    await dossiers.act(clerk, d.id, 'assign', { assignee: specialist.subject });
    await expect(
      payments.requestPayment(specialist, d.id, { items: [{ name: 'Lệ phí', amount: 0 }], reason: 'x' }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { errors: [{ field: 'items' }] } });
    await expect(
      payments.requestPayment(specialist, d.id, { items: [{ name: 'Lệ phí', amount: 12.5 }], reason: 'x' }),
    ).rejects.toMatchObject({ details: { errors: [{ field: 'items[0].amount' }] } });
    expect(await statusOf(d.id)).toBe('in_process');
    expect((await payments.forDossier(d.id)).requests).toEqual([]);
  });

  it('answers each IPN with VNPay’s documented code and counts the payment once', async () => {
    const id = await awaitingPayment(5000, 'nguoi.nop@example.vn');
    const { url, txnRef } = await payments.startOnline(id, '::ffff:10.0.0.7', 'vi');
    // The redirect is signed over the sorted parameters with the merchant's secret.
    const query = Object.fromEntries(new URL(url).searchParams);
    expect(query).toMatchObject({
      vnp_Version: '2.1.0',
      vnp_Command: 'pay',
      vnp_Amount: '500000',
      vnp_TxnRef: txnRef,
      vnp_IpAddr: '10.0.0.7',
    });
    const { vnp_SecureHash: hash, ...signed } = query;
    expect(hash).toBe(hmacSha512(SECRET, vnpSignData(signed as Record<string, string>)));

    expect(await payments.handleIpn(ipn(txnRef, 5000, {}, 'WRONGSECRET'))).toEqual({
      RspCode: '97',
      Message: 'Invalid Checksum',
    });
    expect(await payments.handleIpn(ipn('TT000000XXXXXX01', 5000))).toEqual({
      RspCode: '01',
      Message: 'Order not found',
    });
    expect(await payments.handleIpn(ipn(txnRef, 500))).toEqual({ RspCode: '04', Message: 'Invalid amount' });
    expect(await paymentsOf(id)).toEqual([]);
    expect(await statusOf(id)).toBe('awaiting_financial_obligation');

    expect(await payments.handleIpn(ipn(txnRef, 5000))).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(await statusOf(id)).toBe('in_process');
    const [paid] = await paymentsOf(id);
    expect(paid).toMatchObject({
      method: 'vnpay',
      amount: 5000,
      transactionNo: '14226112',
      receiptNo: expect.stringMatching(/^BL\d{2}-\d{7}$/),
    });
    // Repeated: confirmed already, nothing doubles.
    expect(await payments.handleIpn(ipn(txnRef, 5000))).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect(await paymentsOf(id)).toHaveLength(1);
    const trail = await ds.query<Array<{ action: string; actor_name: string }>>(
      `SELECT action, actor_name FROM dossier_event WHERE dossier_id = $1 AND action = 'financial_obligation_met'`,
      [id],
    );
    expect(trail).toEqual([{ action: 'financial_obligation_met', actor_name: 'VNPay (thanh toán trực tuyến)' }]);

    // The applicant is told what was asked for and what was received, with the amounts.
    const events = await ds.query<MessageEvent[]>(
      `SELECT id, event_type, payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY created_at, id`,
      [id],
    );
    for (const event of events) await ds.transaction((em) => planCitizenMessages(em, event));
    const told = await ds.query<Array<{ kind: string; amount: number }>>(
      `SELECT kind, (data->>'amount')::int AS amount FROM dossier_message
        WHERE dossier_id = $1 AND kind IN ('financial_obligation', 'payment_received') ORDER BY created_at`,
      [id],
    );
    expect(told).toEqual([
      { kind: 'financial_obligation', amount: 5000 },
      { kind: 'payment_received', amount: 5000 },
    ]);
  });

  it('records a failed or cancelled payment without moving the dossier, and a later attempt pays', async () => {
    const id = await awaitingPayment();
    const first = await payments.startOnline(id, '127.0.0.1', 'vi');
    expect(
      await payments.handleIpn(ipn(first.txnRef, 5000, { vnp_ResponseCode: '24', vnp_TransactionStatus: '02' })),
    ).toEqual({
      RspCode: '00',
      Message: 'Confirm Success',
    });
    expect(await statusOf(id)).toBe('awaiting_financial_obligation');
    expect((await payments.forDossier(id)).attempts[0]).toMatchObject({ status: 'failed', responseCode: '24' });
    const second = await payments.startOnline(id, '127.0.0.1', 'vi');
    expect(second.txnRef).toBe(`${first.txnRef.slice(0, -2)}02`);
    expect((await payments.handleIpn(ipn(second.txnRef, 5000))).RspCode).toBe('00');
    expect(await statusOf(id)).toBe('in_process');
  });

  it('takes a counter payment with its receipt number, and refuses a second one', async () => {
    const id = await awaitingPayment(15000);
    await expect(
      payments.recordCounterPayment(clerk, id, { method: 'cheque', counterReceiptNo: '' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ field: 'method' }, { field: 'counterReceiptNo' }] },
    });
    await payments.recordCounterPayment(clerk, id, { method: 'cash', counterReceiptNo: '0001234' });
    expect(await statusOf(id)).toBe('in_process');
    expect(await paymentsOf(id)).toEqual([
      expect.objectContaining({ method: 'cash', amount: 15000, counterReceiptNo: '0001234' }),
    ]);
    await expect(
      payments.recordCounterPayment(clerk, id, { method: 'cash', counterReceiptNo: '0001235' }),
    ).rejects.toMatchObject({
      code: 'action_not_available',
    });
    // Someone outside the ward cannot.
    await expect(
      payments.recordCounterPayment({ ...clerk, agency: '000.20.22.H56' }, id, {
        method: 'cash',
        counterReceiptNo: '1',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps one payment when an IPN and a counter payment race for the same request; the other money is refunded', async () => {
    for (let round = 0; round < 6; round++) {
      const id = await awaitingPayment();
      const { txnRef } = await payments.startOnline(id, '127.0.0.1', 'vi');
      const [online, counter] = await Promise.allSettled([
        payments.handleIpn(ipn(txnRef, 5000)),
        payments.recordCounterPayment(clerk, id, { method: 'card', counterReceiptNo: `R${round}` }),
      ]);
      expect(online).toMatchObject({ status: 'fulfilled', value: { RspCode: '00' } });
      const all = await payments.forDossier(id);
      expect(all.payments).toHaveLength(1);
      expect(await statusOf(id)).toBe('in_process');
      if (all.payments[0]?.method === 'vnpay') {
        // The online payment came first: the counter is refused and took nothing.
        expect(counter).toMatchObject({ status: 'rejected', reason: { code: 'action_not_available' } });
        expect(all.refunds).toEqual([]);
      } else {
        // The counter came first: the online money goes back.
        expect(counter.status).toBe('fulfilled');
        expect(all.refunds).toEqual([expect.objectContaining({ reason: 'paid_twice', amount: 5000, status: 'due' })]);
      }
    }
  });

  it('owes a refund when a paid dossier is stopped, once, and the desk records it paid back', async () => {
    const id = await awaitingPayment();
    await payments.recordCounterPayment(clerk, id, { method: 'cash', counterReceiptNo: '0009' });
    await ds.transaction((em) => planClosureRefund(em, id, 'stopped'));
    await ds.transaction((em) => planClosureRefund(em, id, 'stopped'));
    const [refund] = (await payments.forDossier(id)).refunds;
    expect(refund).toMatchObject({ reason: 'stopped', amount: 5000, status: 'due' });
    await expect(payments.recordRefund(specialist, id, refund?.id ?? '', 'HT-01')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(payments.recordRefund(clerk, id, refund?.id ?? '', ' ')).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await payments.recordRefund(clerk, id, refund?.id ?? '', 'HT-01');
    expect((await payments.forDossier(id)).refunds[0]).toMatchObject({ status: 'refunded', refundReceiptNo: 'HT-01' });
  });
});
