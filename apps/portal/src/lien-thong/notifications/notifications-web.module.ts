import { Module } from '@nestjs/common';
import { MessagesAdminPagesController } from '../../messages/messages-admin-pages.controller';
import { NationalSyncPagesController } from '../national/national-sync-pages.controller';
import { NotificationInbox } from './notification-inbox.service';
import { NotificationsPagesController } from './notifications-pages.controller';

/**
 * Staff notifications (deadline warnings, escalations, Mẫu 04 requests written by the worker's deadline scanner)
 * the administrator's national-portal reconciliation, and the operator's page of the messages sent to citizens. Exports the inbox for the unread count in the header.
 */
@Module({
  controllers: [NotificationsPagesController, NationalSyncPagesController, MessagesAdminPagesController],
  providers: [NotificationInbox],
  exports: [NotificationInbox],
})
export class NotificationsWebModule {}
