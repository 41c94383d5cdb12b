import { DEFAULT_DELIVERY_RETRY_SCHEDULE } from '@app/config';
import {
  circuitAfter,
  circuitGate,
  classify,
  DEFAULT_CIRCUIT_POLICY,
  DEFAULT_RETRY_SCHEDULE_SECONDS,
  nextAttemptDelay,
  openPeriodSeconds,
  parseRetryAfter,
  probeLeaseUntil,
  retryAt,
  TargetCircuit,
} from './delivery-policy';

const T0 = new Date('2025-06-02T03:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('retry schedule', () => {
  it('follows the Svix-like default over about three days, then gives up', () => {
    expect(DEFAULT_RETRY_SCHEDULE_SECONDS.slice(0, 6)).toEqual([5, 300, 1800, 7200, 18000, 36000]);
    const total = DEFAULT_RETRY_SCHEDULE_SECONDS.reduce((a, b) => a + b, 0);
    expect(total / 86400).toBeGreaterThan(2.5);
    expect(total / 86400).toBeLessThan(3.5);
    // The worker's configuration default is the same schedule.
    expect([...DEFAULT_DELIVERY_RETRY_SCHEDULE]).toEqual([...DEFAULT_RETRY_SCHEDULE_SECONDS]);
    const n = DEFAULT_RETRY_SCHEDULE_SECONDS.length;
    expect(nextAttemptDelay(n, DEFAULT_RETRY_SCHEDULE_SECONDS, 0.5)).toBe(36000_000);
    expect(nextAttemptDelay(n + 1, DEFAULT_RETRY_SCHEDULE_SECONDS, 0.5)).toBeNull();
  });

  it('grows with each failed attempt, jittered by ±25% around the schedule', () => {
    const schedule = [1, 1, 2];
    expect(nextAttemptDelay(1, schedule, 0.5)).toBe(1000);
    expect(nextAttemptDelay(1, schedule, 0)).toBe(750);
    expect(nextAttemptDelay(1, schedule, 0.999999)).toBe(1250);
    expect(nextAttemptDelay(3, schedule, 0)).toBe(1500);
    expect(nextAttemptDelay(4, schedule, 0.5)).toBeNull();
    // Randoms out of [0, 1) are clamped rather than producing negative or huge delays.
    expect(nextAttemptDelay(2, schedule, -3)).toBe(750);
    expect(nextAttemptDelay(2, schedule, 7)).toBe(1250);
  });

  it('spreads retries of deliveries that failed together', () => {
    const delays = Array.from({ length: 200 }, (_, i) => nextAttemptDelay(2, DEFAULT_RETRY_SCHEDULE_SECONDS, i / 200));
    const values = delays.map((d) => d ?? 0);
    expect(new Set(values).size).toBe(200);
    expect(Math.min(...values)).toBe(225_000);
    expect(Math.max(...values)).toBeLessThan(375_000);
  });

  it('refuses a meaningless attempt count', () => {
    expect(() => nextAttemptDelay(0, [1], 0.5)).toThrow(/attemptsMade/);
    expect(() => nextAttemptDelay(1.5, [1], 0.5)).toThrow(/attemptsMade/);
  });

  it('lets a sane Retry-After postpone the next attempt, never advance it', () => {
    const policy = { retryScheduleSeconds: [10, 20] };
    expect(retryAt(1, T0, policy, null, 0.5)).toEqual(at(10));
    expect(retryAt(1, T0, policy, 120, 0.5)).toEqual(at(120));
    expect(retryAt(1, T0, policy, 3, 0.5)).toEqual(at(10));
    expect(retryAt(3, T0, policy, 120, 0.5)).toBeNull();
  });
});

