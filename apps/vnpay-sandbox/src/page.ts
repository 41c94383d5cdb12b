import { escapeHtml } from '@app/plain-http';
import type { MerchantAccount, PaymentRefusal, PaymentRequest } from './payment-request';
import { SANDBOX_BANK } from './payments';
import type { IpnAttempt, IpnMode, IpnOptions, SandboxTransaction } from './store';
import { DEFAULT_DELAY_MS, MAX_DELAY_MS } from './store';
import { displayDateTime, isoVietnam, parseVnpDate } from './vietnam-time';

export const PAGE_TITLE = 'Cổng thanh toán VNPAY (thử nghiệm)';

const h = escapeHtml;

function time(instant: Date | string): string {
  return `<time datetime="${h(isoVietnam(instant))}">${h(displayDateTime(instant))}</time>`;
}

/** A VNPay date (`yyyyMMddHHmmss`, Vietnam time) for people, or the text as it came. */
function vnpTime(text: string): string {
  const instant = parseVnpDate(text);
  return instant ? time(instant) : h(text);
}

/** `vnp_Amount` (VND × 100) as people read it: "50.000 ₫". */
export function money(amount: string): string {
  return `${new Intl.NumberFormat('vi-VN').format(Number(amount) / 100)}\u00a0₫`;
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<link rel="stylesheet" href="/styles.css">
</head>
<body>
<a class="skip" href="#noi-dung">Chuyển đến nội dung chính</a>
<header class="banner"><p>Môi trường thử nghiệm: không phải cổng thanh toán VNPAY thật, không có tiền nào được chuyển</p></header>
<main id="noi-dung">
${body}
</main>
</body>
</html>
`;
}

const IPN_LABELS: Readonly<Record<IpnMode, string>> = {
  normal: 'Gửi IPN ngay khi chuyển về trang của đơn vị (như VNPAY)',
  before_return: 'Gửi IPN trước, chờ đơn vị trả lời rồi mới chuyển về',
  delayed: 'Gửi IPN muộn: sau khi chuyển về, chờ thêm một khoảng thời gian',
  none: 'Không gửi IPN',
};

function ipnFieldset(options: IpnOptions, legend: string): string {
  const radios = (Object.keys(IPN_LABELS) as IpnMode[])
    .map(
      (mode) => `<div class="radio">
        <input type="radio" id="ipn-${mode}" name="ipn" value="${mode}"${mode === options.ipn ? ' checked' : ''}>
        <label for="ipn-${mode}">${h(IPN_LABELS[mode])}</label>
      </div>`,
    )
    .join('\n      ');
  return `<fieldset>
      <legend>${h(legend)}</legend>
      <p class="small muted">IPN là lời gọi từ máy chủ VNPAY đến địa chỉ IPN của đơn vị để báo kết quả thanh toán.</p>
      ${radios}
      <label for="delayMs">Thời gian chờ khi gửi IPN muộn (mili giây)</label>
      <p class="hint" id="delayMs-hint">Từ 0 đến ${MAX_DELAY_MS}; mặc định ${DEFAULT_DELAY_MS}.</p>
      <input id="delayMs" name="delayMs" type="number" inputmode="numeric" min="0" max="${MAX_DELAY_MS}" value="${
        options.delayMs
      }" aria-describedby="delayMs-hint">
    </fieldset>`;
}

function fact(label: string, value: string): string {
  return `<div><dt>${h(label)}</dt><dd>${value}</dd></div>`;
}

export interface PaymentPageModel {
  account: MerchantAccount;
  request: PaymentRequest;
  options: IpnOptions;
  ipnUrl: string | null;
}

/** VNPay's payment page, reduced to what a test needs: the order, and a button for each outcome. */
export function renderPayment(m: PaymentPageModel): string {
  const r = m.request;
  const facts = [
    fact('Đơn vị chấp nhận thanh toán', `${h(m.account.name)} <span class="code">(${h(r.tmnCode)})</span>`),
    fact('Mã đơn hàng (vnp_TxnRef)', `<span class="code">${h(r.txnRef)}</span>`),
    fact('Nội dung thanh toán', h(r.orderInfo)),
    fact('Số tiền', `<strong class="amount">${h(money(r.amount))}</strong>`),
    fact('Tạo lúc', vnpTime(r.createDate)),
    ...(r.expireDate ? [fact('Hết hạn thanh toán lúc', vnpTime(r.expireDate))] : []),
    fact(
      'Thẻ thanh toán (giả lập)',
      `Ngân hàng ${SANDBOX_BANK.bankCode}, thẻ nội địa ${SANDBOX_BANK.cardType} số <span class="code">${SANDBOX_BANK.cardNumber}</span>`,
    ),
  ].join('\n    ');
  const ipnNote = m.ipnUrl
    ? `Địa chỉ IPN của đơn vị: <span class="code">${h(m.ipnUrl)}</span>`
    : 'Chưa cấu hình địa chỉ IPN (VNPAY_SANDBOX_IPN_URL): không có IPN nào được gửi.';
  return layout(
    `Thanh toán đơn hàng ${r.txnRef} – ${PAGE_TITLE}`,
    `<h1>Thanh toán qua VNPAY</h1>
