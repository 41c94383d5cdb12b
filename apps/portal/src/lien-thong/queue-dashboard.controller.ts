import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '@app/auth';
import { DomainError } from '@app/observability';
import { QueueDashboard } from './queue-dashboard.service';

/**
 * The BullMQ queue dashboard for administrators, behind the portal's sign-in and the admin role. Only reads reach it
 * (GET): the dashboard is read-only and state-changing calls never get past the portal's routes.
 */
@ApiExcludeController()
@Roles('admin')
@Controller('admin')
export class QueueDashboardController {
  constructor(private readonly dashboard: QueueDashboard) {}

  /** Settles when the dashboard has answered; what it does not serve becomes the portal's own 404 page. */
  @Get(['queues', 'queues/{*path}'])
  serve(@Req() req: Request, @Res() res: Response): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      res.once('finish', () => resolve());
      res.once('close', () => resolve());
      this.dashboard.handle(req, res, (err?: unknown) =>
        reject(err instanceof Error ? err : new DomainError('not_found', 'No such page of the queue dashboard.')),
      );
    });
  }
}
