import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** How the receiver answers the next requests: a status code, or never (the sender's timeout must fire). */
export type ReceiverBehaviour = { kind: 'status'; status: number; delayMs: number } | { kind: 'hang' };

/** One HTTP request that reached the receiver, whatever became of it. */
export interface WebhookArrival {
  /** The `webhook-id` header ('' when missing). */
  id: string;
  /** Epoch milliseconds (sub-millisecond precision) when the whole body had arrived. */
  arrivedAt: number;
  /** For each secret the receiver knows, whether one of the message's signatures verifies under it. */
  verifiedBy: boolean[];
  /** Number of space-separated signatures in `webhook-signature`. */
  signatureCount: number;
  /** The `webhook-timestamp` and `webhook-signature` headers as received. */
  timestamp: string;
  signature: string;
  /** What the receiver answered (null: it hung up without answering). */
  status: number | null;
  /** Why the Standard Webhooks check failed, when it did. */
  rejection: string | null;
  bodyBytes: number;
}

/** The first accepted (2xx) delivery of one webhook-id: the receiver's one "effect" of that message. */
export interface WebhookEffect {
  id: string;
  arrivedAt: number;
  body: unknown;
}

export interface WebhookReceiverOptions {
  /** The secrets the receiver checks signatures against (Standard Webhooks `whsec_…`); one must match. */
  secrets: readonly string[];
  /** The port to listen on (default: any free one). */
  port?: number;
}

/**
 * An agency's webhook endpoint for tests and benchmarks: a real node:http server that verifies every request with
 * the `standardwebhooks` package (the reference implementation, not our own signing code), deduplicates on
 * `webhook-id` as the Standard Webhooks spec asks receivers to, and counts effects — a message's first accepted
 * arrival — separately from raw arrivals, so at-least-once redeliveries show up without doubling effects. It can be
 * told to answer an error status, to hang, or to go down altogether (connection refused) and come back on the same
 * port.
 */
export class WebhookReceiver {
  readonly arrivals: WebhookArrival[] = [];
  private readonly effectsById = new Map<string, WebhookEffect>();
  private behaviour: ReceiverBehaviour = { kind: 'status', status: 204, delayMs: 0 };
  private secrets: string[];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Map<ServerResponse, { arrival: WebhookArrival; raw: string }>();
  private readonly waiters = new Set<() => void>();

  private constructor(
    private boundPort: number,
    secrets: readonly string[],
  ) {
    this.secrets = [...secrets];
  }

  /** The port, kept across `down()`/`up()`. */
  get port(): number {
    return this.boundPort;
  }

  static async start(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
    if (options.secrets.length === 0) throw new Error('a webhook receiver needs at least one secret');
    const receiver = new WebhookReceiver(options.port ?? 0, options.secrets);
    await receiver.listen();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/webhooks/motcua`;
  }

  /**
   * Answers every following request with this status (2xx produce effects; anything else does not), optionally
   * after `delayMs` (a slow receiver: the effect counts when the answer is sent).
   */
  answer(status: number, opts: { delayMs?: number } = {}): void {
    this.behaviour = { kind: 'status', status, delayMs: opts.delayMs ?? 0 };
  }

  /** Keeps every following request open without answering, until `answer()` or `close()`. */
  hang(): void {
    this.behaviour = { kind: 'hang' };
  }

  /**
   * Answers every request held open by `hang()` with this status (a 2xx counts as its effect) and every following
   * request likewise: an agency that was holding its messages takes them all.
   */
  release(status: number): void {
    this.behaviour = { kind: 'status', status, delayMs: 0 };
    for (const [res, held] of [...this.hanging]) {
      this.hanging.delete(res);
      this.respond(res, held.arrival, status, held.raw);
    }
  }

  /** Requests held open right now (by `hang()`). */
  heldCount(): number {
    return this.hanging.size;
  }

  /** The secrets checked from now on (e.g. the agency switched to its rotated secret). */
  useSecrets(secrets: readonly string[]): void {
    if (secrets.length === 0) throw new Error('a webhook receiver needs at least one secret');
    this.secrets = [...secrets];
  }

  /** Stops listening and drops open connections: senders get "connection refused" until `up()`. */
  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const res of this.hanging.keys()) res.destroy();
    this.hanging.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    await this.down();
    this.wakeWaiters();
  }

  /** Distinct webhook-ids accepted, each with its first accepted arrival. */
  effects(): WebhookEffect[] {
    return [...this.effectsById.values()];
  }

  effectCount(): number {
    return this.effectsById.size;
  }

  effectOf(id: string): WebhookEffect | undefined {
    return this.effectsById.get(id);
  }

  /** Raw arrivals beyond the first accepted one of their webhook-id (at-least-once redeliveries). */
  duplicateArrivals(): number {
    const accepted = this.arrivals.filter((a) => a.status !== null && a.status < 300 && a.rejection === null);
    return accepted.length - this.effectsById.size;
  }

  /** Arrivals whose signature or timestamp did not pass the Standard Webhooks check. */
  rejectedArrivals(): WebhookArrival[] {
    return this.arrivals.filter((a) => a.rejection !== null);
  }

  arrivalsOf(id: string): WebhookArrival[] {
    return this.arrivals.filter((a) => a.id === id);
  }

  /**
   * Resolves once `done()` holds (checked on every arrival), or rejects after `timeoutMs` with `describe()` in the
   * message: event-driven, no polling interval to tune.
   */
  waitUntil(done: () => boolean, timeoutMs: number, describe: () => string = () => ''): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `webhook receiver: condition not met within ${timeoutMs} ms (${this.arrivals.length} arrivals, ` +
              `${this.effectCount()} effects) ${describe()}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /** Waits for `count` distinct accepted webhook-ids. */
  waitForEffects(count: number, timeoutMs: number, describe?: () => string): Promise<void> {
    return this.waitUntil(() => this.effectsById.size >= count, timeoutMs, describe);
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        if (typeof address === 'object' && address) this.boundPort = address.port;
        this.server = server;
        resolve();
      });
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const arrivedAt = performance.timeOrigin + performance.now();
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': headerOf(req, 'webhook-id'),
        'webhook-timestamp': headerOf(req, 'webhook-timestamp'),
        'webhook-signature': headerOf(req, 'webhook-signature'),
      };
      let rejection: string | null = null;
      const verifiedBy = this.secrets.map((secret) => {
        try {
          new Webhook(secret).verify(raw, headers);
          return true;
        } catch (err) {
          rejection = err instanceof Error ? err.message : String(err);
          return false;
        }
      });
      if (verifiedBy.some(Boolean)) rejection = null;
      if (req.method !== 'POST') rejection = `method ${req.method} instead of POST`;
      else if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
        rejection = `content-type ${req.headers['content-type'] ?? '(none)'} instead of application/json`;
      }
      const arrival: WebhookArrival = {
        id: headers['webhook-id'],
        arrivedAt,
        verifiedBy,
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        signatureCount: headers['webhook-signature'].split(' ').filter(Boolean).length,
        status: null,
        rejection,
        bodyBytes: Buffer.byteLength(raw),
      };
      this.arrivals.push(arrival);
      if (rejection !== null) {
        arrival.status = 400;
        res.writeHead(400, { 'content-type': 'text/plain' }).end(rejection);
      } else if (this.behaviour.kind === 'hang') {
        this.hanging.set(res, { arrival, raw });
        res.on('close', () => this.hanging.delete(res));
      } else if (this.behaviour.delayMs > 0) {
        const { status, delayMs } = this.behaviour;
        const timer = setTimeout(() => this.respond(res, arrival, status, raw), delayMs);
        res.on('close', () => clearTimeout(timer));
        return;
      } else {
        this.respond(res, arrival, this.behaviour.status, raw);
        return;
      }
      this.wakeWaiters();
    });
  }

  private respond(res: ServerResponse, arrival: WebhookArrival, status: number, raw: string): void {
    if (res.destroyed) return;
    arrival.status = status;
    if (status >= 200 && status < 300 && !this.effectsById.has(arrival.id)) {
      this.effectsById.set(arrival.id, { id: arrival.id, arrivedAt: arrival.arrivedAt, body: parseJson(raw) });
    }
    res.writeHead(status).end();
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

function headerOf(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(' ') : (value ?? '');
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
