import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { demoProcedure } from './catalogue';
import type { SimConfig } from './config';
import { demoPaperPdf } from './demo-pdf';
import { FilingInput, parseFilingRequest } from './filing';
import { log } from './log';
import { defaultFilingForm, deliveryText, FilingForm, Flash, PAGE_TITLE, renderPage, STYLES } from './page';
import type { FilingResult, Simulator } from './simulator';
import { escapeHtml, headerOf as header, sameSiteForm } from '@app/plain-http';

const JSON_LIMIT = 64 * 1024 * 1024;
const FORM_LIMIT = 64 * 1024;
const WEBHOOK_LIMIT = 1024 * 1024;
const FLASHES_KEPT = 50;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new HttpError(413, `the body is larger than ${limit} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `the body is larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

function isJson(req: IncomingMessage): boolean {
  return /^application\/json\b/i.test(header(req, 'content-type') ?? '');
}

/** The applicant and procedure the page's form gives, checked; the documents are generated PDFs. */
async function formFiling(
  values: URLSearchParams,
  province: string,
  sim: Simulator,
): Promise<{ input: FilingInput; procedureName: string; maHoSo: string } | FilingForm> {
  const form: FilingForm = {
    procedureCode: values.get('procedureCode')?.trim() ?? '',
    agencyCode: values.get('agencyCode')?.trim() ?? '',
    fullName: values.get('fullName')?.trim() ?? '',
    idNumber: values.get('idNumber')?.replace(/\s+/g, '') ?? '',
    phone: values.get('phone')?.replace(/[\s.]+/g, '') ?? '',
    email: values.get('email')?.trim() ?? '',
    address: values.get('address')?.trim() ?? '',
    summary: values.get('summary')?.trim() ?? '',
    errors: {},
  };
  const procedure = demoProcedure(form.procedureCode);
  if (!procedure) form.errors.procedureCode = 'Chọn một thủ tục trong danh sách';
  if (form.agencyCode === '') form.errors.agencyCode = 'Nhập mã định danh của cơ quan tiếp nhận';
  else if (!form.agencyCode.endsWith(`.${province}`))
    form.errors.agencyCode = `Mã định danh phải là của một cơ quan thuộc tỉnh ${province}, ví dụ 000.17.22.${province}`;
  if (form.fullName === '') form.errors.fullName = 'Nhập họ và tên người nộp';
  else if (form.fullName.length > 200) form.errors.fullName = 'Họ và tên dài tối đa 200 ký tự';
  if (form.idNumber !== '' && !/^\d{12}$/.test(form.idNumber))
    form.errors.idNumber = 'Số định danh cá nhân gồm đúng 12 chữ số';
  if (form.phone !== '' && !/^\+?\d{8,15}$/.test(form.phone))
    form.errors.phone = 'Số điện thoại gồm 8 đến 15 chữ số, ví dụ 0912345678';
  if (form.email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email))
    form.errors.email = 'Nhập thư điện tử đúng dạng, ví dụ ten@example.com';
  if (form.address.length > 500) form.errors.address = 'Địa chỉ dài tối đa 500 ký tự';
  if (!procedure || Object.keys(form.errors).length > 0) return form;

  const receivedAt = new Date();
  // Numbered first: each generated paper carries the dossier's code.
  const maHoSo = sim.store.nextCode(receivedAt);
  const documents = await Promise.all(
    procedure.documents.map(async (d, i) => ({
      code: d.code,
      name: d.name,
      fileName: `giay-to-${i + 1}.pdf`,
      contentType: 'application/pdf',
      content: await demoPaperPdf({
        maHoSo,
        procedureName: procedure.name,
        documentName: d.name,
        applicantName: form.fullName,
        idNumber: form.idNumber || null,
        receivedAt,
      }),
    })),
  );
  return {
    procedureName: procedure.name,
    maHoSo,
    input: {
      procedureCode: procedure.code,
      agencyCode: form.agencyCode,
      applicant: {
        fullName: form.fullName,
        ...(form.idNumber ? { idNumber: form.idNumber } : {}),
        ...(form.phone ? { phone: form.phone } : {}),
        ...(form.email ? { email: form.email } : {}),
        ...(form.address ? { address: form.address } : {}),
      },
      summary: form.summary || `${procedure.name} — ${form.fullName}`,
      documents,
      fees: procedure.fees.map((f) => ({ name: f.name, amount: f.amount })),
      receivedAt,
    },
  };
}

