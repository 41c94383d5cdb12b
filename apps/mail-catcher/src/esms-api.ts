import type { IncomingMessage, ServerResponse } from 'node:http';
import { log } from './log';
import type { SmsStore } from './sms-store';

/** The account the local gateway accepts: the keys and the brand names registered to it. */
export interface EsmsAccount {
  readonly apiKey: string;
  readonly secretKey: string;
  readonly brandnames: readonly string[];
}

/** eSMS's send method for customer-care (brand-name) SMS, with and without its trailing slash. */
export const ESMS_SEND_PATHS = [
  '/MainService.svc/json/SendMultipleMessage_V4_post_json/',
  '/MainService.svc/json/SendMultipleMessage_V4_post_json',
];

const MAX_BODY_BYTES = 64 * 1024;
/** A Vietnamese mobile number, national (0…) or international (84…) form. */
const PHONE = /^(0|84)\d{9}$/;

type Answer = Record<string, string | number>;

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function refusal(code: string, message: string, extra: Answer = {}): Answer {
  return { CodeResult: code, CountRegenerate: 0, ErrorMessage: message, ...extra };
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Checks a send request as eSMS documents SendMultipleMessage_V4_post_json (JSON body, every value a string):
 * the keys (101 Authorize Failed), the message type (300; this gateway takes type 2, customer care), the brand name
 * registered to the account (104), the phone number (108), a non-empty content (146: no customer-care template
 * matches), a RequestId already used (124 Request exist). Returns the answer for a refusal, or null.
 */
export function checkSendRequest(body: Record<string, unknown>, account: EsmsAccount, store: SmsStore): Answer | null {
  const str = (name: string) => (typeof body[name] === 'string' ? body[name] : null);
  if (str('ApiKey') !== account.apiKey || str('SecretKey') !== account.secretKey) {
    return refusal('101', 'Authorize Failed');
  }
  const type = str('SmsType');
  if (!type) return refusal('300', 'Missing message type');
  if (type !== '2') return refusal('300', `SmsType ${type} is not served by this gateway (customer care is 2)`);
  const brandname = str('Brandname');
  if (!brandname || !account.brandnames.includes(brandname)) return refusal('104', 'Brand name code is not exist');
  const phone = str('Phone');
  if (!phone || !PHONE.test(phone)) return refusal('108', 'Phone number is not in correct format');
  if (!str('Content')?.trim()) return refusal('146', 'Sai template Brandname CSKH');
  const requestId = str('RequestId');
  const earlier = requestId ? store.seen(requestId) : undefined;
  if (earlier) return refusal('124', 'Request exist 1', { SendStatus: '5', SMSID: earlier });
  return null;
}

/** Handles one send request: an outage the operator asked for, the checks, then the message taken (CodeResult 100). */
export async function handleSend(
  req: IncomingMessage,
  res: ServerResponse,
  account: EsmsAccount,
  store: SmsStore,
): Promise<void> {
  const text = await readBody(req);
  let body: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = text === null ? null : JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    body = null;
  }
  if (!body) return answer(res, 400, { error: 'Invalid request' });
  const outage = store.takeOutage();
  if (outage === 'unavailable') {
    log('info', 'sms refused: simulated outage', { requestId: body['RequestId'] ?? null });
    return answer(res, 503, { error: 'Service unavailable (simulated outage)' });
  }
  const refused = checkSendRequest(body, account, store);
  if (refused) {
    log('info', 'sms refused', { code: refused['CodeResult'], requestId: body['RequestId'] ?? null });
    return answer(res, 200, refused);
  }
  const caught = store.add({
    phone: body['Phone'] as string,
    content: body['Content'] as string,
    brandname: body['Brandname'] as string,
    smsType: body['SmsType'] as string,
    unicode: body['IsUnicode'] === '1',
    sandbox: body['Sandbox'] === '1',
    requestId: typeof body['RequestId'] === 'string' && body['RequestId'] !== '' ? body['RequestId'] : null,
  });
  log('info', 'sms taken', { id: caught.id, requestId: caught.requestId });
  if (outage === 'lost_answer') {
    // Taken, but the sender never hears so: it will try again with the same RequestId.
    res.destroy();
    return;
  }
  answer(res, 200, { CodeResult: '100', CountRegenerate: 0, SMSID: caught.id });
}
