import { DynamicModule, Global, Module } from '@nestjs/common';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { EGRESS_POLICY } from '@app/routing';
import { LookupThrottle } from './lookup-throttle.service';

/** Process-wide pieces of the portal beyond the shared web shell: its config, the egress policy, the lookup limits. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: PortalConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: PORTAL_CONFIG, useValue: config },
        { provide: EGRESS_POLICY, useValue: config.egress },
        LookupThrottle,
      ],
      exports: [PORTAL_CONFIG, EGRESS_POLICY, LookupThrottle],
    };
  }
}
