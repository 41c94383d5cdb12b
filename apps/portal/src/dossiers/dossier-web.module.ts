import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { PortalConfig } from '@app/config';
import { ProcedureModule } from '@app/procedures';
import { DossierController } from './dossier.controller';
import { DossierFormsController } from './dossier-forms.controller';
import { DossierFormsService } from './dossier-forms.service';
import { DeskPagesController } from './desk-pages.controller';
import { DeskQueryService } from './desk-query.service';
import { CitizenIntakeController } from './citizen-intake.controller';
import { CitizenPagesController } from './citizen-pages.controller';
import { LookupPageController } from './lookup-page.controller';
import { AgencyCasesModule } from '../lien-thong/agency-cases.module';
import { NationalIntakeController } from '../api/national-intake.controller';
import { RatingsWebModule } from '../ratings/ratings-web.module';
import { PaymentsWebModule } from '../payments/payments-web.module';

/** Dossier routes of the portal: the REST API (and its pages). */
@Module({})
export class DossierWebModule {
  static forRoot(config: PortalConfig): DynamicModule {
    return {
      module: DossierWebModule,
      imports: [
        ProcedureModule,
        // The dossier services (configured there, once) and the desk's panel of a dossier's agency cases.
        AgencyCasesModule.forRoot(config),
        // Ratings of returned dossiers (their pages, and the rating the desk and the citizen's pages show).
        RatingsWebModule.forRoot(config),
        // Fees: the desk asks for them, records counter payments and refunds; the public pay pages and VNPay's IPN.
        PaymentsWebModule.forRoot(config),
        // Multer stops reading at the limits, so an oversized upload never fills memory.
        // preservePath: the service sees names as sent, so a name with a path is refused rather than trimmed.
        MulterModule.register({
          storage: memoryStorage(),
          preservePath: true,
          limits: {
            fileSize: config.files.maxFileBytes,
            files: config.files.maxFilesPerDossier,
            fields: 20,
            parts: 60,
          },
        }),
      ],
      providers: [DossierFormsService, DeskQueryService],
      controllers: [
        DossierController,
        DossierFormsController,
        DeskPagesController,
        CitizenPagesController,
        CitizenIntakeController,
        LookupPageController,
        NationalIntakeController,
      ],
    };
  }
}
