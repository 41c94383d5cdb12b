import type { DataSource, EntityManager } from 'typeorm';
import { DossierStatus, NATIONAL_STATUS_CODE } from '@app/dossiers';
import { announcedBatch, DeliveryBatch, planDeliveries } from '../deliveries/delivery.planner';
import {
  isNationalStatusCode,
  judgeNationalSync,
  nationalStatusName,
  NationalDeliveryFacts,
  SyncState,
} from './national-sync.rules';

/** The payload of a 'dossier.status_changed' outbox event (written by DossierService.record()). */
export interface StatusChangedPayload {
  dossierId: string;
  code: string | null;
  /** The dossier's agency (electronic ID). */
  agency: string;
  action: string;
  from: DossierStatus;
  to: DossierStatus;
  nationalStatus: number | null;
  occurredAt: string;
}

export const NATIONAL_EVENT_TYPE = 'national.status_changed';

/** The body pushed to the national portal (JSON), signed like every delivery (Standard Webhooks). */
export interface NationalStatusMessage {
  type: typeof NATIONAL_EVENT_TYPE;
  /** The outbox event it comes from: stable across retries and replays. */
  eventId: string;
  dossierCode: string;
  statusCode: number;
  statusName: string;
  internalStatus: DossierStatus;
  action: string;
  agencyCode: string;
  procedureCode: string;
  occurredAt: string;
  /**
   * Increases with every change of the dossier (the id of the change's entry on the dossier's trail, taken while
   * the dossier row was locked): a receiver keeps the status with the greatest sequence and ignores older arrivals.
   */
  sequence: number;
}

/**
 * Plans the push of one status change to every active national-portal target, inside the caller's transaction (the
 * one that handles the outbox event). Nothing is planned for a dossier without a code yet, a status the portal does
 * not know, or a change that left the status as it was (an assignment). Planning the same event twice is a no-op.
 */
export async function planNationalSync(
  em: EntityManager,
  event: { id: string; payload: StatusChangedPayload },
  batch: DeliveryBatch = announcedBatch(),
): Promise<string[]> {
  const p = event.payload;
  if (!p.code || !isNationalStatusCode(p.nationalStatus) || p.from === p.to) return [];
  const targets = await em.query<Array<{ id: string }>>(
    `SELECT id FROM delivery_target WHERE kind = 'national_portal' AND active ORDER BY code`,
  );
  if (targets.length === 0) return [];
  // The sequence: the id of this change's entry on the dossier's trail (same action, status and instant); should it
  // be missing, the latest entry up to that instant. Never a reason to hold up the event, which also routes the case.
  const [facts] = await em.query<Array<{ procedure_code: string; agency_code: string; sequence: string }>>(
    `SELECT p.code AS procedure_code, a.code AS agency_code,
            coalesce(
              (SELECT max(e.id) FROM dossier_event e
                WHERE e.dossier_id = d.id AND e.action = $2 AND e.to_status = $3 AND e.occurred_at = $4::timestamptz),
              (SELECT max(e.id) FROM dossier_event e WHERE e.dossier_id = d.id AND e.occurred_at <= $4::timestamptz),
              0) AS sequence
       FROM dossier d
       JOIN agency a ON a.id = d.agency_id
       JOIN procedure_version v ON v.id = d.procedure_version_id
       JOIN procedure p ON p.id = v.procedure_id
      WHERE d.id = $1`,
    [p.dossierId, p.action, p.to, p.occurredAt],
  );
  if (!facts) return [];
  const message: NationalStatusMessage = {
    type: NATIONAL_EVENT_TYPE,
    eventId: event.id,
    dossierCode: p.code,
    statusCode: p.nationalStatus,
    statusName: nationalStatusName(p.nationalStatus),
    internalStatus: p.to,
    action: p.action,
    agencyCode: facts.agency_code,
    procedureCode: facts.procedure_code,
    occurredAt: p.occurredAt,
    sequence: Number(facts.sequence),
  };
  return planDeliveries(
    em,
    targets.map((t) => ({
      targetId: t.id,
      sourceKey: `status:${event.id}`,
      dossierId: p.dossierId,
      agencyCaseId: null,
      eventType: NATIONAL_EVENT_TYPE,
      payload: { ...message },
    })),
    batch,
  );
}

export interface NationalReconciliationItem {
  dossierId: string;
  dossierCode: string;
  status: DossierStatus;
  nationalCode: number;
  nationalName: string;
  state: SyncState;
  lastDeliveredCode: number | null;
  lastDeliveredAt: Date | null;
  /** The undelivered push of the current status (pending or dead), when there is one. */
  openDelivery: {
    id: string;
    attempts: number;
    lastError: string | null;
    nextAttemptAt: Date | null;
    deadAt: Date | null;
  } | null;
}