<section aria-labelledby="don-hang">
  <h2 id="don-hang">Thông tin đơn hàng</h2>
  <dl class="facts">
    ${facts}
  </dl>
</section>
<form method="post" action="/paymentv2/complete">
  <input type="hidden" name="query" value="${h(r.rawQuery)}">
  <details class="ipn-options"${m.options.ipn === 'normal' ? '' : ' open'}>
    <summary>Tùy chọn thông báo kết quả (IPN)</summary>
    <p class="small">${ipnNote}</p>
    ${ipnFieldset(m.options, 'Khi nào gửi IPN cho giao dịch này')}
  </details>
  <h2 id="ket-qua">Chọn kết quả thanh toán</h2>
  <div class="actions" role="group" aria-labelledby="ket-qua">
    <button type="submit" name="choice" value="success" class="button">Thanh toán thành công</button>
    <button type="submit" name="choice" value="failure" class="button button-secondary">Thanh toán thất bại</button>
    <button type="submit" name="choice" value="cancel" class="button button-warning">Hủy giao dịch</button>
  </div>
  <ul class="small muted">
    <li>Thanh toán thành công: mã phản hồi 00.</li>
    <li>Thanh toán thất bại: tài khoản không đủ số dư, mã phản hồi 51.</li>
    <li>Hủy giao dịch: khách hàng hủy, mã phản hồi 24.</li>
  </ul>
</form>`,
  );
}

/** VNPay's error page for a refused payment request: the message and its code, e.g. "Sai chữ ký (code=97)". */
export function renderRefusal(refusal: PaymentRefusal): string {
  return layout(
    `Thông báo lỗi – ${PAGE_TITLE}`,
    `<h1>Thông báo</h1>
<div class="flash flash-error" role="alert">
  <p class="flash-title">${h(refusal.message)} (code=${h(refusal.code)})</p>
  <p>${h(refusal.detail)}</p>
</div>
<p>Giao dịch không thực hiện được. Vui lòng quay lại trang của đơn vị bán hàng và thử lại.</p>`,
  );
}

export function renderError(status: number, message: string): string {
  return layout(
    `Lỗi ${status} – ${PAGE_TITLE}`,
    `<h1>Lỗi ${status}</h1>
