import {
  isNationalStatusCode,
  judgeNationalSync,
  NATIONAL_STATUS_NAMES,
  NationalDeliveryFacts,
} from './national-sync.rules';

const d = (sequence: number, statusCode: number, status: NationalDeliveryFacts['status']): NationalDeliveryFacts => ({
  id: `d${sequence}`,
  sequence,
  statusCode,
  status,
});

describe('national portal sync judgement', () => {
  it('names all ten national codes', () => {
    expect(Object.keys(NATIONAL_STATUS_NAMES)).toHaveLength(10);
    expect(NATIONAL_STATUS_NAMES[2]).toBe('Được tiếp nhận');
    expect(NATIONAL_STATUS_NAMES[10]).toBe('Đã trả kết quả');
    expect([0, 11, 2.5, '4', null].some(isNationalStatusCode)).toBe(false);
    expect(isNationalStatusCode(4)).toBe(true);
  });

  it('is in sync when the last delivered status is the current one, whatever came before', () => {
    expect(judgeNationalSync(4, [d(1, 2, 'dead'), d(2, 4, 'delivered')]).state).toBe('in_sync');
    // An older push still retrying does not matter once a newer one of the current status arrived.
    expect(judgeNationalSync(4, [d(1, 2, 'pending'), d(2, 4, 'delivered')]).state).toBe('in_sync');
  });

  it('is pending or dead-lettered by the newest push of the current status after the last delivery', () => {
    const pending = judgeNationalSync(4, [d(1, 2, 'delivered'), d(2, 4, 'pending')]);
    expect(pending).toMatchObject({ state: 'pending', open: { id: 'd2' }, lastDelivered: { id: 'd1' } });
    expect(judgeNationalSync(4, [d(1, 2, 'delivered'), d(2, 4, 'dead')]).state).toBe('dead_lettered');
    // Replayed: a newer pending push of the same status wins over the dead one.
    expect(judgeNationalSync(4, [d(2, 4, 'dead'), d(3, 4, 'pending')]).state).toBe('pending');
  });

  it('is never sent when no push carries the current status', () => {
    expect(judgeNationalSync(2, []).state).toBe('never_sent');
    expect(judgeNationalSync(5, [d(1, 2, 'delivered'), d(2, 4, 'pending')]).state).toBe('never_sent');
    // A push of the same code from before the last delivery is an older change, not the current one.
    expect(judgeNationalSync(4, [d(1, 4, 'dead'), d(2, 5, 'delivered')]).state).toBe('never_sent');
  });
});
