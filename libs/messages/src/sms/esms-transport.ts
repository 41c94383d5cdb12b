import { OutgoingSms, SmsSendError, SmsTransport } from '../message-sender';

/** The path of eSMS's "send customer-care (brand name) message" method, under the API's base URL. */
export const ESMS_SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';

export interface EsmsOptions {
  /** The API's base URL (eSMS's REST host in production, the local gateway in the demo and the tests). */
  baseUrl: string;
  apiKey: string;
  secretKey: string;
  /** The registered brand name the message is sent under. */
  brandname: string;
  /** Send Vietnamese with its diacritics (a Unicode SMS: 70 characters a part) instead of folded to ASCII (160). */
  unicode: boolean;
  /** eSMS's sandbox: the request is checked, not charged and not delivered. */
  sandbox: boolean;
  timeoutMs: number;
}

/** eSMS's answer to a send request (CodeResult "100" = accepted). */
interface EsmsAnswer {
  CodeResult?: string;
  SMSID?: string;
  ErrorMessage?: string;
}

/**
 * Codes that refuse this message for good — the number is blocked (99) or malformed (108), the text does not match a
 * registered customer-care template (146), the recipient's network is not registered for the brand name (177).
 * Account problems an operator fixes — keys (101), price list (102), balance (103), brand name (104), IP whitelist
 * (140) — are retried with backoff, so the messages go once they are fixed.
 */
const PERMANENT_CODES = new Set(['99', '108', '146', '177']);

/**
 * SMS through eSMS.vn (ViHAT)'s brand-name API, method SendMultipleMessage_V4_post_json: one JSON POST per message,
 * SmsType "2" (customer care), authenticated by ApiKey and SecretKey in the body, answered by a CodeResult. The
 * message's id travels as RequestId: eSMS refuses a second request with the same id (CodeResult 124), which tells
 * a resend after a lost answer from a new message — the first was accepted, so the message counts as sent once.
 */
export class EsmsTransport implements SmsTransport {
  readonly provider = 'esms';
  private readonly url: string;

  constructor(private readonly options: EsmsOptions) {
    this.url = new URL(
      ESMS_SEND_PATH.slice(1),
      options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
    ).toString();
  }

  /** The request body for a message, as eSMS documents it (every value a string). */
  body(sms: OutgoingSms): Record<string, string> {
    return {
      ApiKey: this.options.apiKey,
      SecretKey: this.options.secretKey,
      Phone: sms.to,
      Content: this.options.unicode ? sms.text : foldVietnamese(sms.text),
      Brandname: this.options.brandname,
      SmsType: '2',
      IsUnicode: this.options.unicode ? '1' : '0',
      Sandbox: this.options.sandbox ? '1' : '0',
      RequestId: sms.requestId,
    };
  }

  async send(sms: OutgoingSms): Promise<{ providerMessageId: string }> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(this.body(sms)),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const why =
        e.name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : (e.cause?.code ?? e.message);
      throw new SmsSendError(`eSMS unreachable: ${why}`, false);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw new SmsSendError(`eSMS HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`, false);
    let answer: EsmsAnswer;
    try {
      answer = JSON.parse(text) as EsmsAnswer;
    } catch {
      throw new SmsSendError(`eSMS answered something other than JSON: ${text.slice(0, 200)}`, false);
    }
    const code = String(answer.CodeResult ?? '');
    if (code === '100') return { providerMessageId: answer.SMSID ?? `RequestId ${sms.requestId}` };
    // Already accepted under this RequestId: the answer to the first request was lost on the way back.
    if (code === '124') return { providerMessageId: answer.SMSID ?? `RequestId ${sms.requestId}` };
    const reason = `eSMS CodeResult ${code || 'missing'}${answer.ErrorMessage ? `: ${answer.ErrorMessage}` : ''}`;
    throw new SmsSendError(reason, PERMANENT_CODES.has(code));
  }
}

/**
 * Vietnamese without its diacritics ("Hồ sơ đã được tiếp nhận" → "Ho so da duoc tiep nhan"): how brand-name SMS is
 * usually sent, as a plain GSM message of 160 characters rather than a Unicode one of 70.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/[–—]/g, '-');
}