<p>${h(message)}</p>
<p><a href="/">Về trang giao dịch của cổng thử nghiệm</a></p>`,
  );
}

/** The outcome of a payment in words. */
export function resultText(tx: SandboxTransaction): string {
  switch (tx.responseCode) {
    case '00':
      return 'Thành công (mã 00)';
    case '51':
      return 'Không thành công: tài khoản không đủ số dư (mã 51)';
    case '24':
      return 'Khách hàng hủy giao dịch (mã 24)';
    default:
      return `Không thành công (mã ${tx.responseCode})`;
  }
}

function attemptText(a: IpnAttempt): string {
  const what = `Lần ${a.attempt}${a.trigger === 'resend' ? ' (gửi lại)' : ''}`;
  if (a.httpStatus === null) return `${what}: không gửi được — ${a.error ?? 'không rõ lý do'}`;
  const answer =
    a.rspCode === null
      ? `câu trả lời không đúng dạng${a.body ? `: ${a.body.slice(0, 120)}` : ''}`
      : `RspCode ${a.rspCode}${a.message ? ` – ${a.message}` : ''}`;
  return `${what}: HTTP ${a.httpStatus}, ${answer}${a.accepted ? '' : ' (chưa được xác nhận)'}`;
}

function ipnStateText(tx: SandboxTransaction, maxAttempts: number): string {
  switch (tx.ipnState) {
    case 'pending':
      return tx.ipnAttempts.length === 0
        ? tx.ipnMode === 'delayed'
          ? `Sẽ gửi sau ${tx.ipnDelayMs} ms`
          : 'Đang gửi'
        : `Đang gửi lại (tối đa ${maxAttempts} lần)`;
    case 'confirmed':
      return 'Đơn vị đã xác nhận';
    case 'gave_up':
      return 'Đã ngừng gửi: đơn vị không xác nhận';
    case 'skipped':
      return 'Không gửi IPN (theo lựa chọn)';
    case 'not_configured':
      return 'Không gửi: chưa cấu hình địa chỉ IPN';
  }
}

export interface ListModel {
  account: MerchantAccount;
  ipnUrl: string | null;
  maxAttempts: number;
  transactions: readonly SandboxTransaction[];
  /** The options the next payment's IPN will use, when set. */
  nextOptions: IpnOptions | null;
  flash?: string;
}

export function renderList(m: ListModel): string {
  const rows = m.transactions
    .map((tx) => {
      const attempts = tx.ipnAttempts.length
        ? `<ol class="attempts">${tx.ipnAttempts
            .map((a) => `<li>${time(a.at)}: ${h(attemptText(a))}</li>`)
            .join('')}</ol>`
        : '';
      const resend = tx.ipnUrl
        ? `<form method="post" action="/transactions/${encodeURIComponent(tx.txnRef)}/ipn">
          <button type="submit" class="button button-secondary">Gửi lại IPN<span class="vh"> của giao dịch ${h(tx.txnRef)}</span></button>
        </form>`
        : '';
      return `<tr>
      <td data-label="Thời gian">${time(tx.completedAt)}</td>
      <th scope="row" data-label="Mã đơn hàng"><span class="code">${h(tx.txnRef)}</span><br><span class="small muted">Mã giao dịch VNPAY ${h(
        tx.transactionNo,
      )}</span></th>
      <td data-label="Số tiền" class="nowrap">${h(money(tx.amount))}</td>
      <td data-label="Kết quả">${h(resultText(tx))}</td>
      <td data-label="IPN">${h(ipnStateText(tx, m.maxAttempts))}${attempts}</td>
      <td data-label="Thao tác">${resend}</td>
    </tr>`;
    })
    .join('\n    ');
  const table =
    m.transactions.length === 0
      ? '<p>Chưa có giao dịch nào. Giao dịch thanh toán từ hệ thống Một Cửa sẽ hiện ở đây.</p>'
      : `<table class="stack">
  <caption>Giao dịch, mới nhất trước</caption>
  <thead>
    <tr>
      <th scope="col">Thời gian</th>
      <th scope="col">Mã đơn hàng</th>
      <th scope="col">Số tiền</th>
      <th scope="col">Kết quả</th>
      <th scope="col">IPN và câu trả lời của đơn vị</th>
      <th scope="col">Thao tác</th>
    </tr>
  </thead>
  <tbody>
    ${rows}
  </tbody>
</table>`;
  const next = m.nextOptions
    ? `<p class="flash" role="status">Giao dịch tiếp theo: ${h(IPN_LABELS[m.nextOptions.ipn])}${
        m.nextOptions.ipn === 'delayed' ? ` (${m.nextOptions.delayMs} ms)` : ''
      }.</p>`
    : '';
  return layout(
    PAGE_TITLE,
    `<h1>${h(PAGE_TITLE)}</h1>
${m.flash ? `<div class="flash" role="status"><p>${h(m.flash)}</p></div>` : ''}
<p>Máy chủ này đóng vai cổng thanh toán VNPAY (phiên bản API 2.1.0) trên máy này để thử hệ thống Một Cửa: trang thanh toán, chuyển hướng về địa chỉ trả về của đơn vị, thông báo kết quả (IPN) và tra cứu giao dịch (querydr), đều được ký bằng HMAC-SHA512.</p>
<dl class="facts">
  ${fact('Mã website (vnp_TmnCode)', `<span class="code">${h(m.account.tmnCode)}</span> — ${h(m.account.name)}`)}
  ${fact('Trang thanh toán', '<span class="code">/paymentv2/vpcpay.html</span>')}
  ${fact('Tra cứu giao dịch', '<span class="code">POST /merchant_webapi/api/transaction</span>')}
  ${fact('Địa chỉ IPN của đơn vị', m.ipnUrl ? `<span class="code">${h(m.ipnUrl)}</span>` : 'chưa cấu hình')}
</dl>
<section aria-labelledby="giao-dich">
  <h2 id="giao-dich">Giao dịch (${m.transactions.length})</h2>
  <p><a href="/">Tải lại trang</a> để xem IPN mới nhất.</p>
  ${table}
