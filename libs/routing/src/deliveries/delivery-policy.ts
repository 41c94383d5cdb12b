/**
 * The pure rules of push deliveries: when to try again, what an HTTP answer means, and the per-target circuit
 * breaker. No I/O here: DeliverySender applies these rules to rows and HTTP calls.
 */

/**
 * Delays between attempts, in seconds, after the first attempt (which runs as soon as the delivery is planned).
 * Like Svix's: 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h — about three days from the first attempt to the last,
 * 12 attempts in all. After the last one fails the delivery is dead-lettered (an admin can replay it).
 */
export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = [
  5,
  5 * 60,
  30 * 60,
  2 * 3600,
  5 * 3600,
  10 * 3600,
  10 * 3600,
  10 * 3600,
  10 * 3600,
  10 * 3600,
  10 * 3600,
];

/**
 * Jitter around each scheduled delay: the actual delay is drawn uniformly from [d·(1−J), d·(1+J)). Deliveries that
 * failed together (a receiver outage) come back spread out instead of all at once, while on average the schedule
 * above is what receivers get. Full jitter ([0, d)) was considered and refused: it halves the retry window on
 * average and can retry a struggling receiver almost at once, which is what backoff is there to avoid.
 */
export const RETRY_JITTER = 0.25;

/** A Retry-After beyond this is not sane for a webhook receiver: it is ignored and the schedule applies. */
export const MAX_RETRY_AFTER_SECONDS = 24 * 3600;

export interface CircuitPolicy {
  /** Consecutive failed attempts (network, timeout, retryable status) that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open the first time; doubled at each re-opening. */
  openSeconds: number;
  /** Ceiling of the open period, however often it re-opens. */
  maxOpenSeconds: number;
}

export interface DeliveryPolicy {
  retryScheduleSeconds: readonly number[];
  circuit: CircuitPolicy;
  /** A delivery whose target is inactive (or no longer receives push) is looked at again after this long. */
  inactiveRecheckSeconds: number;
}

export const DEFAULT_CIRCUIT_POLICY: CircuitPolicy = { failureThreshold: 5, openSeconds: 60, maxOpenSeconds: 3600 };

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  retryScheduleSeconds: DEFAULT_RETRY_SCHEDULE_SECONDS,
  circuit: DEFAULT_CIRCUIT_POLICY,
  inactiveRecheckSeconds: 300,
};

/** Injection token of the DeliveryPolicy the worker builds from its configuration. */
export const DELIVERY_POLICY = Symbol('DELIVERY_POLICY');

/**
 * The delay in milliseconds before the next attempt, once `attemptsMade` attempts have failed, or null when the
 * schedule is exhausted (the delivery is dead). `random` is a number in [0, 1) (Math.random in production).
 */
export function nextAttemptDelay(
  attemptsMade: number,
  schedule: readonly number[],
  random: number,
  jitter = RETRY_JITTER,
): number | null {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new Error('attemptsMade counts failed attempts (≥ 1)');
  const seconds = schedule[attemptsMade - 1];
  if (seconds === undefined) return null; // the schedule is spent
  const nominal = seconds * 1000;
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(nominal * (1 - jitter + 2 * jitter * r));
}

/** How one HTTP attempt ended, as the sender saw it. */
export type AttemptResponse =
  | { kind: 'status'; statusCode: number; retryAfter?: string | null }
  | { kind: 'network'; message: string }
  | { kind: 'timeout' };

export type AttemptOutcome = 'delivered' | 'retry' | 'dead';

export interface Classification {
  outcome: AttemptOutcome;
  /** Whether the receiver answered at all (used by the circuit breaker: a 410 is an answer, a timeout is not). */
  reachable: boolean;
  /** A sane Retry-After from the receiver, in seconds. */
  retryAfterSeconds: number | null;
}

/** Status codes that mean "try again later" although they are 4xx. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

/**
 * What an attempt's result means:
 * - 2xx: delivered;
 * - 408, 425, 429, 5xx, any network error, a timeout: retry later (honouring a sane Retry-After);
 * - 3xx: retry. Redirects are never followed (a signed message must go to the URL the admin configured, not to
 *   wherever a response points); a redirect usually means a moved endpoint, which an admin fixes on the target, so
 *   the delivery keeps retrying rather than dying, and the attempts show "redirect not followed";
 * - any other 4xx: permanent refusal, dead-lettered at once (replayable by an admin).
 */
