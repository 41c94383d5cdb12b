import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { PortalConfig } from '@app/config';
import { DossierModule } from '@app/dossiers';
import { DossierController } from './dossier.controller';
import { DossierFormsController } from './dossier-forms.controller';
import { DossierFormsService } from './dossier-forms.service';

/** Dossier routes of the portal: the REST API (and its pages). */
@Module({})
export class DossierWebModule {
  static forRoot(config: PortalConfig): DynamicModule {
    return {
      module: DossierWebModule,
      imports: [
        DossierModule.forRoot(config.files),
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
      providers: [DossierFormsService],
      controllers: [DossierController, DossierFormsController],
    };
  }
}
