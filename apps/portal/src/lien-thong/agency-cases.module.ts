import { DynamicModule, Module } from '@nestjs/common';
import type { PortalConfig } from '@app/config';
import { AgencyModule } from '@app/agency';
import { DossierModule } from '@app/dossiers';
import { ProcedureModule } from '@app/procedures';
import { AgencyCaseService, DeliveryAdminService, RoutingModule } from '@app/routing';
import { DossierCasesPanel } from './dossier-cases.panel';

/**
 * The liên thông services of the portal: agency answers (which need the dossier module and its file store), the
 * delivery administration, and the desk's panel of a dossier's cases (imported by the desk pages too).
 */
@Module({})
export class AgencyCasesModule {
  static forRoot(config: PortalConfig): DynamicModule {
    return {
      module: AgencyCasesModule,
      imports: [DossierModule.forRoot(config.files), RoutingModule, AgencyModule, ProcedureModule],
      providers: [AgencyCaseService, DeliveryAdminService, DossierCasesPanel],
      exports: [
        AgencyCaseService,
        DeliveryAdminService,
        DossierCasesPanel,
        RoutingModule,
        AgencyModule,
        ProcedureModule,
      ],
    };
  }
}
