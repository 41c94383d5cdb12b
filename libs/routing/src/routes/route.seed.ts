import type { DataSource } from 'typeorm';
import type { RouteStepInput } from '../routing.types';

/**
 * The real inter-agency groups (QĐ 296/QĐ-VPCP): birth + permanent residence + health card for a child under six
 * (residence and health card in parallel, each within 2 working days), and death + removal of permanent residence
 * + funeral allowance (one after the other). Budgets stay inside the procedures' legal limits.
 */
export const SEED_ROUTES: Readonly<Record<string, readonly RouteStepInput[]>> = {
  'LT.KS-TT-BHYT': [
    {
      stage: 1,
      stepCode: 'thuong-tru',
      name: 'Đăng ký thường trú cho trẻ',
      agencyCode: '000.31.22.H56',
      budgetUnit: 'working_days',
      budgetAmount: 2,
    },
    {
      stage: 1,
      stepCode: 'the-bhyt',
      name: 'Cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi',
      agencyCode: '000.40.17.H56',
      budgetUnit: 'working_days',
      budgetAmount: 2,
    },
  ],
  'LT.KT-XTT-MTP': [
    {
      stage: 1,
      stepCode: 'xoa-thuong-tru',
      name: 'Xóa đăng ký thường trú',
      agencyCode: '000.31.22.H56',
      budgetUnit: 'working_days',
      budgetAmount: 2,
    },
    {
      stage: 2,
      stepCode: 'mai-tang-phi',
      name: 'Giải quyết mai táng phí, tử tuất',
      agencyCode: '000.40.17.H56',
      budgetUnit: 'working_days',
      budgetAmount: 3,
    },
  ],
};

/** How each demo agency receives cases: the police's system pulls, social insurance works in the portal inbox. */
const SEED_MODES: Readonly<Record<string, 'push' | 'pull' | 'inbox'>> = {
  '000.31.22.H56': 'pull',
  '000.40.17.H56': 'inbox',
};

/** Sector sub-statuses an agency reports, mapped to case statuses (the result and the return are calls of their own). */
const SEED_SUB_STATUSES: ReadonlyArray<[kind: string, code: string, label: string, caseStatus: string]> = [
  ['police', '1', 'Đã tiếp nhận hồ sơ đăng ký cư trú', 'acknowledged'],
  ['police', '2', 'Cần bổ sung thông tin cư trú', 'needs_supplement'],
  ['police', '3', 'Đủ điều kiện, đang giải quyết', 'in_progress'],
  ['social_insurance', '1', 'Đã tiếp nhận hồ sơ cấp thẻ', 'acknowledged'],
  ['social_insurance', '2', 'Cần bổ sung thông tin', 'needs_supplement'],
  ['social_insurance', '3', 'Đang in thẻ, giải quyết chế độ', 'in_progress'],
  ['people_committee', '1', 'Đã tiếp nhận', 'acknowledged'],
  ['people_committee', '2', 'Cần bổ sung', 'needs_supplement'],
  ['people_committee', '3', 'Đủ điều kiện, đang giải quyết', 'in_progress'],
  ['justice', '1', 'Đã tiếp nhận', 'acknowledged'],
  ['justice', '2', 'Cần bổ sung', 'needs_supplement'],
  ['justice', '3', 'Đủ điều kiện, đang giải quyết', 'in_progress'],
  ['tax', '1', 'Đã tiếp nhận', 'acknowledged'],
  ['tax', '2', 'Cần bổ sung', 'needs_supplement'],
  ['tax', '3', 'Đang xác định nghĩa vụ tài chính', 'in_progress'],
  ['other', '1', 'Đã tiếp nhận', 'acknowledged'],
  ['other', '2', 'Cần bổ sung', 'needs_supplement'],
  ['other', '3', 'Đang giải quyết', 'in_progress'],
];

/**
 * Seeds routes, delivery targets and sub-statuses. Idempotent and never overrides an administrator: a procedure that
 * already has a route, an agency that already has a target and a known sub-status are left as they are.
 */
export async function seedRouting(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (em) => {
    for (const [procedureCode, steps] of Object.entries(SEED_ROUTES)) {
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
        [a.code, a.id, SEED_MODES[a.code] ?? 'inbox'],
      );
    }
    await em.query(
      `INSERT INTO delivery_target (code, kind, mode, active) VALUES ('national-portal', 'national_portal', 'push', false)
       ON CONFLICT DO NOTHING`,
    );
    for (const [kind, code, label, caseStatus] of SEED_SUB_STATUSES) {
      await em.query(
        `INSERT INTO agency_sub_status (agency_kind, code, label, case_status) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [kind, code, label, caseStatus],
      );
    }
  });
}
