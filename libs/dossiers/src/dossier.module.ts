import { DynamicModule, Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import type { FileStorageConfig } from '@app/config';
import { CalendarDeadlines } from './calendar-deadlines';
import { DOSSIER_DEADLINES } from './dossier-deadlines';
import { DossierApologyService } from './dossier-apology.service';
import { DossierQueryService } from './dossier-query.service';
import { DossierService } from './dossier.service';
import { DossierFileService, UPLOAD_LIMITS } from './files/dossier-file.service';
import { FILE_STORE } from './files/file.store';
import { LocalFileStore } from './files/local-file.store';

/** Dossiers: lifecycle, queries, attachments. Deadlines come from the working calendar. */
@Module({})
export class DossierModule {
  static forRoot(files: FileStorageConfig): DynamicModule {
    return {
      module: DossierModule,
      imports: [CalendarModule],
      providers: [
        DossierService,
        DossierQueryService,
        DossierFileService,
        DossierApologyService,
        { provide: DOSSIER_DEADLINES, useClass: CalendarDeadlines },
        { provide: FILE_STORE, useFactory: () => new LocalFileStore(files.dir) },
        {
          provide: UPLOAD_LIMITS,
          useValue: { maxFileBytes: files.maxFileBytes, maxFilesPerDossier: files.maxFilesPerDossier },
        },
      ],
      exports: [
        DossierService,
        DossierQueryService,
        DossierFileService,
        DossierApologyService,
        CalendarModule,
        FILE_STORE,
      ],
    };
  }
}
