import { Module } from '@nestjs/common';
import { NationalSyncPagesController } from '../national/national-sync-pages.controller';
import { NotificationInbox } from './notification-inbox.service';
import { NotificationsPagesController } from './notifications-pages.controller';

/**
 * Staff notifications (deadline warnings, escalations, Mẫu 04 requests written by the worker's deadline scanner)
 * and the administrator's national-portal reconciliation. Exports the inbox for the unread count in the header.
 */
@Module({
  controllers: [NotificationsPagesController, NationalSyncPagesController],
  providers: [NotificationInbox],
  exports: [NotificationInbox],
})
export class NotificationsWebModule {}
