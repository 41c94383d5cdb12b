import type { CaughtMessage } from './mail-store';
import type { CaughtSms, OutageMode } from './sms-store';
import { displayDateTime, isoVietnam } from './vietnam-time';
import { escapeHtml } from '@app/plain-http';

export const PAGE_TITLE = 'Hộp thư và tin nhắn thử nghiệm';

const h = escapeHtml;

function time(instant: Date): string {
  return `<time datetime="${h(isoVietnam(instant))}">${h(displayDateTime(instant))}</time>`;
}

const subjectText = (m: CaughtMessage) => m.subject.trim() || '(không có tiêu đề)';

function bytes(size: number): string {
  const n = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
  if (size < 1024) return `${n.format(size)} byte`;
  if (size < 1024 * 1024) return `${n.format(size / 1024)} KiB`;
  return `${n.format(size / 1024 / 1024)} MiB`;
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
<header class="banner"><p>Môi trường thử nghiệm: thư và tin nhắn ở đây không được gửi đến người nhận thật</p></header>
<main id="noi-dung">
${body}
</main>
</body>
</html>
`;
}

export interface ListModel {
  messages: readonly CaughtMessage[];
  capacity: number;
  smtpAddress: string;
  /** The SMS the gateway took, newest first, and the outage asked for, if any. */
  sms: readonly CaughtSms[];
  outage: { remaining: number; mode: OutageMode } | null;
  /** How many messages were just deleted (after "Xóa tất cả"), if any. */
  cleared?: number;
}

const OUTAGE_TEXT: Record<OutageMode, string> = {
  unavailable: 'trả lỗi HTTP 503, không nhận tin',
  lost_answer: 'nhận tin nhưng không trả lời (mất câu trả lời)',
};

function smsSection(m: ListModel): string {
  const outage = m.outage
    ? `<div class="flash" role="status"><p>Đang giả lập sự cố: ${m.outage.remaining} yêu cầu gửi tin tiếp theo sẽ ${h(
        OUTAGE_TEXT[m.outage.mode],
      )}.</p></div>`
    : '';
  const rows = m.sms
    .map(
      (s) => `<tr>
      <td data-label="Nhận lúc">${time(s.receivedAt)}</td>
      <td data-label="Số điện thoại"><span class="code">${h(s.phone)}</span></td>
      <td data-label="Thương hiệu">${h(s.brandname)}</td>
      <th scope="row" data-label="Nội dung">${h(s.content)}<br><span class="small muted">${s.content.length} ký tự, ${
        s.unicode ? 'có dấu (Unicode)' : 'không dấu'
      }${s.sandbox ? ', thử nghiệm (Sandbox)' : ''}</span></th>
    </tr>`,
    )
    .join('\n    ');
  const table =
    m.sms.length === 0
      ? '<p>Chưa có tin nhắn nào. Tin nhắn SMS mà hệ thống gửi đi sẽ hiện ở đây.</p>'
      : `<table class="stack">
  <caption>Tin nhắn đã nhận, mới nhất trước</caption>
  <thead>
    <tr>
      <th scope="col">Nhận lúc</th>
      <th scope="col">Số điện thoại</th>
      <th scope="col">Thương hiệu</th>
      <th scope="col">Nội dung</th>
    </tr>
  </thead>
  <tbody>
    ${rows}
  </tbody>
</table>`;
  return `<section aria-labelledby="tin-nhan">
  <h2 id="tin-nhan">Tin nhắn SMS đã nhận (${m.sms.length})</h2>
  <p>Cổng SMS thử nghiệm nói đúng giao thức của eSMS.vn (gửi tin chăm sóc khách hàng bằng thương hiệu): hệ thống gửi tin đến đây như gửi đến nhà mạng.</p>
  ${outage}
  ${table}
  <form method="post" action="/sms/outage" class="outage">
    <fieldset>
      <legend>Giả lập sự cố cổng SMS</legend>
      <p class="small">Để xem hệ thống gửi lại thế nào: mỗi tin vẫn chỉ đến một lần.</p>
      <label for="requests">Số yêu cầu gửi tin tiếp theo bị lỗi</label>
      <input id="requests" name="requests" type="number" inputmode="numeric" min="0" max="1000" value="3" required>
      <label for="mode">Kiểu sự cố</label>
      <select id="mode" name="mode">
        <option value="unavailable">Cổng trả lỗi, không nhận tin</option>
        <option value="lost_answer">Cổng nhận tin nhưng câu trả lời bị mất</option>
      </select>
      <button type="submit" class="button">Bắt đầu giả lập</button>
    </fieldset>
  </form>
</section>`;
}

export function renderList(m: ListModel): string {
  const flash =
    m.cleared === undefined
      ? ''
      : `<div class="flash" role="status"><p>Đã xóa ${m.cleared} thư và tin nhắn khỏi hộp thư thử nghiệm.</p></div>\n`;
  const rows = m.messages
    .map(
      (msg) => `<tr>
      <td data-label="Nhận lúc">${time(msg.receivedAt)}</td>
      <td data-label="Người gửi">${h(msg.from || msg.envelope.mailFrom || '')}</td>
      <td data-label="Người nhận">${h(msg.to || msg.envelope.rcptTo.join(', '))}</td>
      <th scope="row" data-label="Tiêu đề"><a href="/messages/${encodeURIComponent(msg.id)}">${h(subjectText(msg))}</a></th>
    </tr>`,
    )
    .join('\n    ');
  const table =
    m.messages.length === 0
      ? '<p>Chưa có thư nào. Thư mà cổng Một Cửa gửi đi sẽ hiện ở đây.</p>'
      : `<table class="stack">
  <caption>Thư đã nhận, mới nhất trước</caption>
  <thead>
    <tr>
      <th scope="col">Nhận lúc</th>
      <th scope="col">Người gửi</th>
      <th scope="col">Người nhận</th>
      <th scope="col">Tiêu đề</th>
    </tr>
  </thead>
  <tbody>
    ${rows}
  </tbody>
</table>`;
  const clear =
    m.messages.length + m.sms.length === 0
      ? ''
      : `<form method="get" action="/clear">
  <button type="submit" class="button button-warning">Xóa tất cả thư và tin nhắn</button>
</form>`;
  return layout(
    PAGE_TITLE,
    `<h1>${h(PAGE_TITLE)}</h1>
${flash}<p>Mọi thư điện tử và tin nhắn SMS mà hệ thống Một Cửa gửi đi trong bản chạy thử này đều đến đây; không thư hay tin nào được chuyển tới người nhận thật.</p>
<p class="small muted">Máy chủ SMTP của hộp thư: <span class="code">${h(m.smtpAddress)}</span>. Giữ tối đa ${m.capacity} thư trong bộ nhớ, mất khi khởi động lại.</p>
<section aria-labelledby="thu-da-nhan">
  <h2 id="thu-da-nhan">Thư đã nhận (${m.messages.length})</h2>
  <p><a href="/">Tải lại trang</a> để xem thư mới.</p>
  ${table}
</section>
${smsSection(m)}
${clear}`,
  );
}

function fact(label: string, value: string): string {
  return `<div><dt>${h(label)}</dt><dd>${value}</dd></div>`;
}

export function renderMessage(msg: CaughtMessage): string {
  const facts = [
    fact('Nhận lúc', time(msg.receivedAt)),
    fact('Ngày gửi (tiêu đề Date)', msg.date ? time(msg.date) : '<span class="muted">không có</span>'),
    fact('Người gửi (From)', h(msg.from) || '<span class="muted">không có</span>'),
    fact('Người nhận (To)', h(msg.to) || '<span class="muted">không có</span>'),
    ...(msg.cc ? [fact('Đồng gửi (Cc)', h(msg.cc))] : []),
    fact('Tiêu đề (Subject)', h(msg.subject) || '<span class="muted">không có</span>'),
    fact(
      'Message-ID',
      msg.messageId ? `<span class="code">${h(msg.messageId)}</span>` : '<span class="muted">không có</span>',
    ),
    fact(
      'Phong bì SMTP',
      `MAIL FROM <span class="code">${h(msg.envelope.mailFrom ?? '<>')}</span>; RCPT TO <span class="code">${h(
        msg.envelope.rcptTo.join(', '),
      )}</span>`,
    ),
    fact('Kích thước', h(bytes(msg.size))),
    ...Object.entries(msg.headers).map(([name, value]) => fact(name, `<span class="code">${h(value)}</span>`)),
    ...(msg.attachments.length > 0
      ? [
          fact(
            'Tệp đính kèm',
            `<ul>${msg.attachments
              .map((a) => `<li>${h(a.filename ?? '(không tên)')} — ${h(a.contentType)}, ${h(bytes(a.size))}</li>`)
              .join('')}</ul>`,
          ),
        ]
      : []),
  ].join('\n    ');
  const text =
    msg.text === null || msg.text.trim() === ''
      ? '<p>Thư không có phần văn bản thuần.</p>'
      : `<pre class="mail-text">${h(msg.text)}</pre>`;
  const html =
    msg.html === null
      ? '<p>Thư không có phần HTML.</p>'
      : `<p>Hiển thị trong một khung cách ly: mã trong thư không chạy, biểu mẫu và liên kết trong thư không hoạt động.</p>
  <iframe class="mail-html" sandbox srcdoc="${h(msg.html)}" title="Nội dung HTML của thư"></iframe>`;
  return layout(
    `${subjectText(msg)} – ${PAGE_TITLE}`,
    `<p><a href="/">Về hộp thư thử nghiệm</a></p>
<h1>${h(subjectText(msg))}</h1>
<section aria-labelledby="thong-tin">
  <h2 id="thong-tin">Thông tin thư</h2>
  <dl class="facts">
    ${facts}
  </dl>
  <details>
    <summary>Tất cả dòng tiêu đề (${msg.rawHeaders.length})</summary>
    <pre class="mail-text raw">${h(msg.rawHeaders.join('\n'))}</pre>
  </details>
</section>
<section aria-labelledby="van-ban">
  <h2 id="van-ban">Phần văn bản</h2>
  ${text}
</section>
<section aria-labelledby="phan-html">
  <h2 id="phan-html">Phần HTML</h2>
  ${html}
</section>`,
  );
}

export function renderClearConfirm(count: number): string {
  const body =
    count === 0
      ? `<h1>Hộp thư đang trống</h1>
<p>Không có thư hay tin nhắn nào để xóa.</p>
<p><a href="/">Về hộp thư thử nghiệm</a></p>`
      : `<h1>Xóa tất cả ${count} thư và tin nhắn?</h1>
<p>Mọi thư và tin nhắn trong hộp thư thử nghiệm sẽ bị xóa và không khôi phục được. Thư và tin gửi đến sau đó vẫn được nhận bình thường.</p>
<form method="post" action="/clear" class="actions">
  <button type="submit" class="button button-warning">Xóa tất cả</button>
  <a href="/">Không xóa, quay lại hộp thư</a>
</form>`;
  return layout(`Xóa tất cả thư – ${PAGE_TITLE}`, body);
}

export function renderError(status: number, message: string): string {
  return layout(
    `Lỗi ${status} – ${PAGE_TITLE}`,
    `<h1>Lỗi ${status}</h1>
<p>${h(message)}</p>
<p><a href="/">Về hộp thư thử nghiệm</a></p>`,
  );
}

export const STYLES = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;font-size:1rem;line-height:1.5;color:#0b0c0c;background:#fff}
main{max-width:72rem;margin:0 auto;padding:1rem}
p,li,td,th,dd,dt,a,h1,h2,caption,summary,.code{overflow-wrap:anywhere}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.35rem;margin:2rem 0 .75rem}
a{color:#1d70b8}
a:focus,button:focus,summary:focus,iframe:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}
.skip{position:absolute;left:-9999px;top:0;background:#fd0;color:#0b0c0c;padding:.5rem}
.skip:focus{left:0}
.banner{background:#0b0c0c;color:#fff;padding:.5rem 1rem}
.banner p{margin:0 auto;max-width:72rem;font-weight:600}
.code{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
.small{font-size:.9rem}
.muted{color:#505a5f}
time{white-space:nowrap}
.flash{border:5px solid #00703c;padding:.5rem 1rem;margin:0 0 1.5rem}
.flash p{margin:0;font-weight:700}
form{margin:1rem 0}
fieldset{border:1px solid #b1b4b6;padding:.75rem 1rem;margin:0;min-width:0}
legend{font-weight:700;padding:0 .25rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,select{font:inherit;border:2px solid #0b0c0c;padding:.35rem;max-width:100%}
input:focus,select:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}
.outage .button{display:block;margin-top:1rem}
.actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.button{font:inherit;font-weight:600;color:#fff;background:#00703c;border:2px solid transparent;box-shadow:0 2px 0 #002d18;padding:.5rem 1rem;cursor:pointer}
.button-warning{background:#d4351c;box-shadow:0 2px 0 #55150b}
.button-warning:hover{background:#aa2a16}
table{border-collapse:collapse;width:100%;margin:0 0 1rem;table-layout:auto}
caption{text-align:left;font-weight:700;padding:0 0 .5rem}
th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #b1b4b6}
tbody th{font-weight:400}
thead th{border-bottom:2px solid #0b0c0c}
.facts{margin:0 0 1rem}
.facts div{display:grid;grid-template-columns:minmax(8rem,14rem) minmax(0,1fr);gap:.25rem 1rem;padding:.4rem 0;border-bottom:1px solid #b1b4b6}
.facts dt{font-weight:700}
.facts dd{margin:0;min-width:0}
.facts ul{margin:0;padding-left:1.25rem}
pre.mail-text{font-family:inherit;white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f2f1;border-left:5px solid #b1b4b6;padding:.75rem;margin:.5rem 0;max-width:100%}
pre.raw{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9rem}
iframe.mail-html{display:block;width:100%;height:40rem;max-height:80vh;border:2px solid #0b0c0c;background:#fff}
details{margin:.5rem 0}
summary{color:#1d70b8;cursor:pointer;text-decoration:underline}
@media (max-width:48rem){
  table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%)}
  table.stack,table.stack caption,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block;width:100%}
  table.stack tr{border:1px solid #b1b4b6;margin:0 0 1rem;padding:.25rem .5rem}
  table.stack th,table.stack td{border:0;padding:.35rem 0}
  table.stack tbody th::before,table.stack td::before{content:attr(data-label);display:block;font-weight:700;font-size:.9rem;color:#505a5f}
  .facts div{grid-template-columns:minmax(0,1fr)}
}
`;