describe('classify', () => {
  it.each([200, 201, 202, 204, 299])('%i is delivered', (statusCode) => {
    expect(classify({ kind: 'status', statusCode })).toEqual({
      outcome: 'delivered',
      reachable: true,
      retryAfterSeconds: null,
    });
  });

  it.each([500, 502, 503, 504, 599, 408, 425, 429])('%i is retried, and counts against the circuit', (statusCode) => {
    expect(classify({ kind: 'status', statusCode })).toMatchObject({ outcome: 'retry', reachable: false });
  });

  it.each([400, 401, 403, 404, 405, 409, 410, 413, 415, 422])('%i is a permanent refusal: dead at once', (code) => {
    expect(classify({ kind: 'status', statusCode: code })).toEqual({
      outcome: 'dead',
      reachable: true,
      retryAfterSeconds: null,
    });
  });

  it.each([301, 302, 303, 307, 308])('redirect %i is not followed and is retried', (statusCode) => {
    expect(classify({ kind: 'status', statusCode })).toMatchObject({ outcome: 'retry' });
  });

  it('retries network errors and timeouts', () => {
    expect(classify({ kind: 'network', message: 'ECONNREFUSED' })).toEqual({
      outcome: 'retry',
      reachable: false,
      retryAfterSeconds: null,
    });
    expect(classify({ kind: 'timeout' })).toMatchObject({ outcome: 'retry', reachable: false });
  });

  it('reads Retry-After on a retryable answer only', () => {
    expect(classify({ kind: 'status', statusCode: 503, retryAfter: '120' }, T0).retryAfterSeconds).toBe(120);
    expect(classify({ kind: 'status', statusCode: 429, retryAfter: at(90).toUTCString() }, T0).retryAfterSeconds).toBe(
      90,
    );
    expect(classify({ kind: 'status', statusCode: 410, retryAfter: '120' }, T0).retryAfterSeconds).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  it('accepts delay-seconds and HTTP dates within a day', () => {
    expect(parseRetryAfter('0', T0)).toBe(0);
    expect(parseRetryAfter(' 3600 ', T0)).toBe(3600);
    expect(parseRetryAfter(at(30).toUTCString(), T0)).toBe(30);
    expect(parseRetryAfter(String(24 * 3600), T0)).toBe(24 * 3600);
  });

  it('ignores what is absent, malformed, in the past or beyond a day', () => {
    expect(parseRetryAfter(null, T0)).toBeNull();
    expect(parseRetryAfter('', T0)).toBeNull();
    expect(parseRetryAfter('-5', T0)).toBeNull();
    expect(parseRetryAfter('1.5', T0)).toBeNull();
    expect(parseRetryAfter('soon', T0)).toBeNull();
    expect(parseRetryAfter('2025-06-02', T0)).toBeNull();
    expect(parseRetryAfter(at(-60).toUTCString(), T0)).toBeNull();
    expect(parseRetryAfter(String(24 * 3600 + 1), T0)).toBeNull();
    expect(parseRetryAfter(at(3 * 86400).toUTCString(), T0)).toBeNull();
  });
});

describe('circuit breaker', () => {
  const policy = { failureThreshold: 3, openSeconds: 60, maxOpenSeconds: 600 };
  const closed: TargetCircuit = { consecutiveFailures: 0, openUntil: null, openedCount: 0 };

  it('tells closed, open and half-open apart', () => {
    expect(circuitGate({ openUntil: null }, T0)).toBe('closed');
    expect(circuitGate({ openUntil: at(1) }, T0)).toBe('open');
    expect(circuitGate({ openUntil: T0 }, T0)).toBe('half_open');
    expect(circuitGate({ openUntil: at(-1) }, T0)).toBe('half_open');
  });

  it('opens after N consecutive failures, not before', () => {
    let s = closed;
    s = circuitAfter(s, false, T0, policy);
    s = circuitAfter(s, false, T0, policy);
    expect(s).toEqual({ consecutiveFailures: 2, openUntil: null, openedCount: 0 });
    s = circuitAfter(s, false, T0, policy);
    expect(s).toEqual({ consecutiveFailures: 3, openUntil: at(60), openedCount: 1 });
  });

  it('resets the count when the receiver answers, even with a permanent refusal', () => {
    const s = circuitAfter({ consecutiveFailures: 2, openUntil: null, openedCount: 0 }, true, T0, policy);
    expect(s).toEqual(closed);
  });

  it('keeps the open period when an attempt begun before the opening fails meanwhile', () => {
    const open = { consecutiveFailures: 3, openUntil: at(60), openedCount: 1 };
    expect(circuitAfter(open, false, at(10), policy)).toEqual({ ...open, consecutiveFailures: 4 });
  });

  it('re-opens for twice as long after a failed probe, up to the ceiling, and closes after a good one', () => {
    let s: TargetCircuit = { consecutiveFailures: 3, openUntil: at(60), openedCount: 1 };
    // The probe holds the circuit open (lease) while in flight; it fails.
    const lease = probeLeaseUntil(at(60), 10_000);
    expect(lease).toEqual(at(60 + 10 + 30));
    s = circuitAfter({ ...s, openUntil: lease }, false, at(61), policy, true);
    expect(s).toEqual({ consecutiveFailures: 4, openUntil: at(61 + 120), openedCount: 2 });
    // An old attempt that fails after the period ended re-opens it too.
    s = circuitAfter(s, false, at(500), policy);
    expect(s).toEqual({ consecutiveFailures: 5, openUntil: at(500 + 240), openedCount: 3 });
    expect([1, 2, 3, 4, 5, 6, 40].map((n) => openPeriodSeconds(n, policy))).toEqual([60, 120, 240, 480, 600, 600, 600]);
    expect(circuitAfter(s, true, at(800), policy, true)).toEqual(closed);
  });

  it('has a sane default', () => {
    expect(DEFAULT_CIRCUIT_POLICY.failureThreshold).toBeGreaterThan(1);
    expect(openPeriodSeconds(1, DEFAULT_CIRCUIT_POLICY)).toBe(60);
    expect(openPeriodSeconds(100, DEFAULT_CIRCUIT_POLICY)).toBe(3600);
  });
});
