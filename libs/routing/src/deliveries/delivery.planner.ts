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
 * Writes push deliveries inside the caller's transaction, plus one `delivery.scheduled` outbox event naming them:
 * the worker enqueues their first attempt when it relays that event, so a delivery is scheduled exactly when the
 * change that caused it commits. A source already planned for the target is skipped (at-least-once callers).
 */
export async function planDeliveries(em: EntityManager, deliveries: readonly PlannedDelivery[]): Promise<string[]> {
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
  if (ids.length > 0) {
    await em.query(
      `INSERT INTO outbox_event (aggregate_type, aggregate_id, event_type, payload)
       VALUES ('delivery', $1, 'delivery.scheduled', $2)`,
      [ids[0], { deliveryIds: ids }],
    );
  }
  return ids;
}