export type NationalReconciliationTotals = { dossiers: number } & Record<
  'inSync' | 'pending' | 'deadLettered' | 'neverSent',
  number
>;

export interface NationalReconciliationReport {
  period: { from: Date; to: Date };
  target: { code: string; active: boolean; url: string | null } | null;
  totals: NationalReconciliationTotals;
  items: NationalReconciliationItem[];
}

const TOTAL_KEY: Record<SyncState, keyof NationalReconciliationTotals> = {
  in_sync: 'inSync',
  pending: 'pending',
  dead_lettered: 'deadLettered',
  never_sent: 'neverSent',
};

interface ScopeRow {
  id: string;
  code: string;
  status: DossierStatus;
}

interface DeliveryRow {
  id: string;
  dossier_id: string;
  status: 'pending' | 'delivered' | 'dead';
  status_code: number | null;
  sequence: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
  dead_at: Date | null;
}

type Facts = NationalDeliveryFacts & { row: DeliveryRow };

/**
 * For every coded dossier whose status changed in [from, to): the national code of its current status against the
 * last status the national portal received, judged in sync / pending / dead-lettered / never sent, with totals.
 * The target is the national-portal target named by `targetCode`, or the first one.
 */
export async function nationalReconciliation(
  db: DataSource | EntityManager,
  scope: { from: Date; to: Date; targetCode?: string },
): Promise<NationalReconciliationReport> {
  const [target] = await db.query<Array<{ id: string; code: string; active: boolean; url: string | null }>>(
    `SELECT id, code, active, url FROM delivery_target
      WHERE kind = 'national_portal' AND ($1::text IS NULL OR code = $1) ORDER BY code LIMIT 1`,
    [scope.targetCode ?? null],
  );
  const dossiers = await db.query<ScopeRow[]>(
    `SELECT d.id, d.code, d.status FROM dossier d
      WHERE d.code IS NOT NULL
        AND EXISTS (SELECT 1 FROM dossier_event e
                     WHERE e.dossier_id = d.id AND e.occurred_at >= $1 AND e.occurred_at < $2
                       AND e.from_status IS DISTINCT FROM e.to_status)
      ORDER BY d.code`,
    [scope.from, scope.to],
  );
  const deliveries = target
    ? await db.query<DeliveryRow[]>(
        `SELECT id, dossier_id, status, (payload->>'statusCode')::int AS status_code,
                payload->>'sequence' AS sequence, attempts, last_error, next_attempt_at, delivered_at, dead_at
           FROM delivery
          WHERE target_id = $1 AND event_type = $2 AND dossier_id = ANY($3::uuid[])`,
        [target.id, NATIONAL_EVENT_TYPE, dossiers.map((d) => d.id)],
      )
    : [];
  const byDossier = new Map<string, Facts[]>();
  for (const r of deliveries) {
    if (r.status_code === null || r.sequence === null) continue;
    const list = byDossier.get(r.dossier_id) ?? [];
    list.push({ id: r.id, status: r.status, statusCode: r.status_code, sequence: Number(r.sequence), row: r });
    byDossier.set(r.dossier_id, list);
  }
  const totals: NationalReconciliationTotals = { dossiers: 0, inSync: 0, pending: 0, deadLettered: 0, neverSent: 0 };
  const items: NationalReconciliationItem[] = [];
  for (const d of dossiers) {
    const nationalCode = NATIONAL_STATUS_CODE[d.status];
    if (nationalCode === null) continue;
    const judged = judgeNationalSync(nationalCode, byDossier.get(d.id) ?? []);
    totals.dossiers += 1;
    totals[TOTAL_KEY[judged.state]] += 1;
    const open = judged.open?.row ?? null;
    items.push({
      dossierId: d.id,
      dossierCode: d.code,
      status: d.status,
      nationalCode,
      nationalName: nationalStatusName(nationalCode),
      state: judged.state,
      lastDeliveredCode: judged.lastDelivered?.statusCode ?? null,
      lastDeliveredAt: judged.lastDelivered?.row.delivered_at ?? null,
      openDelivery: open && {
        id: open.id,
        attempts: open.attempts,
        lastError: open.last_error,
        nextAttemptAt: open.status === 'pending' ? open.next_attempt_at : null,
        deadAt: open.dead_at,
      },
    });
  }
  return {
    period: { from: scope.from, to: scope.to },
    target: target ? { code: target.code, active: target.active, url: target.url } : null,
    totals,
    items,
  };
}
