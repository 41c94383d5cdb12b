import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createTransport } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { WorkerConfig } from '@app/config';
import { EsmsTransport, MessageSender, MessageTemplates, MessageTransports } from '@app/messages';
import { MESSAGE_POLL_INTERVAL_MS, MESSAGE_SENDER, MessageDispatcher } from './message.dispatcher';

/**
 * Messages about dossiers, sent by the worker from what the outbox handler and the deadline scanner planned: e-mail
 * over SMTP when MAIL_SMTP_URL is set, SMS through the gateway when SMS_GATEWAY is. A channel not configured sends
 * nothing: its messages stay queued in PostgreSQL until a worker configured for it sends them.
 */
@Module({})
export class MessagesModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    const mail = config.mail;
    if (!mail.smtpUrl && !mail.sms) return { module: MessagesModule };
    // Read at boot: a missing or broken template stops the worker with a message naming it.
    const templates = MessageTemplates.load();
    const transports: MessageTransports = {
      ...(mail.smtpUrl ? { email: createTransport(mail.smtpUrl) } : {}),
      ...(mail.sms ? { sms: new EsmsTransport(mail.sms) } : {}),
    };
    return {
      module: MessagesModule,
      providers: [
        { provide: MESSAGE_POLL_INTERVAL_MS, useValue: mail.pollIntervalMs },
        {
          provide: MESSAGE_SENDER,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) => new MessageSender(dataSource, transports, templates, mail),
        },
        MessageDispatcher,
      ],
      exports: [MessageDispatcher],
    };
  }
}
