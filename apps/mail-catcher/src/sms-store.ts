import { randomBytes } from 'node:crypto';

/** One SMS the gateway accepted, as the sender asked for it. */
export interface CaughtSms {
  /** The gateway's id (eSMS's SMSID), returned to the sender and used in the catcher's URLs. */
  readonly id: string;
  readonly receivedAt: Date;
  readonly phone: string;
  readonly content: string;
  readonly brandname: string;
  readonly smsType: string;
  readonly unicode: boolean;
  readonly sandbox: boolean;
  /** The sender's RequestId, or null when it sent none. */
  readonly requestId: string | null;
}

/**
 * What the gateway has accepted, newest first, up to a capacity (the oldest are dropped past it), with the
 * RequestIds seen — a request repeating one is refused, as eSMS does — and an outage the operator or a test asks
 * for: the next N requests fail, either before being taken (HTTP 503) or after (taken, the answer lost).
 */
export class SmsStore {
  private readonly items: CaughtSms[] = [];
  private readonly requestIds = new Map<string, string>();
  private outage: { remaining: number; mode: OutageMode } | null = null;

  constructor(readonly capacity: number) {}

  list(): readonly CaughtSms[] {
    return this.items;
  }

  get(id: string): CaughtSms | undefined {
    return this.items.find((m) => m.id === id);
  }

  /** The SMSID already given to a RequestId, if any. */
  seen(requestId: string): string | undefined {
    return this.requestIds.get(requestId);
  }

  add(sms: Omit<CaughtSms, 'id' | 'receivedAt'>): CaughtSms {
    const caught: CaughtSms = { ...sms, id: randomBytes(16).toString('hex'), receivedAt: new Date() };
    this.items.unshift(caught);
    if (sms.requestId) this.requestIds.set(sms.requestId, caught.id);
    while (this.items.length > this.capacity) {
      const dropped = this.items.pop();
      if (dropped?.requestId) this.requestIds.delete(dropped.requestId);
    }
    return caught;
  }

  clear(): number {
    const count = this.items.length;
    this.items.length = 0;
    this.requestIds.clear();
    return count;
  }

  /** Makes the next `requests` send requests fail; 0 ends an outage. */
  startOutage(requests: number, mode: OutageMode): void {
    this.outage = requests > 0 ? { remaining: requests, mode } : null;
  }

  outageState(): { remaining: number; mode: OutageMode } | null {
    return this.outage ? { ...this.outage } : null;
  }

  /** Whether this request is one the outage takes, and how; counts it. */
  takeOutage(): OutageMode | null {
    if (!this.outage) return null;
    const mode = this.outage.mode;
    this.outage.remaining -= 1;
    if (this.outage.remaining <= 0) this.outage = null;
    return mode;
  }
}

/** `unavailable`: HTTP 503, nothing taken. `lost_answer`: the message is taken, the connection dropped unanswered. */
export const OUTAGE_MODES = ['unavailable', 'lost_answer'] as const;
export type OutageMode = (typeof OUTAGE_MODES)[number];

export function smsJson(m: CaughtSms) {
  return {
    id: m.id,
    receivedAt: m.receivedAt.toISOString(),
    phone: m.phone,
    content: m.content,
    brandname: m.brandname,
    smsType: m.smsType,
    unicode: m.unicode,
    sandbox: m.sandbox,
    requestId: m.requestId,
  };
}
