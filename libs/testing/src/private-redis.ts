import { ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort } from './app-process';

/**
 * A redis-server of one test alone, on a free port, without persistence (`--save '' --appendonly no`): a test may
 * stop, restart (which loses every key, as a crash of an unpersisted Redis does) or flush it without touching the
 * machine's shared Redis. Only this object's own child process is ever signalled.
 */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the server (empty) on this object's port and waits until it answers PING. */
  async up(timeoutMs = 10_000): Promise<void> {
    if (this.running) return;
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child = child;
    // Never leave a server behind when the test process ends without stopping it.
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    child.once('exit', () => process.off('exit', reap));
    const deadline = Date.now() + timeoutMs;
    while (!(await this.command('PING')).startsWith('+PONG')) {
      if (!this.running) throw new Error(`redis-server on port ${this.port} exited:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} not ready:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Kills the server at once (SIGKILL): every key is gone, clients see their connections drop. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** A crash and a restart on the same port: the new server starts empty. */
  async restart(): Promise<void> {
    await this.down();
    await this.up();
  }

  /** Deletes every key while the server keeps running. */
  async flushAll(): Promise<void> {
    const reply = await this.command('FLUSHALL');
    if (!reply.startsWith('+OK')) throw new Error(`FLUSHALL failed: ${reply}`);
  }

  async stop(): Promise<void> {
    await this.down();
  }

  /** One inline command over a fresh connection; '' when the server does not answer. */
  private command(cmd: string): Promise<string> {
    return new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: this.port });
      let reply = '';
      const done = (value: string) => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(2_000, () => done(''));
      socket.on('error', () => done(''));
      socket.on('connect', () => socket.write(`${cmd}\r\n`));
      socket.on('data', (d: Buffer) => {
        reply += d.toString();
        if (reply.endsWith('\r\n')) done(reply);
      });
    });
  }
}
