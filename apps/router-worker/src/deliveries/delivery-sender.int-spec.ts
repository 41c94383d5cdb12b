import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import {
  DEFAULT_DELIVERY_POLICY,
  DeliveryPolicy,
  DeliverySender,
  generateWebhookSecret,
  USER_AGENT,
  verifyExchangeLog,
} from '@app/routing';
import { createTestDatabase, freePort, TestDatabase, only, nth } from '@app/testing';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';
type Answering = (req: Received) => Answer | Promise<Answer>;

/** A real HTTP server playing an agency's endpoint: records every request and answers as told. */
class Receiver {
  readonly requests: Received[] = [];
  answer: Answering = () => ({ status: 204 });
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  private released: Array<() => void> = [];

  private constructor(private readonly server: Server) {
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(): Promise<Receiver> {
    let receiver: Receiver | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on(
        'end',
        () =>
          void receiver?.handle(
            { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() },
            res,
          ),
      );
    });
    receiver = new Receiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  }

  private async handle(req: Received, res: ServerResponse): Promise<void> {
    this.requests.push(req);
    for (const release of this.released.splice(0)) release();
    const answer = await this.answer(req);
    if (answer === 'hang') {
      this.hanging.add(res);
      return;
    }
    res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.body ?? '');
  }

  /** Resolves when the next request has arrived. */
  nextRequest(): Promise<void> {
    return new Promise((resolve) => this.released.push(resolve));
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface DeliveryState {
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  dead_at: Date | null;
}

interface TargetState {
  consecutive_failures: number;
  circuit_open_until: Date | null;
  circuit_opened_count: number;
}

describe('DeliverySender against a real HTTP receiver', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let receiver: Receiver;
  let seq = 0;
  const policy: DeliveryPolicy = {
    ...DEFAULT_DELIVERY_POLICY,
    retryScheduleSeconds: [1, 1, 2],
    // High enough that tests of retries never open the circuit; the circuit test has its own sender.
    circuit: { failureThreshold: 100, openSeconds: 60, maxOpenSeconds: 600 },
  };
  let sender: DeliverySender;
  /** The receiver listens on loopback, which this deployment (the test) allows explicitly. */
  const loopbackAllowed = { allowedNetworks: ['127.0.0.0/8'] };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, applicationName: 'motcua-test-sender', poolSize: 12 });
    await dataSource.initialize();
    receiver = await Receiver.start();
    sender = new DeliverySender(dataSource, policy, loopbackAllowed);
    sender.random = () => 0.5;
  });

  afterAll(async () => {
    await receiver.close();
    await dataSource.destroy();
    await db.drop();
  });

  beforeEach(() => {
    receiver.answer = () => ({ status: 204 });
  });

  async function makeTarget(
    opts: {
      secret?: string;
      previousSecret?: string;
      previousExpiresAt?: Date | null;
      timeoutMs?: number;
      active?: boolean;
    } = {},
  ): Promise<{ id: string; code: string; secret: string }> {
    const code = `target-${++seq}`;
    const secret = opts.secret ?? generateWebhookSecret();
    const row = only(
      await dataSource.query<Array<{ id: string }>>(
        `INSERT INTO delivery_target (code, kind, mode, url, secret, previous_secret, previous_secret_expires_at,
                                    timeout_ms, active)
       VALUES ($1, 'national_portal', 'push', $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          code,
          receiver.url,
          secret,
          opts.previousSecret ?? null,
          opts.previousExpiresAt ?? null,
          opts.timeoutMs ?? 5000,
          opts.active ?? true,
        ],
      ),
    );
    return { id: row.id, code, secret };
  }

  async function makeDelivery(
    targetId: string,
    opts: { dossierId?: string | null; nextAttemptAt?: Date } = {},
  ): Promise<string> {
    const row = only(
      await dataSource.query<Array<{ id: string }>>(
        `INSERT INTO delivery (target_id, source_key, dossier_id, event_type, payload, next_attempt_at)
       VALUES ($1, $2, $3, 'agency_case.opened', $4, coalesce($5, now())) RETURNING id`,
        [
          targetId,
          `test:${++seq}`,
          opts.dossierId === undefined ? null : opts.dossierId,
          {
            type: 'agency_case.opened',
            case: { dossierCode: `000.17.22.H56-250602-${String(seq).padStart(4, '0')}`, họTên: 'Trần Thị Bích' },
          },
          opts.nextAttemptAt ?? null,
        ],
      ),
    );
    return row.id;
  }

  const deliveryState = async (id: string) =>
    only(await dataSource.query<DeliveryState[]>(`SELECT * FROM delivery WHERE id = $1`, [id]), 'delivery');
  const targetState = async (id: string) =>
    only(await dataSource.query<TargetState[]>(`SELECT * FROM delivery_target WHERE id = $1`, [id]), 'delivery target');
  const attemptsOf = (id: string) =>
    dataSource.query<Array<{ attempt: number; status_code: number | null; outcome: string; error: string | null }>>(
      `SELECT attempt, status_code, outcome, error FROM delivery_attempt WHERE delivery_id = $1 ORDER BY id`,
      [id],
    );
  const requestsFor = (deliveryId: string) => receiver.requests.filter((r) => r.headers['webhook-id'] === deliveryId);

  it('delivers on 2xx: signed request, delivered row, attempt and exchange-log entry with the exact body', async () => {
    const target = await makeTarget();
    const dossierId = only(await dataSource.query<Array<{ id: string }>>(`SELECT gen_random_uuid() AS id`)).id;
    const id = await makeDelivery(target.id, { dossierId });

    const report = await sender.attempt(id);

    expect(report).toMatchObject({
      deliveryId: id,
      result: 'delivered',
      statusCode: 204,
      targetCode: target.code,
      next: null,
    });
    const req = only(requestsFor(id), 'request');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['user-agent']).toBe(USER_AGENT);
    expect(req.headers['webhook-id']).toBe(id);
    const payload = new Webhook(target.secret).verify(req.body, req.headers as Record<string, string>);
    expect(payload).toMatchObject({ type: 'agency_case.opened', case: { họTên: 'Trần Thị Bích' } });

    const state = await deliveryState(id);
    expect(state).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 204, last_error: null });
    expect(state.delivered_at).toBeInstanceOf(Date);
    expect(await attemptsOf(id)).toEqual([{ attempt: 1, status_code: 204, outcome: 'delivered', error: null }]);

    const log = await dataSource.query<
      Array<{
        direction: string;
        counterparty: string;
        message_type: string;
        message_id: string;
        body: string;
        signature: string;
      }>
    >(
      `SELECT direction, counterparty, message_type, message_id, body, signature FROM exchange_log WHERE dossier_id = $1`,
      [dossierId],
    );
    expect(log).toEqual([
      {
        direction: 'out',
        counterparty: target.code,
        message_type: 'agency_case.opened',
        message_id: id,
        body: req.body,
        signature: req.headers['webhook-signature'],
      },
    ]);
    expect(await verifyExchangeLog(dataSource, { dossierId })).toEqual({ dossiers: 1, entries: 1, problems: [] });

    // Done is done: a second job for the same delivery sends nothing.
    expect(await sender.attempt(id)).toMatchObject({ result: 'skipped', reason: 'status delivered' });
    expect(requestsFor(id)).toHaveLength(1);
  });

  it('schedules a retry on 500 with backoff, sending the same body and webhook-id each time, until delivered', async () => {
    const target = await makeTarget();
    const id = await makeDelivery(target.id);
    receiver.answer = () => ({ status: 500, body: 'database\n  unavailable' });

    const before = Date.now();
    const first = await sender.attempt(id);
    expect(first).toMatchObject({ result: 'retry', statusCode: 500, reason: 'HTTP 500: database unavailable' });
    const state = await deliveryState(id);
    expect(state).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_status_code: 500,
      last_error: 'HTTP 500: database unavailable',
    });
    // Schedule [1, 1, 2] s with the random pinned at 0.5: one second after the attempt ended.
    expect(state.next_attempt_at.getTime()).toBeGreaterThanOrEqual(before + 1000);
    expect(state.next_attempt_at.getTime()).toBeLessThan(Date.now() + 1000 + 50);
    expect(first.next).toEqual({ attempts: 1, nextAttemptAt: state.next_attempt_at });

    // Too early: nothing is sent, and the caller is told when it is due.
    expect(await sender.attempt(id, new Date(state.next_attempt_at.getTime() - 5000))).toMatchObject({
      result: 'not_due',
      next: { attempts: 1, nextAttemptAt: state.next_attempt_at },
    });
    expect(requestsFor(id)).toHaveLength(1);

    receiver.answer = () => ({ status: 200, body: '{"ok":true}' });
    const second = await sender.attempt(id, state.next_attempt_at);
    expect(second).toMatchObject({ result: 'delivered', statusCode: 200 });
    const requests = requestsFor(id);
    const [a, b] = [nth(requests, 0), nth(requests, 1)];
    expect(b.body).toBe(a.body);
    expect(b.headers['webhook-id']).toBe(a.headers['webhook-id']);
    expect((await attemptsOf(id)).map((x) => x.outcome)).toEqual(['retry', 'delivered']);
    // No dossier: nothing goes to the exchange log.
    expect(await dataSource.query(`SELECT 1 FROM exchange_log WHERE message_id = $1`, [id])).toEqual([]);
  });

  it('dead-letters at once on a permanent 4xx (410)', async () => {
    const target = await makeTarget();
    const id = await makeDelivery(target.id, { dossierId: null });
    receiver.answer = () => ({ status: 410, body: 'gone' });
    expect(await sender.attempt(id)).toMatchObject({ result: 'dead', statusCode: 410, next: null });
    const state = await deliveryState(id);
    expect(state).toMatchObject({ status: 'dead', attempts: 1, last_status_code: 410, last_error: 'HTTP 410: gone' });
    expect(state.dead_at).toBeInstanceOf(Date);
    // A permanent refusal proves the receiver is up: the circuit does not count it.
    expect(await targetState(target.id)).toMatchObject({ consecutive_failures: 0, circuit_open_until: null });
  });

  it('retries after a timeout, and dead-letters once the schedule is exhausted', async () => {
    const target = await makeTarget({ timeoutMs: 300 });
    const id = await makeDelivery(target.id);
    receiver.answer = () => 'hang';
    const first = await sender.attempt(id);
    expect(first).toMatchObject({ result: 'retry', statusCode: null, reason: 'timed out after 300 ms' });
    expect(first.durationMs).toBeGreaterThanOrEqual(250);

    receiver.answer = () => ({ status: 503 });
    let report = first;
    for (let i = 0; i < 3; i++) {
      const { next_attempt_at } = await deliveryState(id);
      report = await sender.attempt(id, next_attempt_at);
    }
    expect(report).toMatchObject({ result: 'dead', statusCode: 503, next: null });
    expect(report.reason).toMatch(/^HTTP 503; retries exhausted after 4 attempts$/);
    expect((await attemptsOf(id)).map((x) => x.outcome)).toEqual(['retry', 'retry', 'retry', 'dead']);
    expect(await deliveryState(id)).toMatchObject({ status: 'dead', attempts: 4 });
  });

  it('honours a sane Retry-After and records a network error', async () => {
    const target = await makeTarget();
    const id = await makeDelivery(target.id);
    receiver.answer = () => ({ status: 429, headers: { 'retry-after': '120' } });
    const started = Date.now();
    await sender.attempt(id);
    const { next_attempt_at } = await deliveryState(id);
    expect(next_attempt_at.getTime() - started).toBeGreaterThanOrEqual(120_000);
    expect(next_attempt_at.getTime() - started).toBeLessThan(125_000);

    const closed = await makeTarget();
    // A port nobody listens on.
    await dataSource.query(`UPDATE delivery_target SET url = $2 WHERE id = $1`, [
      closed.id,
      `http://127.0.0.1:${await freePort()}/hook`,
    ]);
    const lost = await makeDelivery(closed.id);
    expect(await sender.attempt(lost)).toMatchObject({ result: 'retry', statusCode: null });
    expect((await deliveryState(lost)).last_error).toMatch(/^network error: ECONNREFUSED/);
  });

  it('refuses loopback, link-local, unspecified and mapped addresses unless allowed, by name or by literal', async () => {
    const guarded = new DeliverySender(dataSource, policy);
    guarded.random = () => 0.5;
    const port = new URL(receiver.url).port;
    const urls = [
      receiver.url,
      `http://localhost:${port}/hook`,
      `http://[::1]:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
      `http://[::ffff:7f00:1]:${port}/hook`,
      `http://0.0.0.0:${port}/hook`,
      `http://[::]:${port}/hook`,
      `http://169.254.169.254/latest/meta-data/`,
      `http://10.0.0.1:${port}/hook`,
      `http://2130706433:${port}/hook`,
    ];
    const before = receiver.requests.length;
    for (const url of urls) {
      const target = await makeTarget();
      await dataSource.query(`UPDATE delivery_target SET url = $2 WHERE id = $1`, [target.id, url]);
      const id = await makeDelivery(target.id);
      const report = await guarded.attempt(id);
      expect({ url, result: report.result, statusCode: report.statusCode }).toEqual({
        url,
        result: 'retry',
        statusCode: null,
      });
      expect((await deliveryState(id)).last_error).toMatch(
        /^network error: .*loopback, link-local, private or reserved/,
      );
    }
    expect(receiver.requests.length).toBe(before);
    guarded.onModuleDestroy();
  });

  it('keeps only a short, sanitised excerpt of a failing answer', async () => {
    const target = await makeTarget();
    const id = await makeDelivery(target.id);
    const secretish = 'x'.repeat(5000);
    receiver.answer = () => ({
      status: 500,
      headers: { 'content-type': 'text/html' },
      body: `<html><script>alert(1)</script><b>Internal</b>\u0000\u001b[31m error\r\n${secretish}</html>`,
    });
    await sender.attempt(id);
    const { last_error } = await deliveryState(id);
    expect(last_error).toMatch(/^HTTP 500: alert\(1\) Internal \[31m error x+$/);
    expect(last_error!.length).toBeLessThanOrEqual('HTTP 500: '.length + 200);
  });

  it('does not follow redirects', async () => {
    const target = await makeTarget();
    const id = await makeDelivery(target.id);
    receiver.answer = (req) =>
      req.path === '/hook' ? { status: 302, headers: { location: '/elsewhere' } } : { status: 200 };
    expect(await sender.attempt(id)).toMatchObject({
      result: 'retry',
      statusCode: 302,
      reason: 'HTTP 302: redirect to /elsewhere not followed',
    });
    expect(receiver.requests.filter((r) => r.path === '/elsewhere')).toHaveLength(0);
  });

  it('signs with both secrets during a rotation, and with the current one alone once the old one expired', async () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const rotating = await makeTarget({
      secret: current,
      previousSecret: previous,
      previousExpiresAt: new Date(Date.now() + 3600_000),
    });
    const id = await makeDelivery(rotating.id);
    await sender.attempt(id);
    const req = only(requestsFor(id), 'request');
    expect(String(req.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) {
      expect(() => new Webhook(secret).verify(req.body, req.headers as Record<string, string>)).not.toThrow();
    }

    const expired = await makeTarget({
      secret: current,
      previousSecret: previous,
      previousExpiresAt: new Date(Date.now() - 1000),
    });
    const id2 = await makeDelivery(expired.id);
    await sender.attempt(id2);
    const req2 = only(requestsFor(id2), 'request');
    expect(String(req2.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => new Webhook(current).verify(req2.body, req2.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(previous).verify(req2.body, req2.headers as Record<string, string>)).toThrow();
  });

  it('postpones while the target is inactive, without an attempt', async () => {
    const target = await makeTarget({ active: false });
    const id = await makeDelivery(target.id);
    const now = new Date();
    const report = await sender.attempt(id, now);
    expect(report).toMatchObject({ result: 'postponed', reason: 'target_inactive', next: { attempts: 0 } });
    expect(report.next!.nextAttemptAt.getTime()).toBe(now.getTime() + policy.inactiveRecheckSeconds * 1000);
    expect(requestsFor(id)).toHaveLength(0);
    expect(await deliveryState(id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      next_attempt_at: report.next!.nextAttemptAt,
    });
  });

  it('dead-letters, without an attempt, a delivery whose agency no longer receives push', async () => {
    const agency = only(
      await dataSource.query<Array<{ id: string }>>(
        `INSERT INTO agency (code, name, level, kind) VALUES ('000.31.22.H99', 'Công an phường thử', 'commune', 'police')
       RETURNING id`,
      ),
    );
    const target = only(
      await dataSource.query<Array<{ id: string }>>(
        `INSERT INTO delivery_target (code, kind, agency_id, mode) VALUES ('000.31.22.H99', 'agency', $1, 'pull')
       RETURNING id`,
        [agency.id],
      ),
    );
    const id = await makeDelivery(target.id);
    expect(await sender.attempt(id)).toMatchObject({
      result: 'dead',
      reason: 'target 000.31.22.H99 no longer receives push (mode pull)',
      statusCode: null,
      next: null,
    });
    expect(await deliveryState(id)).toMatchObject({ status: 'dead', attempts: 0 });
    expect(requestsFor(id)).toHaveLength(0);
  });

  it('sends a delivery once when two workers attempt it at the same time, and skips a row locked elsewhere', async () => {
    const target = await makeTarget();
    const id = await makeDelivery(target.id);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    receiver.answer = async () => {
      await held;
      return { status: 200 };
    };
    const arrived = receiver.nextRequest();
    const first = sender.attempt(id);
    await arrived;
    // The first worker holds the row across its HTTP call: the second one sees it locked and leaves it.
    expect(await sender.attempt(id)).toMatchObject({ result: 'skipped', reason: 'locked', next: null });
    release();
    expect(await first).toMatchObject({ result: 'delivered' });
    expect(requestsFor(id)).toHaveLength(1);

    const other = await makeDelivery(target.id);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT 1 FROM delivery WHERE id = $1 FOR UPDATE`, [other]);
      expect(await sender.attempt(other)).toMatchObject({ result: 'skipped', reason: 'locked' });
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
    expect(await sender.attempt('00000000-0000-4000-8000-000000000000')).toMatchObject({
      result: 'skipped',
      reason: 'not_found',
    });
  });

  it('opens the circuit after N consecutive failures, postpones without counting, then probes once', async () => {
    const sender = new DeliverySender(
      dataSource,
      { ...policy, circuit: { failureThreshold: 3, openSeconds: 60, maxOpenSeconds: 600 } },
      loopbackAllowed,
    );
    sender.random = () => 0.5;
    const target = await makeTarget();
    receiver.answer = () => ({ status: 502 });
    const failing = [
      await makeDelivery(target.id),
      await makeDelivery(target.id),
      await makeDelivery(target.id),
    ] as const;
    for (const id of failing.slice(0, 2)) await sender.attempt(id);
    expect(await targetState(target.id)).toMatchObject({ consecutive_failures: 2, circuit_open_until: null });
    const opening = Date.now();
    await sender.attempt(failing[2]);
    const open = await targetState(target.id);
    expect(open).toMatchObject({ consecutive_failures: 3, circuit_opened_count: 1 });
    expect(open.circuit_open_until!.getTime() - opening).toBeGreaterThanOrEqual(60_000);

    // While open: no request, no attempt counted, the delivery waits for the end of the open period.
    const waiting = await makeDelivery(target.id);
    const postponed = await sender.attempt(waiting);
    expect(postponed).toMatchObject({ result: 'postponed', reason: 'circuit_open', next: { attempts: 0 } });
    expect(postponed.next!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(open.circuit_open_until!.getTime());
    expect(requestsFor(waiting)).toHaveLength(0);
    expect(await deliveryState(waiting)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await attemptsOf(waiting)).toEqual([]);

    // The period ends: the first attempt is the probe; it fails, so the circuit re-opens for twice as long.
    await dataSource.query(
      `UPDATE delivery_target SET circuit_open_until = now() - interval '1 second' WHERE id = $1`,
      [target.id],
    );
    const probeStart = Date.now();
    expect(await sender.attempt(waiting, new Date(Date.now() + 70_000))).toMatchObject({ result: 'retry' });
    const reopened = await targetState(target.id);
    expect(reopened).toMatchObject({ consecutive_failures: 4, circuit_opened_count: 2 });
    expect(reopened.circuit_open_until!.getTime() - probeStart).toBeGreaterThanOrEqual(120_000);

    // Next period: a slow probe is in flight; an attempt meanwhile waits for its verdict; the probe succeeds and
    // closes the circuit.
    await dataSource.query(
      `UPDATE delivery_target SET circuit_open_until = now() - interval '1 second' WHERE id = $1`,
      [target.id],
    );
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    receiver.answer = async () => {
      await held;
      return { status: 200 };
    };
    const later = new Date(Date.now() + 3600_000);
    const arrived = receiver.nextRequest();
    const probe = sender.attempt(failing[0], later);
    await arrived;
    // The probe holds the circuit open (its lease) until its verdict: the other delivery waits.
    const waitingForProbe = await sender.attempt(failing[1], later);
    expect(waitingForProbe).toMatchObject({ result: 'postponed', reason: 'circuit_open' });
    expect(waitingForProbe.next!.nextAttemptAt.getTime()).toBeGreaterThan(later.getTime());
    expect(requestsFor(failing[1])).toHaveLength(1);
    release();
    expect(await probe).toMatchObject({ result: 'delivered' });
    expect(await targetState(target.id)).toEqual(
      expect.objectContaining({ consecutive_failures: 0, circuit_open_until: null, circuit_opened_count: 0 }),
    );
    expect(await sender.attempt(failing[1], waitingForProbe.next!.nextAttemptAt)).toMatchObject({
      result: 'delivered',
    });
  });
});
