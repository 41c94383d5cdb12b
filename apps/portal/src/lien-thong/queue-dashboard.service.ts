import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { bullPrefix, QUEUES, redisOptionsFromUrl } from '@app/queues';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

interface Board {
  app: (req: Request, res: Response, next: NextFunction) => void;
  queues: Queue[];
}

/**
 * The BullMQ dashboard (bull-board) over the worker's queues, same Redis connection and key prefix. It is read-only:
 * nothing can be added, removed, retried or paused from it — failed jobs are re-enqueued by the worker's reconciler
 * and dead-lettered deliveries are replayed from the audited deliveries page. Built on first use, so a portal whose
 * admins never open it holds no extra Redis connections.
 */
@Injectable()
export class QueueDashboard implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueDashboard.name);
  private board: Board | null = null;

  constructor(@Inject(PORTAL_CONFIG) private readonly config: PortalConfig) {}

  private build(): Board {
    // Fail fast: a page waits for Redis at most two retries, never until it comes back.
    const connection = {
      ...redisOptionsFromUrl(this.config.redis.url),
      retryStrategy: undefined,
      maxRetriesPerRequest: 2,
    };
    const queues = Object.values(QUEUES).map(
      (name) => new Queue(name, { connection, prefix: bullPrefix(this.config.redis.prefix) }),
    );
    for (const q of queues) q.on('error', (err) => this.logger.warn({ err, queue: q.name }, 'queue connection error'));
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true, allowRetries: false })),
      serverAdapter,
      options: {
        uiConfig: {
          boardTitle: 'Một Cửa',
          hideDocsLink: true,
          miscLinks: [{ text: 'Liên thông', url: '/admin/deliveries' }],
        },
      },
    });
    const app = serverAdapter.getRouter() as Board['app'] & { disable(setting: string): void };
    app.disable('x-powered-by');
    return { app, queues };
  }

  /**
   * Serves one dashboard request (page, static file or read API) under QUEUE_DASHBOARD_PATH. Anything the dashboard
   * does not serve falls through to `next` with the request as it came.
   */
  handle(req: Request, res: Response, next: NextFunction): void {
    this.board ??= this.build();
    const url = req.url;
    const reqProto = Object.getPrototypeOf(req) as object;
    const resProto = Object.getPrototypeOf(res) as object;
    const rest = req.originalUrl.slice(QUEUE_DASHBOARD_PATH.length);
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    this.board.app(req, res, (err?: unknown) => {
      // The dashboard is an Express app of its own: give the request back to the portal's as it was.
      Object.setPrototypeOf(req, reqProto);
      Object.setPrototypeOf(res, resProto);
      req.url = url;
      next(err);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const board = this.board;
    this.board = null;
    if (board) await Promise.all(board.queues.map((q) => q.close().catch(() => undefined)));
  }
}
