import { DEMO_PROCEDURES, DEMO_WARD } from './catalogue';
import type { Delivery, RefusedPushes } from './sim-store';
import type { DossierView } from './simulator';
import { displayDateTime, isoVietnam } from './vietnam-time';
import type { SignatureProblem } from './webhook-verify';
import { escapeHtml } from '@app/plain-http';

export const PAGE_TITLE = 'Cổng Dịch vụ công quốc gia (mô phỏng)';

/** A message shown once at the top of the page after a form post (kept by id, the redirect carries the id). */
export interface Flash {
  kind: 'success' | 'error';
  title: string;
  lines: string[];
}

/** The filing form's values, as typed, with the problems found in them. */
export interface FilingForm {
  procedureCode: string;
  agencyCode: string;
  fullName: string;
  idNumber: string;
  phone: string;
  email: string;
  address: string;
  summary: string;
  errors: Partial<Record<FilingFormField, string>>;
}

export type FilingFormField = 'procedureCode' | 'agencyCode' | 'fullName' | 'idNumber' | 'phone' | 'email' | 'address';

export function defaultFilingForm(province: string): FilingForm {
  return {
    procedureCode: DEMO_PROCEDURES[0]?.code ?? '',
    agencyCode: DEMO_WARD.code.endsWith(`.${province}`) ? DEMO_WARD.code : '',
    fullName: 'Nguyễn Văn An',
    idNumber: '046095001234',
    phone: '0912345678',
    email: '',
    address: 'Phường Thủy Xuân, thành phố Huế',
    summary: '',
    errors: {},
  };
}

/** The form's fields in the order they appear, for the error summary's links. */
const FIELD_ORDER: readonly FilingFormField[] = [
  'procedureCode',
  'agencyCode',
  'fullName',
  'idNumber',
  'phone',
  'email',
  'address',
];

const h = escapeHtml;

function time(instant: string): string {
  return `<time datetime="${h(isoVietnam(instant))}">${h(displayDateTime(instant))}</time>`;
}

const money = (amount: number) => `${new Intl.NumberFormat('vi-VN').format(amount)} đồng`;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The portal's refusal in a few words: its field errors, else its message (RFC 9457 problem or adapter answer). */
export function portalProblem(answer: unknown): string {
  if (typeof answer === 'string') return answer.slice(0, 300);
  if (!isObject(answer)) return '';
  const errors = answer['errors'];
  if (Array.isArray(errors) && errors.length > 0) {
    return errors
      .slice(0, 3)
      .map((e: unknown) => {
        if (!isObject(e)) return String(e);
        const messages = Array.isArray(e['messages']) ? e['messages'].map(String).join(', ') : '';
        return `${typeof e['field'] === 'string' ? e['field'] : ''}: ${messages}`;
      })
      .join('; ');
  }
  for (const key of ['detail', 'message', 'title', 'error']) {
    if (typeof answer[key] === 'string') return answer[key];
  }
  return JSON.stringify(answer).slice(0, 300);
}

/** What the portal made of the dossier according to its answer: a new dossier, or a duplicate delivery. */
export function portalResult(answer: unknown): 'created' | 'duplicate' | null {
  if (!isObject(answer) || !Array.isArray(answer['results'])) return null;
  const [first] = answer['results'] as unknown[];
  const result = isObject(first) ? first['result'] : null;
  return result === 'created' || result === 'duplicate' ? result : null;
}

/** One delivery in a sentence, in Vietnamese. */
export function deliveryText(d: Delivery): string {
  if (d.httpStatus === null) return `Không gửi được: ${d.error ?? 'không rõ lý do'}`;
  if (d.accepted) {
    const result = portalResult(d.portalAnswer);
    if (result === 'created') return 'Hệ thống một cửa đã nhận: hồ sơ mới';
    if (result === 'duplicate') return 'Trùng lặp: hệ thống một cửa đã có hồ sơ này, không tạo thêm';
    return `Hệ thống một cửa đã nhận (HTTP ${d.httpStatus})`;
  }
  const problem = portalProblem(d.portalAnswer);
  return `Bị từ chối (HTTP ${d.httpStatus})${problem ? `: ${problem}` : ''}`;
}

