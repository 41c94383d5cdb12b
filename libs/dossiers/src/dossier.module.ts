import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { RegimeModule } from '@app/regimes';
import type { FileStorageConfig } from '@app/config';
import { CalendarDeadlines } from './calendar-deadlines';
import { DOSSIER_DEADLINES } from './dossier-deadlines';
import { DossierApologyService } from './dossier-apology.service';
import { DossierQueryService } from './dossier-query.service';
import { DossierService, OWN_ONLINE_INTAKE } from './dossier.service';
import { DOSSIER_TRANSITION_HOOK, DossierTransitionHook } from './dossier-transition.hook';
import { DossierFileService, UPLOAD_LIMITS } from './files/dossier-file.service';
import { DossierDraftService } from './files/dossier-draft.service';
import { FILE_STORE } from './files/file.store';
import { LocalFileStore } from './files/local-file.store';
import {
  NATIONAL_INTAKE_OPTIONS,
  NationalIntakeOptions,
  NationalIntakeService,
} from './national/national-intake.service';

export interface DossierModuleOptions {
  /** Work of another library done in the same transaction as every change of status, with the modules it needs. */
  transitionHook?: { use: Type<DossierTransitionHook>; imports?: ModuleMetadata['imports'] };
  /** Dossiers forwarded by the national portal (off when absent). */
  nationalIntake?: NationalIntakeOptions;
  /** Whether citizens file online on this portal too (default true). */
  ownOnlineIntake?: boolean;
}

/**
 * Dossiers: lifecycle, queries, attachments. Deadlines come from the working calendar. Configure it once per
 * application (Nest tells dynamic modules apart by object reference: a second `forRoot` is a second set of services)
 * and re-export it from the module that configured it.
 */
@Module({})
export class DossierModule {
  static forRoot(files: FileStorageConfig, options: DossierModuleOptions = {}): DynamicModule {
    const hook = options.transitionHook;
    return {
      module: DossierModule,
      imports: [CalendarModule, RegimeModule, ...(hook?.imports ?? [])],
      providers: [
        ...(hook ? [hook.use, { provide: DOSSIER_TRANSITION_HOOK, useExisting: hook.use }] : []),
        DossierService,
        DossierQueryService,
        DossierFileService,
        DossierDraftService,
        DossierApologyService,
        NationalIntakeService,
        { provide: NATIONAL_INTAKE_OPTIONS, useValue: options.nationalIntake ?? null },
        { provide: OWN_ONLINE_INTAKE, useValue: options.ownOnlineIntake ?? true },
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
        DossierDraftService,
        DossierApologyService,
        NationalIntakeService,
        CalendarModule,
        RegimeModule,
        FILE_STORE,
      ],
    };
  }
}
