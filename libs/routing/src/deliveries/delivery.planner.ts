import type { EntityManager } from 'typeorm';

export interface PlannedDelivery {
  targetId: string;
  /** What the delivery is for, unique per target: the same source never yields two deliveries. */
  sourceKey: string;
  dossierId: string | null;
  agencyCaseId: string | null;
  eventType: string;
  payload: Record<string, unknown>;
}

/**
 * Where planned deliveries are announced. The portal announces them with a `delivery.scheduled` outbox event, so
 * the worker enqueues them when that commits. The worker, planning deliveries while it handles an outbox event,
 * collects them instead and enqueues them itself right after its commit — one relay hop less per delivery; if it
 * dies in between, the reconciler finds the pending rows.
 */
export interface DeliveryBatch {
  announce: boolean;
  planned: string[];
}

export function announcedBatch(): DeliveryBatch {
  return { announce: true, planned: [] };
}

/**
 * Writes push deliveries inside the caller's transaction and announces them as the batch says. A source already
 * planned for the target is skipped (at-least-once callers).
 */
export async function planDeliveries(
  em: EntityManager,
  deliveries: readonly PlannedDelivery[],
  batch: DeliveryBatch = announcedBatch(),
): Promise<string[]> {
  const ids: string[] = [];
  for (const d of deliveries) {
    const [row] = await em.query<Array<{ id: string }>>(
      `INSERT INTO delivery (target_id, source_key, dossier_id, agency_case_id, event_type, payload)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ON CONSTRAINT delivery_source_uq DO NOTHING RETURNING id`,
      [d.targetId, d.sourceKey, d.dossierId, d.agencyCaseId, d.eventType, d.payload],
    );
    if (row) ids.push(row.id);
  }
  batch.planned.push(...ids);
  if (ids.length > 0 && batch.announce) {
    await em.query(
      `INSERT INTO outbox_event (aggregate_type, aggregate_id, event_type, payload)
       VALUES ('delivery', $1, 'delivery.scheduled', $2)`,
      [ids[0], { deliveryIds: ids }],
    );
  }
  return ids;
}
