import type { DataSource } from 'typeorm';
import { insertRoutingSeed, RouteStepInput, RoutingSeed } from '@app/routing';

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
export const SEED_MODES: RoutingSeed['modes'] = {
  '000.31.22.H56': 'pull',
  '000.40.17.H56': 'inbox',
};

/** Sector sub-statuses an agency reports, mapped to case statuses (the result and the return are calls of their own). */
export const SEED_SUB_STATUSES: RoutingSeed['subStatuses'] = [
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
 * Seeds the demo's routes, delivery targets and sub-statuses. Idempotent and never overrides an administrator: a
 * procedure that already has a route, an agency that already has a target and a known sub-status are left as they are.
 */
export function seedRouting(dataSource: DataSource): Promise<void> {
  return insertRoutingSeed(dataSource, { routes: SEED_ROUTES, modes: SEED_MODES, subStatuses: SEED_SUB_STATUSES });
}
