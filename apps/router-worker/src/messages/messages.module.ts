import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createTransport } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { WorkerConfig } from '@app/config';
import { MailTransport, MessageSender, MessageTemplates } from '@app/messages';
import { MESSAGE_POLL_INTERVAL_MS, MESSAGE_SENDER, MessageDispatcher } from './message.dispatcher';

/**
 * E-mail to citizens, sent by the worker from what the outbox handler planned. Without MAIL_SMTP_URL nothing is sent:
 * the messages stay queued in PostgreSQL until a worker with a mail server configured sends them.
 */
@Module({})
export class MessagesModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    const mail = config.mail;
    if (!mail) return { module: MessagesModule };
    // Read at boot: a missing or broken template stops the worker with a message naming it.
    const templates = MessageTemplates.load();
    return {
      module: MessagesModule,
      providers: [
        { provide: MESSAGE_POLL_INTERVAL_MS, useValue: mail.pollIntervalMs },
        {
          provide: MESSAGE_SENDER,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) => {
            const transport = createTransport(mail.smtpUrl) as unknown as MailTransport;
            return new MessageSender(dataSource, transport, templates, mail);
          },
        },
        MessageDispatcher,
      ],
      exports: [MessageDispatcher],
    };
  }
}
