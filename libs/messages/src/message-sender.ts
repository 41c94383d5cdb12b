import type { DataSource } from 'typeorm';
import { toLocal } from '@app/calendar';
import type { MessageKind } from './message-kinds';
import type { MessageData } from './message-planner';
import { MessageLocale, MessageTemplates, MessageValues, RenderedEmail } from './message-templates';

/** What the sender hands to the mail transport (nodemailer's `sendMail` takes it as is). */
export interface OutgoingMail extends RenderedEmail {
  from: string;
  to: string;
  /** Stable per message: a receiver that sees a resend after a lost acknowledgement can tell it is the same. */
  messageId: string;
  headers: Record<string, string>;
}

export interface MailTransport {
  sendMail(mail: OutgoingMail): Promise<{ messageId?: string; response?: string }>;
}

/** What the sender hands to an SMS gateway's adapter. */
export interface OutgoingSms {
  /** A Vietnamese mobile number, 0xxxxxxxxx. */
  to: string;
  text: string;
  /** Stable per message: the gateway refuses a second request with the same id (a resend after a lost answer). */
  requestId: string;
}

/**
 * An SMS gateway (see `EsmsTransport`). `send` resolves with the gateway's id for the message once the gateway has
 * accepted it, and rejects with an `SmsSendError` saying whether trying again can help.
 */
export interface SmsTransport {
  readonly provider: string;
  send(sms: OutgoingSms): Promise<{ providerMessageId: string }>;
}

/** A gateway's refusal or a failure to reach it; `permanent` when sending the same message again cannot succeed. */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

/** The channels this sender sends; a channel without a transport keeps its messages queued. */
export interface MessageTransports {
  email?: MailTransport;
  sms?: SmsTransport;
}

export interface MessageSenderOptions {
  /** The portal's public address, for the links in messages. */
  publicUrl: string;
  from: string;
  /** Attempts before a message is given up. */
  maxAttempts: number;
  /** Delay before the second attempt; each later one doubles it, up to `maxBackoffSeconds`. */
  retryBaseSeconds: number;
  maxBackoffSeconds: number;
  /** How long a claimed message is held before another sender may take it (a sender that died mid-send). */
  leaseSeconds: number;
  batchSize: number;
}

export interface SendCounts {
  sent: number;
  failed: number;
  givenUp: number;
}

/** The outcomes of a pass, in all and per channel. */
export interface SendReport extends SendCounts {
  channels: { email: SendCounts; sms: SendCounts };
}

interface ClaimedRow {
  id: string;
  channel: 'email' | 'sms';
  kind: MessageKind;
  recipient: string;
  locale: MessageLocale;
  data: MessageData;
  attempts: number;
}

/**
 * Sends the due e-mails and SMS. Each pass claims a batch in one statement — due queued or failed rows, and rows whose
 * sender's lease ran out — marking them `sending` with a lease and one more attempt, committed before any mail is
 * sent, so no transaction stays open while the mail server answers and two senders never take the same row. Each
 * outcome is written only if the row is still held by this claim (status and attempt number): sent with the server's
 * answer, failed with its reason and the next attempt after an exponential backoff, or given up after the last
 * attempt or a permanent refusal (an SMTP 5xx answer, an SMS gateway's refusal of the number or the text). A mail
 * server that accepted a message whose outcome was then lost gets it again once the lease runs out: delivery is at
 * least once, with a stable Message-ID. An SMS carries the message's id as the gateway's request id, and the gateway
 * refuses a repeated one: a resend after a lost answer is recognised and recorded as sent, so an SMS goes out once.
 */
