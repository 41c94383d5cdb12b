import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { log } from './log';
import type { MailStore } from './mail-store';

/** An error the SMTP client reads as a reply with this code (smtp-server sends `err.responseCode`). */
function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The catcher's SMTP side: plain SMTP (no STARTTLS), any or no login, messages up to `maxMessageBytes` (larger ones
 * are refused with 552), each parsed and kept in the store.
 */
export function createSmtpServer(store: MailStore, maxMessageBytes: number): SMTPServer {
  const receive = (stream: SMTPServerDataStream, session: SMTPServerSession, done: (err?: Error | null) => void) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, never held in memory.
      if (size <= maxMessageBytes) chunks.push(chunk);
    });
    stream.on('error', (err) => done(err));
    stream.on('end', () => {
      if (stream.sizeExceeded || size > maxMessageBytes) {
        log('warn', 'message refused: too large', { bytes: size, limit: maxMessageBytes, session: session.id });
        return done(smtpError(552, `Error: message exceeds fixed maximum message size ${maxMessageBytes}`));
      }
      const raw = Buffer.concat(chunks);
      simpleParser(raw, { skipImageLinks: true })
        .then((parsed) => {
          const envelope = {
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
          };
          const message = store.add(parsed, envelope, raw.length);
          log('info', 'message received', {
            id: message.id,
            messageId: message.messageId,
            bytes: raw.length,
            recipients: envelope.rcptTo.length,
            session: session.id,
          });
          done();
        })
        .catch((err: unknown) => {
          log('error', 'message not parsed', { error: err instanceof Error ? err.message : String(err) });
          done(smtpError(451, 'Error: the message could not be parsed, try again later'));
        });
    });
  };

  const server = new SMTPServer({
    name: 'mail-catcher.local',
    banner: 'Mot Cua demo mail catcher: nothing is delivered to real mailboxes',
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    // A login, when the sender is configured with one, is accepted whatever it is: there is no TLS and no mailbox.
    allowInsecureAuth: true,
    size: maxMessageBytes,
    logger: false,
    closeTimeout: 5_000,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    onData: receive,
  });
  server.on('error', (err) => log('error', 'smtp error', { error: err.message }));
  return server;
}
