import { Module } from '@nestjs/common';
import { ProcedureModule } from '@app/procedures';
import { CatalogueAdminPagesController } from './catalogue-admin-pages.controller';
import { CataloguePagesController } from './catalogue-pages.controller';
import { ProcedureApiController } from './procedure-api.controller';

/** The procedure catalogue in the portal: public API and pages, admin API and pages. */
@Module({
  imports: [ProcedureModule],
  controllers: [ProcedureApiController, CataloguePagesController, CatalogueAdminPagesController],
})
export class CatalogueModule {}
