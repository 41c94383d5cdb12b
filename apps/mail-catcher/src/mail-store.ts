import type { AddressObject, HeaderValue, ParsedMail } from 'mailparser';

/** What the catcher keeps of one received message (attachments by name and size only). */
export interface CaughtMessage {
  /** The catcher's own id, used in its URLs. */
  readonly id: string;
  readonly receivedAt: Date;
  /** The Message-ID header, with its angle brackets, or null when the message had none. */
  readonly messageId: string | null;
  /** The From, To and Cc headers as written (display names decoded). */
  readonly from: string;
  readonly to: string;
  readonly cc: string;
  readonly subject: string;
  /** The Date header, or null when it is missing or unreadable. */
  readonly date: Date | null;
  readonly text: string | null;
  readonly html: string | null;
  /** The headers worth a look when checking what the portal sends (lower-case names, decoded values). */
  readonly headers: Readonly<Record<string, string>>;
  /** Every header line as received, in order. */
  readonly rawHeaders: readonly string[];
  readonly attachments: readonly { filename: string | null; contentType: string; size: number }[];
  /** The SMTP envelope: who the client said the message is from and to. */
  readonly envelope: { readonly mailFrom: string | null; readonly rcptTo: readonly string[] };
  /** Size of the message as received, in bytes. */
  readonly size: number;
}

/** The headers listed on the message page and in the JSON, besides From, To, Cc, Subject, Date and Message-ID. */
const HEADERS_OF_INTEREST = [
  'reply-to',
  'in-reply-to',
  'references',
  'auto-submitted',
  'content-language',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'precedence',
  'mime-version',
  'content-type',
];

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

/** A parsed header as one line of text, or null when mailparser gave it a shape read better from the raw line. */
function headerText(value: HeaderValue): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const parts = items.map((item) => {
    if (typeof item === 'string') return item;
    if (typeof item !== 'object' || item === null) return null;
    if ('text' in item && typeof item.text === 'string') return item.text;
    if ('value' in item && typeof item.value === 'string' && 'params' in item) {
      const params = Object.entries(item.params as Record<string, string>).map(([k, v]) => `; ${k}=${v}`);
      return `${item.value}${params.join('')}`;
    }
    return null;
  });
  return parts.every((p) => p !== null) ? parts.join(', ') : null;
}

/** The value of a raw header line: after the name and colon, unfolded. */
function rawValue(line: string): string {
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

export interface Envelope {
  mailFrom: string | null;
  rcptTo: string[];
}

/** The received messages in memory, newest first; past `capacity` the oldest are dropped. */
export class MailStore {
  private messages: CaughtMessage[] = [];
  private sequence = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  add(parsed: ParsedMail, envelope: Envelope, size: number, receivedAt = new Date()): CaughtMessage {
    this.sequence += 1;
    const headers: Record<string, string> = {};
    for (const [name, value] of parsed.headers) {
      if (!HEADERS_OF_INTEREST.includes(name) && !name.startsWith('x-')) continue;
      const raw = parsed.headerLines.find((l) => l.key === name)?.line;
      headers[name] = headerText(value) ?? (raw === undefined ? '' : rawValue(raw));
    }
    const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null;
    const message: CaughtMessage = Object.freeze({
      id: String(this.sequence),
      receivedAt,
      messageId: parsed.messageId ?? null,
      from: addresses(parsed.from),
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      subject: parsed.subject ?? '',
      date,
      text: parsed.text ?? null,
      html: typeof parsed.html === 'string' ? parsed.html : null,
      headers,
      rawHeaders: parsed.headerLines.map((h) => h.line),
      attachments: parsed.attachments.map((a) => ({
        filename: a.filename ?? null,
        contentType: a.contentType,
        size: a.size,
      })),
      envelope: { mailFrom: envelope.mailFrom, rcptTo: [...envelope.rcptTo] },
      size,
    });
    this.messages.unshift(message);
    if (this.messages.length > this.capacity) this.messages.length = this.capacity;
    return message;
  }

  list(): readonly CaughtMessage[] {
    return this.messages;
  }

  get(id: string): CaughtMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  /** Forgets every message; answers how many there were. */
  clear(): number {
    const count = this.messages.length;
    this.messages = [];
    return count;
  }
}

/** A message as the JSON API gives it. */
export function messageJson(m: CaughtMessage): Record<string, unknown> {
  return {
    id: m.id,
    messageId: m.messageId,
    from: m.from,
    to: m.to,
    cc: m.cc,
    subject: m.subject,
    date: (m.date ?? m.receivedAt).toISOString(),
    receivedAt: m.receivedAt.toISOString(),
    text: m.text,
    html: m.html,
    headers: m.headers,
    attachments: m.attachments,
    envelope: m.envelope,
    size: m.size,
  };
}