export class MessageSender {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transports: MessageTransports,
    private readonly templates: MessageTemplates,
    private readonly options: MessageSenderOptions,
  ) {}

  /** The channels with a transport. */
  get channels(): Array<'email' | 'sms'> {
    return (['email', 'sms'] as const).filter((c) => this.transports[c] !== undefined);
  }

  async runOnce(now = new Date()): Promise<SendReport> {
    const report: SendReport = {
      sent: 0,
      failed: 0,
      givenUp: 0,
      channels: { email: { sent: 0, failed: 0, givenUp: 0 }, sms: { sent: 0, failed: 0, givenUp: 0 } },
    };
    if (this.channels.length === 0) return report;
    // UPDATE … RETURNING comes back from TypeORM as [rows, affected count].
    const [claimed] = await this.dataSource.query<[ClaimedRow[], number]>(
      `UPDATE dossier_message m
          SET status = 'sending', attempts = m.attempts + 1, lease_until = $1::timestamptz + make_interval(secs => $2),
              updated_at = now()
        WHERE m.id IN (SELECT id FROM dossier_message
                        WHERE channel = ANY ($4::text[])
                          AND ((status IN ('queued', 'failed') AND next_attempt_at <= $1)
                               OR (status = 'sending' AND lease_until <= $1))
                        ORDER BY next_attempt_at
                        LIMIT $3
                        FOR UPDATE SKIP LOCKED)
      RETURNING m.id, m.channel, m.kind, m.recipient, m.locale, m.data, m.attempts`,
      [now, this.options.leaseSeconds, this.options.batchSize, this.channels],
    );
    for (const row of claimed) {
      const outcome = await this.send(row, now);
      report[outcome] += 1;
      report.channels[row.channel][outcome] += 1;
    }
    return report;
  }

  private async send(row: ClaimedRow, now: Date): Promise<keyof SendCounts> {
    let deliver: () => Promise<string>;
    try {
      if (row.channel === 'sms') {
        const sms = this.transports.sms as SmsTransport;
        const message: OutgoingSms = { to: row.recipient, text: this.composeSms(row), requestId: row.id };
        deliver = async () => (await sms.send(message)).providerMessageId;
      } else {
        const mail = this.compose(row);
        const transport = this.transports.email as MailTransport;
        deliver = async () => (await transport.sendMail(mail)).messageId ?? mail.messageId;
      }
    } catch (err) {
      await this.finish(row, 'given_up', `cannot compose: ${(err as Error).message}`, now);
      return 'givenUp';
    }
    try {
      const providerMessageId = await deliver();
      await this.dataSource.query(
        `UPDATE dossier_message
            SET status = 'sent', sent_at = now(), lease_until = NULL, last_error = NULL,
                provider_message_id = $3, updated_at = now()
          WHERE id = $1 AND status = 'sending' AND attempts = $2`,
        [row.id, row.attempts, providerMessageId],
      );
      return 'sent';
    } catch (err) {
      const reason = providerReason(err);
      const permanent = isPermanent(err);
      if (permanent || row.attempts >= this.options.maxAttempts) {
        await this.finish(row, 'given_up', reason, now);
        return 'givenUp';
      }
      await this.finish(row, 'failed', reason, now);
      return 'failed';
    }
  }

  private async finish(row: ClaimedRow, status: 'failed' | 'given_up', reason: string, now: Date): Promise<void> {
    const backoff = Math.min(
      this.options.retryBaseSeconds * 2 ** Math.max(0, row.attempts - 1),
      this.options.maxBackoffSeconds,
    );
    await this.dataSource.query(
      `UPDATE dossier_message
          SET status = $3, last_error = $4, lease_until = NULL, updated_at = now(),
              next_attempt_at = $5::timestamptz + make_interval(secs => $6)
        WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [row.id, row.attempts, status, reason.slice(0, 1000), now, status === 'failed' ? backoff : 0],
    );
  }

  /** The text of an SMS, in its recipient's language. */
  composeSms(row: Pick<ClaimedRow, 'kind' | 'locale' | 'data'>): string {
    return this.templates.renderSms(row.kind, row.locale, messageValues(row.data, row.locale, this.options.publicUrl));
  }

  /** The e-mail of a message, in its recipient's language. */
  compose(row: Pick<ClaimedRow, 'id' | 'kind' | 'recipient' | 'locale' | 'data'>): OutgoingMail {
    const rendered = this.templates.renderEmail(
      row.kind,
      row.locale,
      messageValues(row.data, row.locale, this.options.publicUrl),
    );
    const host = new URL(this.options.publicUrl).hostname || 'motcua.local';
    return {
      ...rendered,
      from: this.options.from,
      to: row.recipient,
      messageId: `<${row.id}@${host}>`,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Motcua-Dossier': row.data.code ?? row.data.dossierId },
    };
  }
}

/**
 * The values a message's template is filled with: the facts, dates in Vietnam time in the message's language, and
 * the links (the public lookup once the dossier has a code, the online dossier page when an account owns it).
 */
export function messageValues(data: MessageData, locale: MessageLocale, publicUrl: string): MessageValues {
  // The public lookup takes the code with its key: a dossier not received yet has no code, so no lookup link.
  let lookup: URL | null = null;
  if (data.code) {
    lookup = new URL('/lookup', publicUrl);
    lookup.searchParams.set('code', data.code);
    lookup.searchParams.set('key', data.lookupKey);
  }
  const when = (iso: string | null) => (iso ? formatInstant(new Date(iso), locale) : null);
  return {
    applicantName: data.applicantName,
    code: data.code ?? '',
    // Before reception a dossier has no code yet: it is named by its procedure.
    dossierRef: data.code ?? `“${data.procedureName}”`,
    lookupKey: data.lookupKey,
    procedureName: data.procedureName,
    agencyName: data.agencyName,
    dueAt: when(data.dueAt),
    reason: data.reason,
    supplementDueAt: when(data.supplementDueAt),
    newDueAt: when(data.newDueAt),
    lookupUrl: lookup?.toString() ?? null,
    dossierUrl: data.ownedOnline ? new URL(`/dossiers/${data.dossierId}`, publicUrl).toString() : null,
    // The rating page takes the code with its key, like the lookup (anyone holding the receipt may rate).
    ratingUrl: lookup ? `${new URL('/rate', publicUrl).toString()}${lookup.search}` : null,
    // Fees asked for: the amount, and the payment page (it takes the code with its key, too).
    amount: data.amount ? formatAmount(data.amount, locale) : null,
    payUrl: lookup && data.amount ? `${new URL('/pay', publicUrl).toString()}${lookup.search}` : null,
    note: data.note ?? null,
    staffUrl: data.staffPath ? new URL(data.staffPath, publicUrl).toString() : null,
  };
}

/** "5.000 đồng" / "5,000 VND". */
export function formatAmount(amount: number, locale: MessageLocale): string {
  return locale === 'vi'
    ? `${new Intl.NumberFormat('vi-VN').format(amount)} đồng`
    : `${new Intl.NumberFormat('en-GB').format(amount)} VND`;
}

/** "16:30 ngày 08/12/2026" / "08/12/2026 at 16:30 (Vietnam time)". */
export function formatInstant(instant: Date, locale: MessageLocale): string {
  const { date, msOfDay } = toLocal(instant);
  const [y, m, d] = date.split('-');
  const minutes = Math.floor(msOfDay / 60_000);
  const clock = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return locale === 'vi' ? `${clock} ngày ${d}/${m}/${y}` : `${d}/${m}/${y} at ${clock} (Vietnam time)`;
}

function providerReason(err: unknown): string {
  const e = err as { response?: unknown; message?: unknown; code?: unknown };
  if (typeof e.response === 'string' && e.response !== '') return e.response;
  if (typeof e.message === 'string' && e.message !== '') {
    return typeof e.code === 'string' ? `${e.code}: ${e.message}` : e.message;
  }
  return String(err);
}

/**
 * An SMTP 5xx answer is a permanent refusal (RFC 5321 §4.2.1), and so is an SMS gateway's refusal of the number or
 * the text: trying again cannot help.
 */
function isPermanent(err: unknown): boolean {
  if (err instanceof SmsSendError) return err.permanent;
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