function filingFlash(result: FilingResult, resend: boolean): Flash {
  const what = resend ? `Đã gửi lại hồ sơ ${result.maHoSo}` : `Đã nộp hồ sơ ${result.maHoSo}`;
  const text = deliveryText({
    at: '',
    kind: resend ? 'resend' : 'first',
    httpStatus: result.httpStatus,
    accepted: result.accepted,
    portalAnswer: result.portalAnswer,
    error: result.error ?? null,
  });
  return { kind: result.accepted ? 'success' : 'error', title: what, lines: [text] };
}

/** The simulator's HTTP interface: the page, the JSON API, the files, the status webhook, health. */
export function createSimServer(config: SimConfig, sim: Simulator): Server {
  const flashes = new Map<string, Flash>();
  const keepFlash = (flash: Flash): string => {
    const id = randomBytes(9).toString('base64url');
    flashes.set(id, flash);
    for (const old of flashes.keys()) {
      if (flashes.size <= FLASHES_KEPT) break;
      flashes.delete(old);
    }
    return id;
  };
  const redirectHome = (res: ServerResponse, flash: Flash) => {
    res.writeHead(303, { location: `/?tb=${keepFlash(flash)}`, 'cache-control': 'no-store' });
    res.end();
  };
  const page = (res: ServerResponse, status: number, opts: { flash?: Flash; form?: FilingForm }) => {
    const { dossiers, otherDossiers, refusedStatusPushes } = sim.list();
    const html = renderPage({
      province: config.province,
      portalEndpoint: `${config.portalUrl}/api/v1/national-portal/DongBoHoSoMC`,
      form: opts.form ?? defaultFilingForm(config.province),
      dossiers,
      otherDossiers,
      refused: refusedStatusPushes,
      ...(opts.flash ? { flash: opts.flash } : {}),
    });
    res.writeHead(status, { ...HTML_HEADERS, 'content-length': Buffer.byteLength(html) });
    res.end(html);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const api = path.startsWith('/api/') || path === '/webhooks/status';
    const notAllowed = (allowed: string): never => {
      res.setHeader('allow', allowed);
      throw new HttpError(405, `${method} is not allowed here (${allowed})`);
    };

    if (path === '/health') {
      if (method !== 'GET' && method !== 'HEAD') notAllowed('GET');
      return sendJson(res, 200, { status: 'ok' });
    }
    if (path === '/') {
      if (method !== 'GET') notAllowed('GET');
      const flash = flashes.get(url.searchParams.get('tb') ?? '');
      return page(res, 200, flash ? { flash } : {});
    }
    if (path === '/styles.css') {
      if (method !== 'GET') notAllowed('GET');
      res.writeHead(200, {
        'content-type': 'text/css; charset=utf-8',
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      return void res.end(STYLES);
    }
    const file = /^\/files\/([A-Za-z0-9_-]{1,64})$/.exec(path);
    if (file) {
      if (method !== 'GET' && method !== 'HEAD') notAllowed('GET, HEAD');
      const stored = sim.store.file(file[1] ?? '');
      if (!stored) throw new HttpError(404, 'no such file');
      log('info', 'file fetched', { fileId: stored.id, maHoSo: stored.dossierCode, bytes: stored.content.length });
      res.writeHead(200, {
        'content-type': stored.contentType,
        'content-length': stored.content.length,
        'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(stored.fileName)}`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      return void res.end(method === 'HEAD' ? undefined : stored.content);
    }
    if (path === '/ho-so') {
      if (method !== 'POST') notAllowed('POST');
      if (!sameSiteForm(req)) throw new HttpError(403, 'the form is posted from the simulator page only');
      const values = new URLSearchParams((await readBody(req, FORM_LIMIT)).toString('utf8'));
      const filing = await formFiling(values, config.province, sim);
      if (!('input' in filing)) return page(res, 400, { form: filing });
      const result = await sim.file(filing.input, { procedureName: filing.procedureName, maHoSo: filing.maHoSo });
      return redirectHome(res, filingFlash(result, false));
    }
    const formResend = /^\/ho-so\/([^/]+)\/gui-lai$/.exec(path);
    if (formResend) {
      if (method !== 'POST') notAllowed('POST');
      if (!sameSiteForm(req)) throw new HttpError(403, 'the form is posted from the simulator page only');
      const code = decodeURIComponent(formResend[1] ?? '');
      const result = await sim.resend(code);
      if (!result) {
        return redirectHome(res, { kind: 'error', title: `Không có hồ sơ ${code}`, lines: [] });
      }
      return redirectHome(res, filingFlash(result, true));
    }
    if (path === '/api/dossiers') {
      if (method === 'GET') return sendJson(res, 200, sim.list());
      if (method !== 'POST') notAllowed('GET, POST');
      if (!isJson(req)) throw new HttpError(415, 'send application/json');
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req, JSON_LIMIT)).toString('utf8'));
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw new HttpError(400, 'the body is not JSON');
      }
      const parsed = parseFilingRequest(body, config.province, new Date());
      if (Array.isArray(parsed)) return sendJson(res, 400, { error: 'validation_failed', errors: parsed });
      const result = await sim.file(parsed, { procedureName: demoProcedure(parsed.procedureCode)?.name ?? null });
      return sendJson(res, result.accepted ? 200 : 502, apiResult(result));
    }
    const apiDossier = /^\/api\/dossiers\/([^/]+)(\/resend)?$/.exec(path);
    if (apiDossier) {
      const code = decodeURIComponent(apiDossier[1] ?? '');
      if (apiDossier[2]) {
        if (method !== 'POST') notAllowed('POST');
        const result = await sim.resend(code);
        if (!result) throw new HttpError(404, `no dossier ${code} was filed by the simulator`);
        return sendJson(res, result.accepted ? 200 : 502, apiResult(result));
      }
      if (method !== 'GET') notAllowed('GET');
      const view = sim.view(code);
      if (!view) throw new HttpError(404, `no dossier ${code}: neither filed here nor named by a status push`);
      return sendJson(res, 200, view);
    }
    if (path === '/webhooks/status') {
      if (method !== 'POST') notAllowed('POST');
      const raw = await readBody(req, WEBHOOK_LIMIT);
      const answer = sim.receiveStatus(
        {
          id: header(req, 'webhook-id'),
          timestamp: header(req, 'webhook-timestamp'),
          signature: header(req, 'webhook-signature'),
        },
        raw,
      );
      return sendJson(res, answer.status, answer.body);
    }
    if (api) throw new HttpError(404, `no such endpoint ${path}`);
    throw new HttpError(404, `no such page ${path}`);
  }

  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const known = err instanceof HttpError;
      const status = known ? err.status : 500;
      const message = known ? err.message : 'internal error';
      if (!known)
        log('error', 'request failed', { path: req.url, error: err instanceof Error ? err.stack : String(err) });
      if (res.headersSent) return void res.destroy();
      const path = req.url ?? '/';
      if (path.startsWith('/api/') || path.startsWith('/webhooks/') || path.startsWith('/files/')) {
        return sendJson(res, status, { error: status === 500 ? 'internal_error' : 'request_refused', message });
      }
      const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lỗi ${status} – ${escapeHtml(PAGE_TITLE)}</title><link rel="stylesheet" href="/styles.css"></head><body><main><h1>Lỗi ${status}</h1><p>${escapeHtml(
        HTML_ERRORS[status] ?? 'Yêu cầu không thực hiện được.',
      )}</p><p><a href="/">Về trang chính</a></p></main></body></html>`;
      res.writeHead(status, HTML_HEADERS);
      res.end(html);
    });
  });
}

/** What a person reads on an error page (the JSON API answers with the English message instead). */
const HTML_ERRORS: Readonly<Record<number, string>> = {
  400: 'Yêu cầu không hợp lệ.',
  403: 'Biểu mẫu chỉ được gửi từ chính trang của trình mô phỏng.',
  404: 'Không tìm thấy trang này.',
  405: 'Địa chỉ này không nhận phương thức đó.',
  413: 'Dữ liệu gửi lên quá lớn.',
  500: 'Trình mô phỏng gặp lỗi; xem nhật ký của nó.',
};

function apiResult(result: FilingResult): Record<string, unknown> {
  return {
    maHoSo: result.maHoSo,
    httpStatus: result.httpStatus,
    portalAnswer: result.portalAnswer,
    ...(result.error ? { error: result.error } : {}),
  };
}