export function classify(response: AttemptResponse, now: Date = new Date()): Classification {
  switch (response.kind) {
    case 'network':
    case 'timeout':
      return { outcome: 'retry', reachable: false, retryAfterSeconds: null };
    case 'status': {
      const code = response.statusCode;
      if (code >= 200 && code < 300) return { outcome: 'delivered', reachable: true, retryAfterSeconds: null };
      if (code >= 400 && code < 500 && !RETRYABLE_4XX.has(code)) {
        return { outcome: 'dead', reachable: true, retryAfterSeconds: null };
      }
      const retryAfterSeconds = parseRetryAfter(response.retryAfter ?? null, now);
      // 5xx, 408 and 429 still come from a live server, but one that cannot take the message now: for the circuit
      // breaker they are failures like a timeout, otherwise an overloaded receiver would keep being hammered.
      return { outcome: 'retry', reachable: false, retryAfterSeconds };
    }
  }
}

/** Retry-After as delay-seconds or an HTTP-date; null when absent, malformed, in the past or beyond the sane max. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const text = value.trim();
  let seconds: number;
  if (/^\d{1,10}$/.test(text)) seconds = Number(text);
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at) || !/[a-z]/i.test(text)) return null;
    seconds = Math.ceil((at - now.getTime()) / 1000);
  }
  return seconds >= 0 && seconds <= MAX_RETRY_AFTER_SECONDS ? seconds : null;
}

/**
 * The next attempt's time after a retryable failure, or null when the schedule is exhausted. A Retry-After can
 * push the attempt later than the schedule, never earlier.
 */
export function retryAt(
  attemptsMade: number,
  at: Date,
  policy: Pick<DeliveryPolicy, 'retryScheduleSeconds'>,
  retryAfterSeconds: number | null,
  random: number,
): Date | null {
  const delay = nextAttemptDelay(attemptsMade, policy.retryScheduleSeconds, random);
  if (delay === null) return null;
  return new Date(at.getTime() + Math.max(delay, (retryAfterSeconds ?? 0) * 1000));
}

/** A target's circuit as stored on delivery_target. */
export interface TargetCircuit {
  consecutiveFailures: number;
  /** Null: closed. In the future: open. In the past: half-open (the next attempt is a probe). */
  openUntil: Date | null;
  /** How many times the circuit opened since it last closed; grows the open period. */
  openedCount: number;
}

export type CircuitGate = 'closed' | 'open' | 'half_open';

export function circuitGate(state: Pick<TargetCircuit, 'openUntil'>, now: Date): CircuitGate {
  if (state.openUntil === null) return 'closed';
  return state.openUntil.getTime() > now.getTime() ? 'open' : 'half_open';
}

/** How long the circuit stays open when it opens for the `openedCount`-th time since it last closed (1-based). */
export function openPeriodSeconds(openedCount: number, policy: CircuitPolicy): number {
  const exponent = Math.min(Math.max(openedCount - 1, 0), 30);
  return Math.min(policy.openSeconds * 2 ** exponent, Math.max(policy.maxOpenSeconds, policy.openSeconds));
}

/**
 * The circuit after an attempt ended at `now`:
 * - the receiver answered (2xx, or a permanent 4xx, which proves it is up): closed, counters reset;
 * - it did not (network, timeout, 5xx, 408/425/429): one more consecutive failure, and the circuit opens for a longer
 *   period than last time when the attempt was the half-open probe, when the open period had already ended, or when
 *   the failures reach the threshold while closed. An attempt that started before the circuit opened and fails
 *   while it is open only adds to the count.
 */
export function circuitAfter(
  state: TargetCircuit,
  reachable: boolean,
  now: Date,
  policy: CircuitPolicy,
  wasProbe = false,
): TargetCircuit {
  if (reachable) return { consecutiveFailures: 0, openUntil: null, openedCount: 0 };
  const failures = state.consecutiveFailures + 1;
  const gate = circuitGate(state, now);
  const shouldOpen = wasProbe || gate === 'half_open' || (gate === 'closed' && failures >= policy.failureThreshold);
  if (!shouldOpen) return { ...state, consecutiveFailures: failures };
  const openedCount = state.openedCount + 1;
  return {
    consecutiveFailures: failures,
    openUntil: new Date(now.getTime() + openPeriodSeconds(openedCount, policy) * 1000),
    openedCount,
  };
}

/**
 * While the half-open probe is in flight the circuit is held open until this time, so that other attempts wait for
 * the probe's verdict; if the worker dies mid-probe, the next attempt after it becomes the probe.
 */
export function probeLeaseUntil(now: Date, timeoutMs: number): Date {
  return new Date(now.getTime() + timeoutMs + 30_000);
}
