import type { AddressInfo } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the test server accepted, parsed, with when it arrived. */
export interface ReceivedMail {
  mail: ParsedMail;
  at: number;
}

/**
 * A real SMTP server for tests (smtp-server) that keeps every message it accepts, parsed with a real MIME parser
 * (mailparser). `answers` scripts the replies to the next deliveries: an SMTP code to refuse with (4xx temporary,
 * 5xx permanent), or 250 to accept; once it is empty every message is accepted.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  readonly answers: number[] = [];
  port = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // No reverse DNS lookup of the client on connect: it would add the resolver's time to every message.
    disableReverseLookup: true,
    logger: false,
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const answer = this.answers.shift() ?? 250;
        if (answer !== 250) {
          const err = new Error(answer >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & {
            responseCode: number;
          };
          err.responseCode = answer;
          callback(err);
          return;
        }
        const at = Date.now();
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            this.received.push({ mail, at });
            for (const wake of this.waiters.splice(0)) wake();
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });

  static async start(): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer();
    await new Promise<void>((resolve) => smtp.server.listen(0, '127.0.0.1', resolve));
    smtp.port = (smtp.server.server.address() as AddressInfo).port;
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The messages sent to `to`, waiting up to `timeoutMs` for at least `count` of them. */
  async mailsTo(to: string, count = 1, timeoutMs = 15_000): Promise<ParsedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.filter((r) => r.mail.to && JSON.stringify(r.mail.to).includes(to)).map((r) => r.mail);
      if (found.length >= count || Date.now() >= deadline) return found;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(10, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
