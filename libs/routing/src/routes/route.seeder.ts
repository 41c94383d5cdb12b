import type { DataSource } from 'typeorm';
import type { RouteStepInput } from '../routing.types';

/** Routing as seed data: routes by procedure code, delivery modes by agency code, sub-statuses by agency kind. */
export interface RoutingSeed {
  routes: Readonly<Record<string, readonly RouteStepInput[]>>;
  modes: Readonly<Record<string, 'push' | 'pull' | 'inbox'>>;
  subStatuses: ReadonlyArray<readonly [kind: string, code: string, label: string, caseStatus: string]>;
}

/**
 * Adds routes, delivery targets and sub-statuses from seed data: every agency gets a target (in its mode, else the
 * inbox) and the national portal an inactive one. Idempotent and never overrides an administrator: a procedure that
 * already has a route, an agency that already has a target and a known sub-status are left as they are.
 */
export async function insertRoutingSeed(dataSource: DataSource, seed: RoutingSeed): Promise<void> {
  await dataSource.transaction(async (em) => {
    for (const [procedureCode, steps] of Object.entries(seed.routes)) {
      const [p] = await em.query<Array<{ id: string; steps: number }>>(
        `SELECT p.id, (SELECT count(*)::int FROM route_step s WHERE s.procedure_id = p.id) AS steps
           FROM procedure p WHERE p.code = $1 FOR UPDATE`,
        [procedureCode],
      );
      if (!p || p.steps > 0) continue;
      for (const s of steps) {
        await em.query(
          `INSERT INTO route_step (procedure_id, stage, step_code, name, agency_id, budget_unit, budget_amount)
           SELECT $1, $2, $3, $4, a.id, $6, $7 FROM agency a WHERE a.code = $5`,
          [p.id, s.stage, s.stepCode, s.name, s.agencyCode, s.budgetUnit, s.budgetAmount],
        );
      }
    }
    const agencies = await em.query<Array<{ id: string; code: string }>>(`SELECT id, code FROM agency`);
    for (const a of agencies) {
      await em.query(
        `INSERT INTO delivery_target (code, kind, agency_id, mode) VALUES ($1, 'agency', $2, $3)
         ON CONFLICT DO NOTHING`,
        [a.code, a.id, seed.modes[a.code] ?? 'inbox'],
      );
    }
    await em.query(
      `INSERT INTO delivery_target (code, kind, mode, active) VALUES ('national-portal', 'national_portal', 'push', false)
       ON CONFLICT DO NOTHING`,
    );
    for (const [kind, code, label, caseStatus] of seed.subStatuses) {
      await em.query(
        `INSERT INTO agency_sub_status (agency_kind, code, label, case_status) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [kind, code, label, caseStatus],
      );
    }
  });
}
