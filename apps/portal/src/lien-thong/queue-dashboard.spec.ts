import { failureExcerpt, isQueueName, REASON_MAX } from './queue-dashboard.service';

describe('queue page helpers', () => {
  it('shows a failure reason’s first line only, without control characters, cut at the limit', () => {
    expect(failureExcerpt('connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap (node:net:1555:16)')).toBe(
      'connect ECONNREFUSED 127.0.0.1:5432',
    );
    expect(failureExcerpt('a\u0000b\u001bc')).toBe('a b c');
    expect(failureExcerpt(undefined)).toBe('');
    const long = failureExcerpt('x'.repeat(1000));
    expect(long).toHaveLength(REASON_MAX);
    expect(long.endsWith('…')).toBe(true);
  });

  it('knows the system’s queues and nothing else', () => {
    expect(['outbox', 'delivery', 'maintenance'].every(isQueueName)).toBe(true);
    expect(isQueueName('outbox/../x')).toBe(false);
    expect(isQueueName(undefined)).toBe(false);
  });
});
