import type { DataSource } from 'typeorm';
import type { MessageChannel, MessageKind } from './message-kinds';

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed', 'given_up'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** A message as operators see it. */
export interface MessageItem {
  id: string;
  dossierId: string;
  dossierCode: string | null;
  applicantName: string;
  kind: MessageKind;
  channel: MessageChannel;
  recipient: string;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}

export interface MessageTotals {
  channel: MessageChannel;
  status: MessageStatus;
  count: number;
}

/** Which messages a list shows: those needing attention (failing, given up) or every one. */
export type MessageFilter = 'problems' | 'all';

interface ItemRow {
  id: string;
  dossier_id: string;
  code: string | null;
  applicant_name: string | null;
  kind: MessageKind;
  channel: MessageChannel;
  recipient: string;
  status: MessageStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  sent_at: Date | null;
  created_at: Date;
}

/**
 * What operators see of the messages sent to citizens (e-mail; the in-portal copies are the citizens' own) and the
 * one thing they do to them: retry one that failed or was given up (after fixing the mail server or the address).
 */
export class MessageAdmin {
  constructor(private readonly dataSource: DataSource) {}

  /** The newest messages first, `limit` of them, optionally older than `before` (paging by creation time). */
  async list(filter: MessageFilter, limit = 50, before?: Date): Promise<{ items: MessageItem[]; more: boolean }> {
    const rows = await this.dataSource.query<ItemRow[]>(
      `SELECT m.id, m.dossier_id, d.code, d.applicant->>'fullName' AS applicant_name, m.kind, m.channel, m.recipient, m.status, m.attempts, m.last_error,
              m.next_attempt_at, m.sent_at, m.created_at
         FROM dossier_message m JOIN dossier d ON d.id = m.dossier_id
        WHERE m.channel <> 'inapp'
          AND ($1::text = 'all' OR m.status IN ('failed', 'given_up'))
          AND ($2::timestamptz IS NULL OR m.created_at < $2)
        ORDER BY m.created_at DESC, m.id DESC
        LIMIT $3`,
      [filter, before ?? null, limit + 1],
    );
    return { items: rows.slice(0, limit).map(itemOf), more: rows.length > limit };
  }

  /** How many messages stand in each state, per channel. */
  async totals(): Promise<MessageTotals[]> {
    const rows = await this.dataSource.query<Array<{ channel: MessageChannel; status: MessageStatus; n: number }>>(
      `SELECT channel, status, count(*)::int AS n FROM dossier_message WHERE channel <> 'inapp'
        GROUP BY channel, status ORDER BY channel, status`,
    );
    return rows.map((r) => ({ channel: r.channel, status: r.status, count: r.n }));
  }

  /**
   * Queues a failed or given-up message again with a fresh set of attempts, due now. Returns false when there is no
   * such message or it is not in one of those states (sent, or being sent): nothing changes then.
   */
  async retry(id: string): Promise<boolean> {
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE dossier_message
          SET status = 'queued', attempts = 0, next_attempt_at = now(), lease_until = NULL, updated_at = now()
        WHERE id = $1 AND channel <> 'inapp' AND status IN ('failed', 'given_up')
       RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }
}

function itemOf(r: ItemRow): MessageItem {
  const waiting = r.status === 'queued' || r.status === 'failed';
  return {
    id: r.id,
    dossierId: r.dossier_id,
    dossierCode: r.code,
    applicantName: r.applicant_name ?? '',
    kind: r.kind,
    channel: r.channel,
    recipient: r.recipient,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: waiting ? r.next_attempt_at : null,
    sentAt: r.sent_at,
    createdAt: r.created_at,
  };
}
