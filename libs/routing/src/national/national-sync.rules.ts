/**
 * The national public-service portal's status codes (PRODUCT.md) and how one dossier's outward sync is judged.
 * Internal statuses are mapped to these codes by NATIONAL_STATUS_CODE in @app/dossiers; never the other way round.
 */
export const NATIONAL_STATUS_NAMES: Readonly<Record<number, string>> = {
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

/** The portal's name of a status code; NATIONAL_STATUS_CODE maps internal statuses only to these ten codes. */
export function nationalStatusName(code: number): string {
  const name = NATIONAL_STATUS_NAMES[code];
  if (name === undefined) throw new RangeError(`${code} is not a national status code`);
  return name;
}

export function isNationalStatusCode(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10;
}

/**
 * in_sync: the last status the portal received is the dossier's current one. Otherwise, by the newest push of the
 * current status made after that: pending (still being retried), dead_lettered (gave up; an admin can replay it),
 * or never_sent (no push of the current status: the sync was off when it changed, or the event is not handled yet).
 */
export const SYNC_STATES = ['in_sync', 'pending', 'dead_lettered', 'never_sent'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export interface NationalDeliveryFacts {
  id: string;
  status: 'pending' | 'delivered' | 'dead';
  statusCode: number;
  /** The message's monotonic sequence: a later change of the dossier always has a greater one. */
  sequence: number;
}

export interface SyncJudgement<D extends NationalDeliveryFacts> {
  state: SyncState;
  lastDelivered: D | null;
  /** The undelivered push of the current status that decides pending / dead_lettered. */
  open: D | null;
}

export function judgeNationalSync<D extends NationalDeliveryFacts>(
  currentCode: number,
  deliveries: readonly D[],
): SyncJudgement<D> {
  const newestFirst = [...deliveries].sort((a, b) => b.sequence - a.sequence);
  const lastDelivered = newestFirst.find((d) => d.status === 'delivered') ?? null;
  if (lastDelivered && lastDelivered.statusCode === currentCode) return { state: 'in_sync', lastDelivered, open: null };
  const open =
    newestFirst.find(
      (d) =>
        d.status !== 'delivered' &&
        d.statusCode === currentCode &&
        (lastDelivered === null || d.sequence > lastDelivered.sequence),
    ) ?? null;
  if (!open) return { state: 'never_sent', lastDelivered, open: null };
  return { state: open.status === 'dead' ? 'dead_lettered' : 'pending', lastDelivered, open };
}
