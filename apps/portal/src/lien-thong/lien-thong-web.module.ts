import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { PortalConfig } from '@app/config';
import { AgencyCaseController } from './agency-case.controller';
import { MAX_RESULT_DOCUMENTS } from './agency-case.dto';
import { AgencyCasesModule } from './agency-cases.module';
import { AgencyInboxPagesController } from './agency-inbox-pages.controller';
import { QueueDashboardController } from './queue-dashboard.controller';
import { QueueDashboard } from './queue-dashboard.service';
import { RoutingAdminController } from './routing-admin.controller';
import { RoutingAdminPagesController } from './routing-admin-pages.controller';

/**
 * The agency side of liên thông in the portal: the pull API and inbox pages of linked agencies, the admin API and
 * pages of routes and deliveries, and the queue dashboard.
 */
@Module({})
export class LienThongWebModule {
  static forRoot(config: PortalConfig): DynamicModule {
    return {
      module: LienThongWebModule,
      imports: [
        AgencyCasesModule.forRoot(config),
        // Result documents uploaded from the inbox page: multer stops reading at the limits.
        MulterModule.register({
          storage: memoryStorage(),
          preservePath: true,
          limits: { fileSize: config.files.maxFileBytes, files: MAX_RESULT_DOCUMENTS, fields: 10, parts: 30 },
        }),
      ],
      providers: [QueueDashboard],
      controllers: [
        AgencyCaseController,
        RoutingAdminController,
        AgencyInboxPagesController,
        RoutingAdminPagesController,
        QueueDashboardController,
      ],
    };
  }
}