</section>
<section aria-labelledby="tuy-chon">
  <h2 id="tuy-chon">Tùy chọn IPN cho giao dịch tiếp theo</h2>
  ${next}
  <form method="post" action="/options">
    ${ipnFieldset(m.nextOptions ?? { ipn: 'normal', delayMs: DEFAULT_DELAY_MS }, 'Khi nào gửi IPN cho giao dịch tiếp theo')}
    <button type="submit" class="button">Lưu tùy chọn</button>
  </form>
</section>`,
  );
}

export const STYLES = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;font-size:1rem;line-height:1.5;color:#0b0c0c;background:#fff}
main{max-width:72rem;margin:0 auto;padding:1rem}
p,li,td,th,dd,dt,a,h1,h2,caption,summary,label,legend,.code{overflow-wrap:anywhere}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.35rem;margin:2rem 0 .75rem}
a{color:#1d70b8}
a:focus,button:focus,input:focus,summary:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}
.skip{position:absolute;left:-9999px;top:0;background:#fd0;color:#0b0c0c;padding:.5rem}
.skip:focus{left:0}
.banner{background:#005baa;color:#fff;padding:.5rem 1rem}
.banner p{margin:0 auto;max-width:72rem;font-weight:600}
.vh{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;white-space:nowrap!important;border:0!important}
.code{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
.small{font-size:.9rem}
.muted,.hint{color:#505a5f}
.hint{margin:0 0 .25rem}
.nowrap,time{white-space:nowrap}
.amount{font-size:1.35rem}
.flash{border:5px solid #00703c;padding:.5rem 1rem;margin:0 0 1.5rem}
.flash-error{border-color:#d4351c}
.flash p{margin:.25rem 0}
.flash-title{font-weight:700;font-size:1.1rem}
form{margin:1rem 0}
fieldset{border:1px solid #b1b4b6;padding:.75rem 1rem;margin:0 0 1rem;min-width:0}
legend{font-weight:700;padding:0 .25rem}
label{font-weight:600}
fieldset>label{display:block;margin:.75rem 0 .25rem}
.radio{display:flex;gap:.5rem;align-items:flex-start;margin:.35rem 0}
.radio input{margin:.3rem 0 0;flex:none;width:1.25rem;height:1.25rem}
.radio label{font-weight:400}
input[type=number]{font:inherit;border:2px solid #0b0c0c;padding:.35rem;width:12rem;max-width:100%}
details{margin:.5rem 0 1rem}
summary{color:#1d70b8;cursor:pointer;text-decoration:underline}
.actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.button{font:inherit;font-weight:600;color:#fff;background:#00703c;border:2px solid transparent;box-shadow:0 2px 0 #002d18;padding:.5rem 1rem;cursor:pointer;max-width:100%}
.button:hover{background:#005a30}
.button-secondary{color:#0b0c0c;background:#f3f2f1;box-shadow:0 2px 0 #929191}
.button-secondary:hover{background:#dbdad9}
.button-warning{background:#d4351c;box-shadow:0 2px 0 #55150b}
.button-warning:hover{background:#aa2a16}
.facts{margin:0 0 1rem}
.facts div{display:grid;grid-template-columns:minmax(8rem,16rem) minmax(0,1fr);gap:.25rem 1rem;padding:.4rem 0;border-bottom:1px solid #b1b4b6}
.facts dt{font-weight:700}
.facts dd{margin:0;min-width:0}
table{border-collapse:collapse;width:100%;margin:0 0 1rem}
caption{text-align:left;font-weight:700;padding:0 0 .5rem}
th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #b1b4b6}
tbody th{font-weight:400}
thead th{border-bottom:2px solid #0b0c0c}
td form{margin:0}
.attempts{margin:.25rem 0 0;padding-left:1.25rem;font-size:.9rem}
@media (max-width:48rem){
  table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%)}
  table.stack,table.stack caption,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block;width:100%}
  table.stack tr{border:1px solid #b1b4b6;margin:0 0 1rem;padding:.25rem .5rem}
  table.stack th,table.stack td{border:0;padding:.35rem 0}
  table.stack .nowrap{white-space:normal}
  table.stack tbody th::before,table.stack td::before{content:attr(data-label);display:block;font-weight:700;font-size:.9rem;color:#505a5f}
  .facts div{grid-template-columns:minmax(0,1fr)}
}
`;
