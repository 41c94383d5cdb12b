import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  fillForm,
  freePort,
  launchChromium,
  PageAudit,
  passwordGrant,
  pdfText,
  PortalHarness,
  publishedProcedure,
  signInOnKeycloak,
  startPortal,
  VnpaySandboxProcess,
} from '@app/testing';

const WARD = '000.17.22.H56';
const SECRET = 'MOTCUABROWSERSECRET0123456789ABC';
type Json = Record<string, unknown>;

/**
 * Fees as people pay them: the specialist asks for them on the desk (the procedure's fee filled in), the applicant
 * pays online from the lookup through the VNPay sandbox's real page and comes back, or the desk records a payment
 * at the counter; receipts are PDFs. Every page is checked with axe and at phone width.
 */
describe('fees and payment in the browser', () => {
  let browser: Browser;
  let portal: PortalHarness;
  let sandbox: VnpaySandboxProcess;
  let formData: Json;
  const contexts: BrowserContext[] = [];
  const audits: PageAudit[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    const sandboxPort = await freePort();
    const gatewayUrl = `http://127.0.0.1:${sandboxPort}`;
    [browser, portal] = await Promise.all([
      launchChromium(),
      startPortal({
        env: {
          VNPAY_TMN_CODE: 'MOTCUA01',
          VNPAY_HASH_SECRET: SECRET,
          VNPAY_PAYMENT_URL: `${gatewayUrl}/paymentv2/vpcpay.html`,
          VNPAY_API_URL: `${gatewayUrl}/merchant_webapi/api/transaction`,
        },
      }),
    ]);
    sandbox = await VnpaySandboxProcess.start({
      port: sandboxPort,
      hashSecret: SECRET,
      ipnUrl: `${portal.url}/api/v1/payments/vnpay/ipn`,
      ipnRetryMs: 300,
    });
    formData = fillForm((await publishedProcedure(portal.db.url, '1.004873')).formSchema);
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    await portal?.stop();
  });

  afterEach(async () => {
    const pending = audits.splice(0);
    try {
      for (const audit of pending) await audit.assertClean();
    } finally {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
    }
  });

  async function newPage(): Promise<{ page: Page; audit: PageAudit }> {
    const { context, audit } = await PageAudit.context(browser);
    contexts.push(context);
    audits.push(audit);
    return { page: await context.newPage(), audit };
  }

  async function api(user: string, method: string, path: string, body?: unknown): Promise<Json> {
    const token = (await passwordGrant(user)).access_token;
    const res = await fetch(`${portal.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Json;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** A received walk-in dossier assigned to chuyenvien: id, code and lookup key. */
  async function assigned(): Promise<{ id: string; code: string; key: string }> {
    const opened = await api('tiepnhan', 'POST', '/dossiers', {
      procedureCode: '1.004873',
      agencyCode: WARD,
      channel: 1,
      applicant: { fullName: 'Hà Thị Nộp', phone: '0905123999', address: 'Thủy Xuân, Huế' },
      formData,
    });
    const id = opened.id as string;
    await api('tiepnhan', 'POST', `/dossiers/${id}/actions/submit`, {});
    const received = await api('tiepnhan', 'POST', `/dossiers/${id}/actions/receive`, {});
    const me = await api('chuyenvien', 'GET', '/me');
    await api('tiepnhan', 'POST', `/dossiers/${id}/actions/assign`, { assignee: me.subject });
    const { Client } = await import('pg');
    const db = new Client({ connectionString: portal.db.url });
    await db.connect();
    const key = (await db.query<{ lookup_key: string }>(`SELECT lookup_key FROM dossier WHERE id = $1`, [id])).rows[0]
      ?.lookup_key;
    await db.end();
    return { id, code: received.code as string, key: key ?? '' };
  }

  async function signedIn(username: string, path: string) {
    const { page, audit } = await newPage();
    await page.goto(`${portal.url}${path}`);
    await signInOnKeycloak(page, username);
    await page.waitForURL(`${portal.url}${path}`);
    return { page, audit };
  }

  it('the specialist asks for the procedure’s fee; the applicant pays online through VNPay and gets the receipt', async () => {
    const d = await assigned();
    // The desk: the fee form is filled in from the procedure (Lệ phí … 5.000 đ); the specialist adds a note.
    const desk = await signedIn('chuyenvien', `/desk/dossiers/${d.id}`);
    const form = desk.page.locator('form[data-action="request_financial_obligation"]');
    expect(await form.locator('#itemName1-request_financial_obligation').inputValue()).toMatch(/Lệ phí/);
    expect(await form.locator('#itemAmount1-request_financial_obligation').inputValue()).toBe('5000');
    // A wrong amount is named.
    await form.locator('#itemAmount1-request_financial_obligation').fill('năm nghìn');
    await form.locator('textarea[name="reason"]').fill('Nộp lệ phí trước khi cấp giấy xác nhận');
    await form.getByRole('button').click();
    await desk.page.waitForLoadState();
    expect(await desk.page.locator('.govuk-error-summary').textContent()).toContain('số nguyên đồng');
    const again = desk.page.locator('form[data-action="request_financial_obligation"]');
    await again.locator('#itemAmount1-request_financial_obligation').fill('5.000');
    await again.locator('textarea[name="reason"]').fill('Nộp lệ phí trước khi cấp giấy xác nhận');
    await again.getByRole('button').click();
    await desk.page.waitForURL(/done=request_financial_obligation/);
    expect((await desk.page.getByTestId('dossier-status').textContent())?.trim()).toBe('Chờ nghĩa vụ tài chính');
    expect((await desk.page.getByTestId('payment-total').textContent())?.trim()).toBe('5.000 đồng');
    await desk.audit.check(desk.page, { phone: true });

    // The applicant, from the public lookup, without signing in.
    const { page, audit } = await newPage();
    await page.goto(`${portal.url}/lookup?code=${encodeURIComponent(d.code)}&key=${d.key}`);
    await page.getByTestId('lookup-pay').click();
    await page.waitForURL(/\/pay\?/);
    expect((await page.getByTestId('payment-total').textContent())?.trim()).toBe('5.000 đồng');
    await audit.check(page, { phone: true });
    await page.getByTestId('pay-online-submit').click();
    await page.waitForURL(`${sandbox.url}/paymentv2/vpcpay.html?**`);
    await audit.check(page, { phone: true });
    await page.getByRole('button', { name: 'Thanh toán thành công' }).click();
    await page.waitForURL(`${portal.url}/pay/vnpay-return?**`);
    expect(await page.getByTestId('pay-return').getAttribute('data-state')).toBe('paid');
    await audit.check(page, { phone: true });
    // Back to the dossier's payment page: this browser started the payment, so the link carries the key.
    await page.getByTestId('pay-return-open').click();
    await page.getByTestId('pay-nothing').waitFor();
    // Another browser with only the code (from the return address) is asked for the key.
    const other = await newPage();
    await other.page.goto(`${portal.url}/pay?code=${encodeURIComponent(d.code)}`);
    await other.page.locator('#key').fill(d.key);
    await other.page.getByRole('button', { name: 'Xem khoản phí' }).click();
    await other.page.getByTestId('pay-nothing').waitFor();
    const receiptHref = await page.getByTestId('receipt-link').getAttribute('href');
    const pdf = await (await fetch(`${portal.url}${receiptHref}`)).arrayBuffer();
    expect(await pdfText(Buffer.from(pdf))).toContain('Trực tuyến qua cổng thanh toán VNPay');

    // The desk sees it paid, and the dossier moved on.
    await desk.page.goto(`${portal.url}/desk/dossiers/${d.id}`);
    expect((await desk.page.getByTestId('dossier-status').textContent())?.trim()).toBe('Đang xử lý');
    expect(await desk.page.getByTestId('payments-paid').textContent()).toContain('Trực tuyến qua VNPay');
  });

  it('the desk records a payment at the counter with its receipt number, and prints the receipt', async () => {
    const d = await assigned();
    await api('chuyenvien', 'POST', `/dossiers/${d.id}/actions/request_financial_obligation`, {
      reason: 'Nộp lệ phí',
      items: [{ name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', amount: 5000 }],
    });
    const { page, audit } = await signedIn('tiepnhan', `/desk/dossiers/${d.id}`);
    const counter = page.getByTestId('pay-counter');
    // Paid by card, but no receipt number: refused, naming the field, in the summary too, the card choice kept.
    await page.locator('#method-2').check();
    await counter.getByTestId('pay-counter-submit').click();
    await page.waitForURL(/payError=counterReceipt/);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('số biên lai');
    expect(await page.locator('#method-2').isChecked()).toBe(true);
    expect(await page.locator('#counterReceiptNo-error').textContent()).toContain('số biên lai');
    await page.locator('#counterReceiptNo').fill('0001234');
    await page.getByTestId('pay-counter-submit').click();
    await page.waitForURL(/done=pay_counter/);
    expect(await page.getByTestId('pay-success').textContent()).toContain('hồ sơ tiếp tục giải quyết');
    expect((await page.getByTestId('dossier-status').textContent())?.trim()).toBe('Đang xử lý');
    expect(await page.getByTestId('payments-paid').textContent()).toContain('0001234');
    await audit.check(page, { phone: true });
    const href = await page.getByTestId('receipt-link').getAttribute('href');
    const res = await page.request.get(`${portal.url}${href}`);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const text = await pdfText(Buffer.from(await res.body()));
    expect(text).toContain('Thẻ ngân hàng tại Bộ phận Một cửa');
    expect(text).toContain('Năm nghìn đồng');
  });
});
