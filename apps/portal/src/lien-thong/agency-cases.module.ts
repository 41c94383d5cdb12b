import { DynamicModule, Module } from '@nestjs/common';
import type { PortalConfig } from '@app/config';
import { AgencyModule } from '@app/agency';
import { DossierModule } from '@app/dossiers';
import { ProcedureModule } from '@app/procedures';
import { AgencyCaseService, CaseRoundHook, DeliveryAdminService, RoutingModule } from '@app/routing';
import { DossierCasesPanel } from './dossier-cases.panel';

const configured = new WeakMap<PortalConfig, DynamicModule>();

/**
 * The dossier and liên thông services of the portal, configured once: the dossier module (its lifecycle ends a
 * dossier's open agency cases in the same transaction, through the routing library's hook), agency answers, the
 * delivery administration, and the desk's panel of a dossier's cases. The dossier pages and the liên thông pages
 * both import it; `forRoot` hands both the same module object, so Nest builds one set of services.
 */
@Module({})
export class AgencyCasesModule {
  static forRoot(config: PortalConfig): DynamicModule {
    const existing = configured.get(config);
    if (existing) return existing;
    const dossiers = DossierModule.forRoot(config.files, {
      transitionHook: { use: CaseRoundHook, imports: [RoutingModule] },
      nationalIntake: config.nationalIntake,
      ownOnlineIntake: config.nationalIntake.ownOnlineIntake,
    });
    const module: DynamicModule = {
      module: AgencyCasesModule,
      imports: [dossiers, RoutingModule, AgencyModule, ProcedureModule],
      providers: [AgencyCaseService, DeliveryAdminService, DossierCasesPanel],
      exports: [
        dossiers,
        AgencyCaseService,
        DeliveryAdminService,
        DossierCasesPanel,
        RoutingModule,
        AgencyModule,
        ProcedureModule,
      ],
    };
    configured.set(config, module);
    return module;
  }
}
