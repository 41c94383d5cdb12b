import { parseStatusMessage, StatusBook, StatusBookSnapshot, StatusMessage } from './status-book';

function message(statusCode: number, sequence: number, dossierCode = 'G22.99-261205-0001'): StatusMessage {
  return {
    type: 'national.status_changed',
    eventId: `event-${sequence}`,
    dossierCode,
    statusCode,
    statusName: 'ignored',
    occurredAt: '2026-12-05T07:00:00.000Z',
    sequence,
    action: null,
    internalStatus: null,
    agencyCode: null,
    procedureCode: null,
  };
}

const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 7, minute));

describe('statuses pushed back by the portal', () => {
  it('keeps the status with the greatest sequence; an older arrival goes into the history only', () => {
    const book = new StatusBook();
    expect(book.record('m1', message(2, 20), at(1))).toBe('applied');
    expect(book.record('m2', message(1, 10), at(2))).toBe('stale');
    expect(book.record('m3', message(4, 30), at(3))).toBe('applied');
    const statuses = book.of('G22.99-261205-0001');
    expect(statuses?.current).toMatchObject({ statusCode: 4, statusName: 'Đang xử lý', sequence: 30 });
    expect(statuses?.history.map((a) => [a.statusCode, a.applied])).toEqual([
      [2, true],
      [1, false],
      [4, true],
    ]);
  });

  it('does not let an equal sequence replace the current status', () => {
    const book = new StatusBook();
    book.record('m1', message(2, 20), at(1));
    expect(book.record('m2', message(3, 20), at(2))).toBe('stale');
    expect(book.of('G22.99-261205-0001')?.current?.statusCode).toBe(2);
  });

  it('ignores a repeated webhook-id entirely', () => {
    const book = new StatusBook();
    book.record('m1', message(2, 20), at(1));
    expect(book.record('m1', message(2, 20), at(2))).toBe('duplicate');
    expect(book.record('m1', message(9, 99), at(3))).toBe('duplicate');
    expect(book.of('G22.99-261205-0001')?.history).toHaveLength(1);
  });

  it('keeps each dossier apart and survives a snapshot', () => {
    const book = new StatusBook();
    book.record('m1', message(2, 20, 'A-1'), at(1));
    book.record('m2', message(9, 5, 'B-1'), at(2));
    const restored = StatusBook.from(JSON.parse(JSON.stringify(book.snapshot())) as StatusBookSnapshot);
    expect(restored.codes().sort()).toEqual(['A-1', 'B-1']);
    expect(restored.of('B-1')?.current?.statusName).toBe('Đã xử lý xong');
    expect(restored.record('m1', message(3, 30, 'A-1'), at(3))).toBe('duplicate');
  });
});

describe('reading a pushed status message', () => {
  const valid = {
    type: 'national.status_changed',
    eventId: '42',
    dossierCode: 'G22.99-261205-0001',
    statusCode: 2,
    statusName: 'Được tiếp nhận',
    internalStatus: 'received',
    action: 'receive',
    agencyCode: '000.17.22.H56',
    procedureCode: '1.004873',
    occurredAt: '2026-12-05T07:00:00.000Z',
    sequence: 7,
  };

  it('takes the portal NationalStatusMessage', () => {
    expect(parseStatusMessage(JSON.stringify(valid))).toMatchObject({ dossierCode: 'G22.99-261205-0001', sequence: 7 });
  });

  it.each([
    ['not JSON', '{', 'the body is not JSON'],
    ['another type', JSON.stringify({ ...valid, type: 'agency_case.opened' }), 'type must be'],
    ['a status code out of range', JSON.stringify({ ...valid, statusCode: 11 }), 'statusCode'],
    ['a sequence as text', JSON.stringify({ ...valid, sequence: '7' }), 'sequence'],
    ['no dossier code', JSON.stringify({ ...valid, dossierCode: '' }), 'dossierCode'],
  ])('refuses %s', (_what, raw, problem) => {
    expect(parseStatusMessage(raw)).toEqual(expect.stringContaining(problem));
  });
});
