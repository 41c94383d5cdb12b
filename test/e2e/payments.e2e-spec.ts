import { Client } from 'pg';
import {
  eventually,
  fillForm,
  freePort,
  passwordGrant,
  pdfText,
  PORTAL_MAIN,
  PortalHarness,
  publishedProcedure,
  spawnApp,
  startPortal,
  TEST_KEYCLOAK,
  VnpayIpnMode,
  VnpaySandboxProcess,
} from '@app/testing';
import { hmacSha512, vnpSignData } from '@app/payments';

type Json = Record<string, unknown>;
const WARD = '000.17.22.H56';
const SECRET = 'MOTCUAE2ESECRETKEY0123456789ABCD';

/**
 * Fees paid through VNPay's payment API 2.1.0 end to end: the portal and the VNPay sandbox run as their own
 * processes; the citizen's side is plain HTTP (the payment page, the gateway's page and its redirect back), the IPN
 * comes from the sandbox. Each row of the payment matrix gets VNPay's documented answer, and nothing is counted twice.
 */
describe('online payment through the VNPay sandbox (portal and gateway as processes)', () => {
  let portal: PortalHarness;
  let sandbox: VnpaySandboxProcess;
  let db: Client;
  const tokens: Record<string, string> = {};
  let formData: Json;
  let specialist: string;

  beforeAll(async () => {
    const sandboxPort = await freePort();
    const gatewayUrl = `http://127.0.0.1:${sandboxPort}`;
    portal = await startPortal({
      env: {
        VNPAY_TMN_CODE: 'MOTCUA01',
        VNPAY_HASH_SECRET: SECRET,
        VNPAY_PAYMENT_URL: `${gatewayUrl}/paymentv2/vpcpay.html`,
        VNPAY_API_URL: `${gatewayUrl}/merchant_webapi/api/transaction`,
      },
    });
    sandbox = await VnpaySandboxProcess.start({
      port: sandboxPort,
      hashSecret: SECRET,
      ipnUrl: `${portal.url}/api/v1/payments/vnpay/ipn`,
      ipnRetryMs: 300,
    });
    db = new Client({ connectionString: portal.db.url });
    await db.connect();
    for (const user of ['tiepnhan', 'chuyenvien']) tokens[user] = (await passwordGrant(user)).access_token;
    formData = fillForm((await publishedProcedure(portal.db.url, '1.004873')).formSchema);
    specialist = ((await api('chuyenvien', 'GET', '/me')).json.subject as string) ?? '';
  });

  afterAll(async () => {
    await db?.end();
    await sandbox?.stop();
    await portal?.stop();
  });

  async function api(user: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${portal.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : {}) as Json };
  }

  /** A walk-in dossier the specialist has asked to pay 5,000đ for; its code and lookup key. */
  async function owing(): Promise<{ id: string; code: string; key: string }> {
    const opened = await api('tiepnhan', 'POST', '/dossiers', {
      procedureCode: '1.004873',
      agencyCode: WARD,
      channel: 1,
      applicant: { fullName: 'Đặng Văn Nộp', phone: '0905777888', address: 'Thủy Xuân, Huế' },
      formData,
    });
    expect(opened.status).toBe(201);
    const id = opened.json.id as string;
    await api('tiepnhan', 'POST', `/dossiers/${id}/actions/submit`, {});
    const received = await api('tiepnhan', 'POST', `/dossiers/${id}/actions/receive`, {});
    await api('tiepnhan', 'POST', `/dossiers/${id}/actions/assign`, { assignee: specialist });
    const asked = await api('chuyenvien', 'POST', `/dossiers/${id}/actions/request_financial_obligation`, {
      reason: 'Nộp lệ phí trước khi trả kết quả',
      items: [{ name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', amount: 5000 }],
    });
    expect(asked.json).toMatchObject({ status: 'awaiting_financial_obligation' });
    const [row] = (await db.query<{ lookup_key: string }>(`SELECT lookup_key FROM dossier WHERE id = $1`, [id])).rows;
    return { id, code: received.json.code as string, key: row?.lookup_key ?? '' };
  }

  /** The citizen's way through: the payment page, "Nộp trực tuyến", the gateway's page, a choice, back. */
  async function payOnline(
    d: { code: string; key: string },
    choice: 'success' | 'failure' | 'cancel',
    ipn: VnpayIpnMode,
  ) {
    const page = await fetch(`${portal.url}/pay?code=${encodeURIComponent(d.code)}&key=${d.key}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('5.000 đồng');
    const start = await fetch(`${portal.url}/pay`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: d.code, key: d.key }).toString(),
    });
    expect(start.status).toBe(303);
    const gateway = new URL(start.headers.get('location') ?? '');
    expect(`${gateway.origin}${gateway.pathname}`).toBe(`${sandbox.url}/paymentv2/vpcpay.html`);
    expect((await fetch(gateway)).status).toBe(200);
    await sandbox.setOptions({ ipn });
    const done = await fetch(`${sandbox.url}/paymentv2/complete`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: gateway.search.slice(1), choice }).toString(),
    });
    expect(done.status).toBe(302);
    const back = new URL(done.headers.get('location') ?? '');
    expect(back.pathname).toBe('/pay/vnpay-return');
    return { txnRef: gateway.searchParams.get('vnp_TxnRef') ?? '', back };
  }

  const statusOf = async (id: string) =>
    (await db.query<{ status: string }>(`SELECT status FROM dossier WHERE id = $1`, [id])).rows[0]?.status;
  const attemptOf = async (txnRef: string) =>
    (
      await db.query<{ status: string; confirmed_by: string | null }>(
        `SELECT status, confirmed_by FROM payment_attempt WHERE txn_ref = $1`,
        [txnRef],
      )
    ).rows[0];
  const paymentsCount = async (id: string) =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM payment p JOIN payment_request r ON r.id = p.request_id WHERE r.dossier_id = $1`,
          [id],
        )
      ).rows[0]?.n,
    );

  it('pays: the IPN records it, the return page says so, the receipt is a PDF, a repeated IPN changes nothing', async () => {
    const d = await owing();
    const { txnRef, back } = await payOnline(d, 'success', 'normal');
    expect(await eventually(() => statusOf(d.id), 'in_process')).toBe('in_process');
    expect(await attemptOf(txnRef)).toEqual({ status: 'paid', confirmed_by: 'ipn' });
    const shown = await (await fetch(back)).text();
    expect(shown).toContain('Đã nộp phí thành công');
    // A mangled cookie from the browser only means the page asks for the key.
    const mangled = await fetch(back, { headers: { cookie: 'motcua_pay=%E0%A4%A' } });
    expect(mangled.status).toBe(200);
    expect(await mangled.text()).toContain(`/pay?code=${encodeURIComponent(d.code)}"`);

    const resent = await sandbox.resendIpn(txnRef);
    expect(resent).toMatchObject({ rspCode: '02', accepted: true });
    expect(await paymentsCount(d.id)).toBe(1);

    const listed = await api('tiepnhan', 'GET', `/dossiers/${d.id}/payments`);
    const [payment] = listed.json.payments as Array<{ id: string; method: string; amount: number }>;
    expect(payment).toMatchObject({ method: 'vnpay', amount: 5000 });
    const receipt = await fetch(
      `${portal.url}/pay/receipts/${payment?.id}?code=${encodeURIComponent(d.code)}&key=${d.key}`,
    );
    expect(receipt.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(Buffer.from(await receipt.arrayBuffer()));
    expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(text).toContain('Năm nghìn đồng');
    expect(text).toContain(d.code);
    // Without the key, nobody gets it.
    expect(
      (await fetch(`${portal.url}/pay/receipts/${payment?.id}?code=${encodeURIComponent(d.code)}&key=WRONG1`)).status,
    ).toBe(404);
  });

  it('IPN before the return, and a return with no IPN at all (confirmed by querydr): paid once each', async () => {
    const early = await owing();
    const first = await payOnline(early, 'success', 'before_return');
    expect(await attemptOf(first.txnRef)).toEqual({ status: 'paid', confirmed_by: 'ipn' });
    expect(await (await fetch(first.back)).text()).toContain('Đã nộp phí thành công');

    const silent = await owing();
    const second = await payOnline(silent, 'success', 'none');
    expect(await statusOf(silent.id)).toBe('awaiting_financial_obligation');
    // The return is not trusted: the portal asks VNPay (querydr) and records what VNPay's signed answer says.
    expect(await (await fetch(second.back)).text()).toContain('Đã nộp phí thành công');
    expect(await attemptOf(second.txnRef)).toEqual({ status: 'paid', confirmed_by: 'query' });
    expect(await statusOf(silent.id)).toBe('in_process');
    expect(await paymentsCount(silent.id)).toBe(1);
  });

  it('a failed and a cancelled payment move nothing, and say what to do', async () => {
    const d = await owing();
    const failed = await payOnline(d, 'failure', 'normal');
    await eventually(async () => (await attemptOf(failed.txnRef))?.status, 'failed');
    expect(await (await fetch(failed.back)).text()).toContain('Thanh toán không thành công');
    const cancelled = await payOnline(d, 'cancel', 'normal');
    await eventually(async () => (await attemptOf(cancelled.txnRef))?.status, 'failed');
    expect(await (await fetch(cancelled.back)).text()).toContain('Bạn đã hủy giao dịch');
    expect(await (await fetch(failed.back)).text()).toContain('không đủ số dư');
    expect(await statusOf(d.id)).toBe('awaiting_financial_obligation');
    expect(await paymentsCount(d.id)).toBe(0);
  });

  it('answers forged and wrong IPNs with VNPay’s codes and a tampered return with no state', async () => {
    const d = await owing();
    const { txnRef, back } = await payOnline(d, 'success', 'none');
    const params = Object.fromEntries(back.searchParams);
    const ipn = (p: Record<string, string>) =>
      fetch(`${portal.url}/api/v1/payments/vnpay/ipn?${new URLSearchParams(p).toString()}`).then(async (r) => ({
        status: r.status,
        json: (await r.json()) as Json,
      }));
    const sign = (p: Record<string, string>) => {
      const { vnp_SecureHash: _drop, ...rest } = p;
      return { ...rest, vnp_SecureHash: hmacSha512(SECRET, vnpSignData(rest)) };
    };
    expect(await ipn({ ...params, vnp_Amount: '50000000' })).toEqual({
      status: 200,
      json: { RspCode: '97', Message: 'Invalid Checksum' },
    });
    expect((await ipn(sign({ ...params, vnp_Amount: '100000' }))).json).toEqual({
      RspCode: '04',
      Message: 'Invalid amount',
    });
    expect((await ipn(sign({ ...params, vnp_TxnRef: 'TT000000AAAAAA01' }))).json).toEqual({
      RspCode: '01',
      Message: 'Order not found',
    });
    expect(await statusOf(d.id)).toBe('awaiting_financial_obligation');
    // A return whose parameters were changed is not believed, and records nothing.
    const tampered = new URL(back);
    tampered.searchParams.set('vnp_Amount', '1');
    const page = await fetch(tampered);
    expect(page.status).toBe(400);
    expect(await attemptOf(txnRef)).toEqual({ status: 'pending', confirmed_by: null });
    // The real IPN, then the same again: 00 once, 02 after.
    expect((await ipn(params)).json).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect((await ipn(params)).json).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect(await paymentsCount(d.id)).toBe(1);
  });

  it('reconciles the day with VNPay from the command line', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    const run = spawnApp(PORTAL_MAIN, ['payments-reconcile', '--from', today, '--to', today, '--json'], {
      DATABASE_URL: portal.db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      PUBLIC_URL: portal.url,
      OIDC_ISSUER: TEST_KEYCLOAK.issuer,
      OIDC_CLIENT_ID: portal.client.clientId,
      OIDC_CLIENT_SECRET: portal.client.secret,
      SESSION_SECRET: 'test-session-secret-of-at-least-32-chars',
      VNPAY_TMN_CODE: 'MOTCUA01',
      VNPAY_HASH_SECRET: SECRET,
      VNPAY_PAYMENT_URL: `${sandbox.url}/paymentv2/vpcpay.html`,
      VNPAY_API_URL: `${sandbox.url}/merchant_webapi/api/transaction`,
    });
    const code = await run.exited;
    const report = JSON.parse(run.output().trim().split('\n').pop() ?? '{}') as {
      lines: Array<{ problem: string; local: string; gateway: string }>;
      mismatches: number;
    };
    expect(report.lines.length).toBeGreaterThanOrEqual(6);
    // Every payment above agrees with VNPay's record; the failed ones are failed on both sides.
    expect(report.lines.filter((l) => l.problem !== 'none')).toEqual([]);
    expect(report.lines.some((l) => l.local === 'failed' && l.gateway === 'failed')).toBe(true);
    expect(code).toBe(0);
  });
});
