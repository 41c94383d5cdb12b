import type { DataSource } from 'typeorm';
import type { MessageKind, SmsPreference } from './message-kinds';
import type { MessageData } from './message-planner';
import { messageValues } from './message-sender';
import { MessageLocale, MessageTemplates } from './message-templates';

/** A message in the citizen's list, written in the page's language. */
export interface InboxMessage {
  id: string;
  dossierId: string;
  kind: MessageKind;
  subject: string;
  /** The message's paragraphs, each a list of lines (no greeting, no links: the page links to the dossier). */
  paragraphs: string[][];
  createdAt: Date;
  unread: boolean;
}

export interface MessagePreferences {
  /** Whether to get e-mail for notices the rules do not require. */
  email: boolean;
  /** When to get SMS: only when no e-mail goes out, always, or never (but a required notice with no e-mail). */
  sms: SmsPreference;
  locale: MessageLocale;
}

const DEFAULT_PREFERENCES: MessagePreferences = { email: true, sms: 'fallback', locale: 'vi' };

/**
 * The citizen's side of the messages: the list of what they were told about their dossiers (the `inapp` rows of
 * their account), read state, and their choices of e-mail, SMS and language. Only ever the signed-in account's own rows.
 */
export class CitizenInbox {
  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: MessageTemplates,
    private readonly publicUrl: string,
  ) {}

  async list(subject: string, locale: MessageLocale, limit = 50): Promise<InboxMessage[]> {
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        dossier_id: string;
        kind: MessageKind;
        data: MessageData;
        created_at: Date;
        read_at: Date | null;
      }>
    >(
      `SELECT id, dossier_id, kind, data, created_at, read_at FROM dossier_message
        WHERE channel = 'inapp' AND recipient = $1
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      [subject, limit],
    );
    return rows.map((r) => {
      // Without the name and the links the template leaves out the greeting and the link lines.
      const values = {
        ...messageValues(r.data, locale, this.publicUrl),
        applicantName: null,
        lookupUrl: null,
        dossierUrl: null,
      };
      const rendered = this.templates.renderEmail(r.kind, locale, values);
      return {
        id: r.id,
        dossierId: r.dossier_id,
        kind: r.kind,
        subject: rendered.subject,
        paragraphs: rendered.text
          .trim()
          .split(/\n{2,}/)
          .map((p) => p.split('\n')),
        createdAt: r.created_at,
        unread: r.read_at === null,
      };
    });
  }

  async unreadCount(subject: string): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM dossier_message WHERE channel = 'inapp' AND recipient = $1 AND read_at IS NULL`,
      [subject],
    );
    return row?.n ?? 0;
  }

  /** Marks every message of the account read; returns how many were unread. */
  async markAllRead(subject: string): Promise<number> {
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE dossier_message SET read_at = now(), updated_at = now()
        WHERE channel = 'inapp' AND recipient = $1 AND read_at IS NULL
       RETURNING id`,
      [subject],
    );
    return rows.length;
  }

  async preferences(subject: string): Promise<MessagePreferences> {
    const [row] = await this.dataSource.query<Array<{ email: boolean; sms: SmsPreference; locale: MessageLocale }>>(
      `SELECT email, sms, locale FROM citizen_message_preference WHERE subject = $1`,
      [subject],
    );
    return row ? { email: row.email, sms: row.sms, locale: row.locale } : DEFAULT_PREFERENCES;
  }

  async savePreferences(subject: string, prefs: MessagePreferences): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO citizen_message_preference (subject, email, sms, locale) VALUES ($1, $2, $3, $4)
       ON CONFLICT (subject) DO UPDATE
         SET email = EXCLUDED.email, sms = EXCLUDED.sms, locale = EXCLUDED.locale, updated_at = now()`,
      [subject, prefs.email, prefs.sms, prefs.locale],
    );
  }
}
