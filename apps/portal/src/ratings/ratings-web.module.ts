import { DynamicModule, Module } from '@nestjs/common';
import type { PortalConfig } from '@app/config';
import { RatingModule } from '@app/ratings';
import { CounterPagesController } from './counter-pages.controller';
import { RatingApiController } from './rating-api.controller';
import { RatingPagesController } from './rating-pages.controller';
import { RatingReportController } from './rating-report.controller';

/**
 * Ratings of returned dossiers: the citizen's and the public page, the counter tablet and its pairing, the agency's
 * counts, the API. Configured once here; the dossier pages import it for the rating they show.
 */
@Module({})
export class RatingsWebModule {
  static forRoot(config: PortalConfig): DynamicModule {
    const ratings = RatingModule.forRoot(config.rating);
    return {
      module: RatingsWebModule,
      imports: [ratings],
      controllers: [RatingPagesController, CounterPagesController, RatingReportController, RatingApiController],
      exports: [ratings],
    };
  }
}
