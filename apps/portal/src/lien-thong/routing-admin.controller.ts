import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { DomainError } from '@app/observability';
import { DeliveryAdminService, RouteService } from '@app/routing';
import { DeliveryListQueryDto, ReplaceRouteDto, RotateSecretDto, UpdateTargetDto } from './routing-admin.dto';
import { routeStepsFromJson } from './route-steps';
import { DELIVERY_ID } from '../web/page-kit';

/**
 * Administration of liên thông: the route of each inter-agency procedure, how each agency (and the national portal)
 * receives messages, and the deliveries — with the replay of dead-lettered ones.
 */
@ApiTags('liên thông administration')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/admin')
export class RoutingAdminController {
  constructor(
    private readonly routes: RouteService,
    private readonly deliveries: DeliveryAdminService,
  ) {}

  /** Inter-agency procedures and how many steps their route has. */
  @Get('routes')
  listRoutes() {
    return this.routes.interAgencyProcedures();
  }

  @Get('routes/:procedureCode')
  route(@Param('procedureCode') code: string) {
    return this.routes.getRoute(code);
  }

  /**
   * Replaces the whole route. Stages are numbered 1..n (steps of one stage run in parallel), step codes are unique,
   * agencies are active, and the longest path fits the procedure's legal time limit. Cases already
   * forwarded keep the steps they were opened with.
   */
  @Put('routes/:procedureCode')
  async replaceRoute(
    @CurrentPrincipal() principal: Principal,
    @Param('procedureCode') code: string,
    @Body() dto: ReplaceRouteDto,
  ) {
    const { steps, problems } = routeStepsFromJson(dto.steps);
    if (problems.length > 0) {
      throw new DomainError('validation_failed', problems.map((p) => `${p.field} ${p.messages[0]}`).join('; '), {
        errors: problems,
      });
    }
    return { steps: await this.routes.replaceRoute(principal, code, steps) };
  }

  /** Every delivery target with its health: pending, failing, dead-lettered, delivered in 24 h, circuit. */
  @Get('delivery-targets')
  targets(@CurrentPrincipal() principal: Principal) {
    return this.deliveries.targetStats(principal);
  }

  @Patch('delivery-targets/:code')
  updateTarget(@CurrentPrincipal() principal: Principal, @Param('code') code: string, @Body() dto: UpdateTargetDto) {
    return this.routes.updateTarget(principal, code, {
      mode: dto.mode,
      url: dto.url,
      timeoutMs: dto.timeoutMs,
      active: dto.active,
    });
  }

  /**
   * A new signing secret, returned this once. The previous one keeps signing next to it for `overlapHours`, so the
   * agency can switch without losing a message.
   */
  @Post('delivery-targets/:code/rotate-secret')
  @HttpCode(200)
  rotateSecret(@CurrentPrincipal() principal: Principal, @Param('code') code: string, @Body() dto: RotateSecretDto) {
    return this.routes.rotateSecret(principal, code, dto.overlapHours);
  }

  /** Replays every dead-lettered delivery of the target. */
  @Post('delivery-targets/:code/replay-dead')
  @HttpCode(200)
  replayAllDead(@CurrentPrincipal() principal: Principal, @Param('code') code: string) {
    return this.deliveries.replayAllDead(principal, code);
  }

  /** Deliveries, newest first, with their last error; filter by target and status. */
  @Get('deliveries')
  listDeliveries(@CurrentPrincipal() principal: Principal, @Query() query: DeliveryListQueryDto) {
    return this.deliveries.list(principal, query);
  }

  /** One delivery with every attempt made. */
  @Get('deliveries/:id')
  delivery(@CurrentPrincipal() principal: Principal, @Param('id', DELIVERY_ID) id: string) {
    return this.deliveries.get(principal, id);
  }

  /** Puts a dead-lettered delivery back in the queue (attempts from zero, due now); 409 when it is not dead. */
  @Post('deliveries/:id/replay')
  @HttpCode(200)
  replay(@CurrentPrincipal() principal: Principal, @Param('id', DELIVERY_ID) id: string) {
    return this.deliveries.replay(principal, id);
  }
}
