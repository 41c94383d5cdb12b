import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { CitizenInbox, MessageTemplates } from '@app/messages';
import { CITIZEN_INBOX } from './citizen-inbox.token';
import { CitizenMessagesPagesController } from './citizen-messages-pages.controller';

/**
 * The citizen's side of the messages in the portal: their list and their choices. The templates are read at boot,
 * like the worker's: a missing one stops the portal naming it.
 */
@Module({
  controllers: [CitizenMessagesPagesController],
  providers: [
    {
      provide: CITIZEN_INBOX,
      inject: [getDataSourceToken(), PORTAL_CONFIG],
      useFactory: (dataSource: DataSource, config: PortalConfig) =>
        new CitizenInbox(dataSource, MessageTemplates.load(), config.publicUrl),
    },
  ],
  exports: [CITIZEN_INBOX],
})
export class MessagesWebModule {}
