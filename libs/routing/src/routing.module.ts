import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CaseFlow } from './cases/case-flow.service';
import { RoutingService } from './cases/routing.service';
import { RouteService } from './routes/route.service';

/**
 * Liên thông routing shared by both apps: routes and delivery targets (admin), the route's moves, and the outbox
 * handling the worker runs. The agency answers (AgencyCaseService) need the dossier module and live in the portal.
 */
@Module({
  imports: [CalendarModule],
  providers: [RouteService, RoutingService, CaseFlow],
  exports: [RouteService, RoutingService, CaseFlow, CalendarModule],
})
export class RoutingModule {}
