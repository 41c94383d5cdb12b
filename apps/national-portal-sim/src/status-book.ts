/**
 * `TrangThaiHoSo`: the national portal's status codes and their names (docs/national-portal.md §3). The simulator
 * stands for the national portal, so the names are its own, not taken from the pushed message.
 */
export const STATUS_NAMES: Readonly<Record<number, string>> = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
};

export function statusName(code: number): string {
  return STATUS_NAMES[code] ?? `Mã trạng thái ${code}`;
}

/** What the portal pushes for every status change (its `NationalStatusMessage`), as far as the simulator uses it. */
export interface StatusMessage {
  type: 'national.status_changed';
  eventId: string;
  dossierCode: string;
  statusCode: number;
  statusName: string;
  occurredAt: string;
  sequence: number;
  action: string | null;
  internalStatus: string | null;
  agencyCode: string | null;
  procedureCode: string | null;
}

const optionalText = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The pushed JSON as a status message, or the reason it is not one (answered 400). */
export function parseStatusMessage(raw: string): StatusMessage | string {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return 'the body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body is not a JSON object';
  const m = body as Record<string, unknown>;
  if (m['type'] !== 'national.status_changed') return `type must be "national.status_changed"`;
  if (typeof m['dossierCode'] !== 'string' || m['dossierCode'].trim() === '') return 'dossierCode is missing';
  const code = m['statusCode'];
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 1 || code > 10)
    return 'statusCode must be a whole number from 1 to 10';
  const sequence = m['sequence'];
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0)
    return 'sequence must be a whole number ≥ 0';
  if (typeof m['eventId'] !== 'string' || m['eventId'] === '') return 'eventId is missing';
  const occurredAt = m['occurredAt'];
  if (typeof occurredAt !== 'string' || Number.isNaN(new Date(occurredAt).getTime()))
    return 'occurredAt must be a date-time';
  return {
    type: 'national.status_changed',
    eventId: m['eventId'],
    dossierCode: m['dossierCode'],
    statusCode: code,
    statusName: optionalText(m['statusName']) ?? statusName(code),
    occurredAt,
    sequence,
    action: optionalText(m['action']),
    internalStatus: optionalText(m['internalStatus']),
    agencyCode: optionalText(m['agencyCode']),
    procedureCode: optionalText(m['procedureCode']),
  };
}

/** One accepted push, as kept in a dossier's history. */
export interface StatusArrival {
  webhookId: string;
  receivedAt: string;
  eventId: string;
  statusCode: number;
  statusName: string;
  sequence: number;
  occurredAt: string;
  action: string | null;
  internalStatus: string | null;
  /** False when a push with a greater (or the same) sequence had already arrived: kept, but not the status. */
  applied: boolean;
}

export interface DossierStatuses {
  /** The arrival with the greatest sequence; null until one arrives. */
  current: StatusArrival | null;
  /** Every accepted arrival, in the order they came. */
  history: StatusArrival[];
}

export type RecordOutcome = 'duplicate' | 'applied' | 'stale';

export interface StatusBookSnapshot {
  seenWebhookIds: string[];
  dossiers: Record<string, DossierStatuses>;
}

/**
 * Statuses received per dossier code. A repeated `webhook-id` is the same message delivered again (at-least-once
 * delivery): ignored. The current status is the one with the greatest `sequence`; a push that arrives after a newer
 * one (retries overtaking each other) goes into the history but leaves the current status alone.
 */
export class StatusBook {
  private readonly seen = new Set<string>();
  private readonly byCode = new Map<string, DossierStatuses>();

  static from(snapshot: StatusBookSnapshot): StatusBook {
    const book = new StatusBook();
    for (const id of snapshot.seenWebhookIds) book.seen.add(id);
    for (const [code, statuses] of Object.entries(snapshot.dossiers)) book.byCode.set(code, statuses);
    return book;
  }

  snapshot(): StatusBookSnapshot {
    return { seenWebhookIds: [...this.seen], dossiers: Object.fromEntries(this.byCode) };
  }

  record(webhookId: string, message: StatusMessage, receivedAt: Date): RecordOutcome {
    if (this.seen.has(webhookId)) return 'duplicate';
    this.seen.add(webhookId);
    const statuses = this.byCode.get(message.dossierCode) ?? { current: null, history: [] };
    const applied = statuses.current === null || message.sequence > statuses.current.sequence;
    const arrival: StatusArrival = {
      webhookId,
      receivedAt: receivedAt.toISOString(),
      eventId: message.eventId,
      statusCode: message.statusCode,
      statusName: statusName(message.statusCode),
      sequence: message.sequence,
      occurredAt: message.occurredAt,
      action: message.action,
      internalStatus: message.internalStatus,
      applied,
    };
    statuses.history.push(arrival);
    if (applied) statuses.current = arrival;
    this.byCode.set(message.dossierCode, statuses);
    return applied ? 'applied' : 'stale';
  }

  of(dossierCode: string): DossierStatuses | null {
    return this.byCode.get(dossierCode) ?? null;
  }

  codes(): string[] {
    return [...this.byCode.keys()];
  }
}