function flashHtml(flash: Flash | undefined): string {
  if (!flash) return '';
  const role = flash.kind === 'error' ? 'alert' : 'status';
  return `<div class="flash flash-${flash.kind}" role="${role}">
  <p class="flash-title">${h(flash.title)}</p>
  ${flash.lines.map((l) => `<p>${h(l)}</p>`).join('\n  ')}
</div>`;
}

const FIELD_LABELS: Record<FilingFormField, string> = {
  procedureCode: 'Thủ tục hành chính',
  agencyCode: 'Mã định danh của cơ quan tiếp nhận',
  fullName: 'Họ và tên người nộp',
  idNumber: 'Số định danh cá nhân (số CCCD)',
  phone: 'Số điện thoại',
  email: 'Thư điện tử (không bắt buộc)',
  address: 'Địa chỉ',
};

function errorSummary(form: FilingForm): string {
  const fields = FIELD_ORDER.filter((f) => form.errors[f]);
  if (fields.length === 0) return '';
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
  <h3 id="error-summary-title">Chưa nộp được: vui lòng sửa</h3>
  <ul>
    ${fields.map((f) => `<li><a href="#${f}">${h(form.errors[f] ?? '')}</a></li>`).join('\n    ')}
  </ul>
</div>`;
}

function input(
  form: FilingForm,
  field: Exclude<FilingFormField, 'procedureCode'>,
  opts: { hint?: string; type?: string; inputmode?: string; autocomplete?: string; required?: boolean } = {},
): string {
  const error = form.errors[field];
  const described = [opts.hint ? `${field}-hint` : '', error ? `${field}-error` : ''].filter(Boolean).join(' ');
  return `<div class="field${error ? ' field-error' : ''}">
      <label for="${field}">${h(FIELD_LABELS[field])}</label>
      ${opts.hint ? `<p class="hint" id="${field}-hint">${h(opts.hint)}</p>` : ''}
      ${error ? `<p class="error" id="${field}-error"><span class="vh">Lỗi: </span>${h(error)}</p>` : ''}
      <input id="${field}" name="${field}" type="${opts.type ?? 'text'}" value="${h(form[field])}"${
        opts.inputmode ? ` inputmode="${opts.inputmode}"` : ''
      } autocomplete="${opts.autocomplete ?? 'off'}"${opts.required ? ' required' : ''}${
        described ? ` aria-describedby="${described}"` : ''
      }${error ? ' aria-invalid="true"' : ''}>
    </div>`;
}

function filingFormHtml(form: FilingForm, province: string): string {
  const procedureError = form.errors.procedureCode;
  const options = DEMO_PROCEDURES.map(
    (p) =>
      `<option value="${h(p.code)}"${p.code === form.procedureCode ? ' selected' : ''}>${h(p.code)} — ${h(p.name)}</option>`,
  ).join('\n        ');
  const procedureDetails = DEMO_PROCEDURES.map(
    (p) => `<li>
          <p><strong>${h(p.name)}</strong> (${h(p.code)})</p>
          <ul>
            ${p.documents.map((d) => `<li>${h(d.name)} — mã giấy tờ <code>${h(d.code)}</code></li>`).join('\n            ')}
            <li>${p.fees.length === 0 ? 'Không thu lệ phí trực tuyến' : p.fees.map((f) => `${h(f.name)}: ${h(money(f.amount))}, đã nộp trực tuyến`).join('; ')}</li>
          </ul>
        </li>`,
  ).join('\n        ');
  return `<section aria-labelledby="nop-ho-so">
  <h2 id="nop-ho-so">Nộp hồ sơ mẫu</h2>
  <p>Trình mô phỏng tự tạo một tệp PDF mẫu cho mỗi giấy tờ bắt buộc của thủ tục và ghi lệ phí như đã nộp trực tuyến, rồi gửi hồ sơ đến hệ thống một cửa của tỉnh ${h(province)}.</p>
  ${errorSummary(form)}
  <form method="post" action="/ho-so" novalidate>
    <div class="field${procedureError ? ' field-error' : ''}">
      <label for="procedureCode">${h(FIELD_LABELS.procedureCode)}</label>
      ${procedureError ? `<p class="error" id="procedureCode-error"><span class="vh">Lỗi: </span>${h(procedureError)}</p>` : ''}
      <select id="procedureCode" name="procedureCode"${procedureError ? ' aria-describedby="procedureCode-error" aria-invalid="true"' : ''}>
        ${options}
      </select>
    </div>
    <details class="procedures">
      <summary>Giấy tờ đính kèm và lệ phí của từng thủ tục</summary>
      <ul>
        ${procedureDetails}
      </ul>
    </details>
    ${input(form, 'agencyCode', { hint: `${DEMO_WARD.name}: ${DEMO_WARD.code}`, required: true })}
    ${input(form, 'fullName', { required: true })}
    ${input(form, 'idNumber', { hint: '12 chữ số', inputmode: 'numeric' })}
    ${input(form, 'phone', { type: 'tel', inputmode: 'tel' })}
    ${input(form, 'email', { type: 'email' })}
    ${input(form, 'address')}
    <div class="field">
      <label for="summary">Trích yếu hồ sơ (không bắt buộc)</label>
      <p class="hint" id="summary-hint">Để trống: tên thủ tục và tên người nộp.</p>
      <input id="summary" name="summary" type="text" value="${h(form.summary)}" autocomplete="off" aria-describedby="summary-hint">
    </div>
    <button type="submit" class="button">Nộp hồ sơ</button>
  </form>
</section>`;
}

function statusCell(view: DossierView): string {
  const current = view.status;
  const head = current
    ? `<strong>${h(current.name)}</strong><br><span class="small">nhận lúc ${time(current.receivedAt)}</span>`
    : '<span class="muted">Chưa có trạng thái gửi về</span>';
  if (view.history.length === 0) return head;
  const items = view.history
    .map(
      (a) =>
        `<li>${time(a.receivedAt)}: ${h(a.statusName)}${
          a.applied ? '' : ' <em>(đến sau một trạng thái mới hơn, không thay đổi trạng thái hiện tại)</em>'
        }</li>`,
    )
    .join('');
  return `${head}
        <details><summary>Lịch sử trạng thái (${view.history.length})<span class="vh"> của hồ sơ ${h(view.maHoSo)}</span></summary><ol>${items}</ol></details>`;
}

function filedTable(dossiers: readonly DossierView[]): string {
  if (dossiers.length === 0) return '<p>Chưa có hồ sơ nào được nộp từ trình mô phỏng.</p>';
  const rows = dossiers
    .map((d) => {
      const last = d.deliveries.at(-1);
      const deliveries = last
        ? `${h(deliveryText(last))}<br><span class="small">lần gửi thứ ${d.deliveries.length}, lúc ${time(last.at)}</span>${
            d.deliveries.length > 1
              ? `
        <details><summary>Các lần gửi (${d.deliveries.length})<span class="vh"> của hồ sơ ${h(d.maHoSo)}</span></summary><ol>${d.deliveries
          .map((x) => `<li>${time(x.at)}: ${h(deliveryText(x))}</li>`)
          .join('')}</ol></details>`
              : ''
          }`
        : '<span class="muted">Chưa gửi</span>';
      return `<tr>
      <th scope="row" data-label="Mã hồ sơ"><span class="code nowrap">${h(d.maHoSo)}</span></th>
      <td data-label="Thủ tục">${h(d.procedureName ?? d.procedureCode ?? '')}</td>
      <td data-label="Người nộp">${h(d.applicantName ?? '')}</td>
      <td data-label="Nộp lúc">${d.filedAt ? time(d.filedAt) : ''}</td>
      <td data-label="Kết quả gửi">${deliveries}</td>
      <td data-label="Trạng thái hiện tại">${statusCell(d)}</td>
      <td data-label="Thao tác">
        <form method="post" action="/ho-so/${encodeURIComponent(d.maHoSo)}/gui-lai">
          <button type="submit" class="button button-secondary">Gửi lại (trùng lặp)<span class="vh"> hồ sơ ${h(d.maHoSo)}</span></button>
        </form>
      </td>
    </tr>`;
    })
    .join('\n    ');
  return `<table class="stack">
  <caption>Hồ sơ đã nộp, mới nhất trước</caption>
  <thead>
    <tr>
      <th scope="col">Mã hồ sơ</th>
      <th scope="col">Thủ tục</th>
      <th scope="col">Người nộp</th>
      <th scope="col">Nộp lúc</th>
      <th scope="col">Kết quả gửi</th>
      <th scope="col">Trạng thái hiện tại</th>
      <th scope="col">Thao tác</th>
    </tr>
  </thead>
  <tbody>
    ${rows}
  </tbody>
</table>`;
}

const OTHERS_SHOWN = 20;

function othersSection(others: readonly DossierView[]): string {
  if (others.length === 0) return '';
  const rows = others
    .slice(0, OTHERS_SHOWN)
    .map(
      (d) => `<tr>
      <th scope="row" data-label="Mã hồ sơ"><span class="code nowrap">${h(d.maHoSo)}</span></th>
      <td data-label="Trạng thái hiện tại">${statusCell(d)}</td>
    </tr>`,
    )
    .join('\n    ');
  return `<section aria-labelledby="ho-so-khac">
  <h2 id="ho-so-khac">Trạng thái của các hồ sơ khác</h2>
  <p>Hệ thống một cửa gửi về trạng thái của mọi hồ sơ đã có mã, kể cả hồ sơ nộp trực tiếp tại quầy hoặc trên cổng của tỉnh.${
    others.length > OTHERS_SHOWN ? ` Hiện ${OTHERS_SHOWN} trong số ${others.length} hồ sơ, mới nhất trước.` : ''
  }</p>
  <table class="stack">
  <caption>Hồ sơ không nộp qua trình mô phỏng</caption>
  <thead>
    <tr><th scope="col">Mã hồ sơ</th><th scope="col">Trạng thái hiện tại</th></tr>
  </thead>
  <tbody>
    ${rows}
  </tbody>
  </table>
</section>`;
}

/** The signature problems (webhook-verify.ts) in Vietnamese, for the page. */
const SIGNATURE_PROBLEMS_VI: Readonly<Record<SignatureProblem, string>> = {
  'missing webhook-id, webhook-timestamp or webhook-signature':
    'thiếu tiêu đề webhook-id, webhook-timestamp hoặc webhook-signature',
  'webhook-timestamp is not a whole number of seconds': 'webhook-timestamp không phải là số giây',
  'webhook-timestamp is more than 5 minutes old': 'webhook-timestamp cũ hơn 5 phút',
  'webhook-timestamp is more than 5 minutes in the future': 'webhook-timestamp đi trước đồng hồ của máy này hơn 5 phút',
  'no v1 signature matches the secret': 'không chữ ký v1 nào khớp với khóa bí mật đã cấu hình',
};

function refusedNotice(refused: RefusedPushes): string {
  if (refused.count === 0 || !refused.last) return '';
  const reason = SIGNATURE_PROBLEMS_VI[refused.last.reason as SignatureProblem] ?? refused.last.reason;
  return `<p class="warning">Đã từ chối ${refused.count} lần gửi trạng thái vì chữ ký không hợp lệ (lần gần nhất lúc ${time(
    refused.last.at,
  )}: ${h(reason)}). Kiểm tra khóa ký của đích gửi “national-portal” trên hệ thống một cửa và SIM_WEBHOOK_SECRET của trình mô phỏng.</p>`;
}

export interface PageModel {
  province: string;
  portalEndpoint: string;
  flash?: Flash;
  form: FilingForm;
  dossiers: readonly DossierView[];
  otherDossiers: readonly DossierView[];
  refused: RefusedPushes;
}

export function renderPage(m: PageModel): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(PAGE_TITLE)}</title>
<link rel="stylesheet" href="/styles.css">
</head>
<body>
<a class="skip" href="#noi-dung">Chuyển đến nội dung chính</a>
<header class="banner"><p>Môi trường thử nghiệm: không phải Cổng Dịch vụ công quốc gia thật</p></header>
<main id="noi-dung">
<h1>${h(PAGE_TITLE)}</h1>
${flashHtml(m.flash)}
<p>Đây là trình mô phỏng chạy trên máy này, đóng vai Cổng Dịch vụ công quốc gia để thử hệ thống một cửa: nó nộp hồ sơ trực tuyến đến <span class="code">${h(
    m.portalEndpoint,
  )}</span> (dịch vụ DongBoHoSoMC) bằng tài khoản dịch vụ của chính nó, cung cấp các tệp đính kèm để hệ thống một cửa tải về, và nhận lại trạng thái hồ sơ mà hệ thống một cửa gửi về, chỉ chấp nhận khi chữ ký hợp lệ.</p>
<p>Mã hồ sơ do trình mô phỏng tự đánh số theo mẫu G22.99-yymmdd-nnnn; cách đánh số thật của Cổng quốc gia chưa được xác nhận. “Gửi lại (trùng lặp)” gửi lại đúng hồ sơ đó một lần nữa: hệ thống một cửa phải nhận ra và bỏ qua.</p>
${refusedNotice(m.refused)}
${filingFormHtml(m.form, m.province)}
<section aria-labelledby="da-nop">
  <h2 id="da-nop">Hồ sơ đã nộp</h2>
  <p>Trạng thái cập nhật khi hệ thống một cửa gửi về; <a href="/">tải lại trang</a> để xem mới nhất.</p>
  ${filedTable(m.dossiers)}
</section>
${othersSection(m.otherDossiers)}
</main>
</body>
</html>
`;
}

