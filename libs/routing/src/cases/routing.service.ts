import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { planNationalSync, StatusChangedPayload } from '../national/national-sync';
import { DeliveryBatch } from '../deliveries/delivery.planner';
import { CaseFlow } from './case-flow.service';
import { planCitizenMessages } from '@app/messages';
import { planClosureRefund } from '@app/payments';
import { announceBoundaryHandOver } from './boundary-notices';

export interface DueDelivery {
  id: string;
  attempts: number;
  nextAttemptAt: Date;
}

interface OutboxRow {
  id: string;
  event_type: string;
  payload: Record<string, unknown>;
  handled_at: Date | null;
}

/**
 * The worker's side of the outbox: applies each committed event's effects exactly once. The event row is locked
 * and marked handled in the same transaction as the effects, so a job that runs twice (at-least-once delivery from
 * BullMQ, a reconciler re-adding it after Redis lost it) changes nothing the second time.
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly flow: CaseFlow,
  ) {}

  async handleOutboxEvent(eventId: string, now = new Date()): Promise<DueDelivery[]> {
    return this.dataSource.transaction(async (em) => {
      const [event] = await em.query<OutboxRow[]>(
        `SELECT id, event_type, payload, handled_at FROM outbox_event WHERE id = $1 FOR UPDATE`,
        [eventId],
      );
      if (!event) {
        this.logger.warn({ eventId }, 'outbox event not found');
        return [];
      }
      if (event.handled_at) return [];
      // Deliveries planned here are enqueued by the caller right after this commits (see DeliveryBatch).
      const batch: DeliveryBatch = { announce: false, planned: [] };
      let ids: string[] = [];
      switch (event.event_type) {
        case 'dossier.status_changed': {
          const payload = event.payload as unknown as StatusChangedPayload;
          if (payload.action === 'forward_to_agency') await this.flow.openRound(em, payload.dossierId, now, batch);
          // A dossier withdrawn or stopped while agencies work on it: their cases end with it. So do cases still
          // open when the desk records the agencies' answer itself (received outside the system): the route ends.
          if (payload.to === 'withdrawn' || payload.to === 'stopped' || payload.action === 'agency_answered') {
            await this.flow.cancelOpenCases(em, payload.dossierId, batch);
          }
          // A paid dossier refused, stopped or withdrawn: its fee is to be refunded at the desk.
          if (payload.to === 'refused' || payload.to === 'stopped' || payload.to === 'withdrawn') {
            await planClosureRefund(em, payload.dossierId, payload.to);
          }
          await planNationalSync(em, { id: event.id, payload }, batch);
          await announceBoundaryHandOver(em, payload);
          break;
        }
        case 'delivery.scheduled': {
          ids = (event.payload['deliveryIds'] as string[] | undefined) ?? [];
          break;
        }
        default:
          // Events other services react to (appointment changes are shown on the desk and the lookup page);
          // nothing for the router to do.
          break;
      }
      // What the applicant is told about it, planned in this transaction: sent later by the message sender.
      await planCitizenMessages(em, event);
      await em.query(`UPDATE outbox_event SET handled_at = now() WHERE id = $1`, [event.id]);
      ids = [...ids, ...batch.planned];
      if (ids.length === 0) return [];
      const rows = await em.query<Array<{ id: string; attempts: number; next_attempt_at: Date }>>(
        `SELECT id, attempts, next_attempt_at FROM delivery WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
        [ids],
      );
      return rows.map((r) => ({ id: r.id, attempts: r.attempts, nextAttemptAt: r.next_attempt_at }));
    });
  }
}