export const STYLES = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;font-size:1rem;line-height:1.5;color:#0b0c0c;background:#fff}
main{max-width:72rem;margin:0 auto;padding:1rem}
p{overflow-wrap:anywhere}
li,td,th{overflow-wrap:break-word}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.35rem;margin:2rem 0 .75rem}
h3{font-size:1.1rem;margin:0 0 .5rem}
a{color:#1d70b8}
a:focus,button:focus,input:focus,select:focus,summary:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}
.skip{position:absolute;left:-9999px;top:0;background:#fd0;color:#0b0c0c;padding:.5rem}
.skip:focus{left:0}
.banner{background:#0b0c0c;color:#fff;padding:.5rem 1rem}
.banner p{margin:0;max-width:72rem;margin:0 auto;font-weight:600}
.vh{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;white-space:nowrap!important;border:0!important}
.code{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
.small{font-size:.9rem}
time,.nowrap{white-space:nowrap}
.muted{color:#505a5f}
.warning{border-left:5px solid #d4351c;padding:.5rem 1rem;background:#fff}
.flash{border:5px solid #00703c;padding:.75rem 1rem;margin:0 0 1.5rem}
.flash-error{border-color:#d4351c}
.flash p{margin:.25rem 0}
.flash-title{font-weight:700;font-size:1.1rem}
.error-summary{border:5px solid #d4351c;padding:1rem;margin:0 0 1.5rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:#d4351c;font-weight:700}
form{margin:0}
.field{margin:0 0 1.25rem;max-width:36rem}
.field-error{border-left:5px solid #d4351c;padding-left:.75rem}
label{display:block;font-weight:700;margin-bottom:.25rem}
.hint{margin:0 0 .25rem;color:#505a5f}
.error{margin:0 0 .25rem;color:#d4351c;font-weight:700}
input,select{font:inherit;width:100%;padding:.4rem;border:2px solid #0b0c0c;border-radius:0;background:#fff;color:#0b0c0c}
.field-error input,.field-error select{border-color:#d4351c}
.procedures{margin:0 0 1.25rem;max-width:48rem}
.procedures summary{color:#1d70b8;cursor:pointer;text-decoration:underline}
.button{font:inherit;font-weight:600;white-space:nowrap;color:#fff;background:#00703c;border:2px solid transparent;box-shadow:0 2px 0 #002d18;padding:.5rem 1rem;cursor:pointer}
.button:hover{background:#005a30}
.button-secondary{color:#0b0c0c;background:#f3f2f1;box-shadow:0 2px 0 #929191}
.button-secondary:hover{background:#dbdad9}
table{border-collapse:collapse;width:100%;margin:0 0 1rem}
caption{text-align:left;font-weight:700;padding:0 0 .5rem}
th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #b1b4b6}
thead th{border-bottom:2px solid #0b0c0c}
details{margin:.25rem 0}
details ol{margin:.25rem 0;padding-left:1.25rem}
@media (max-width:48rem){
  table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%)}
  table.stack,table.stack caption,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block;width:100%}
  table.stack tr{border:1px solid #b1b4b6;margin:0 0 1rem;padding:.25rem .5rem}
  table.stack th,table.stack td{border:0;padding:.35rem 0}
  table.stack .nowrap{white-space:normal}
  table.stack tbody th::before,table.stack td::before{content:attr(data-label);display:block;font-weight:700;font-size:.9rem;color:#505a5f}
}
`;
