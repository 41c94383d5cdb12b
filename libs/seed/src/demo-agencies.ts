import type { AgencySeed } from '@app/agency';

/** The merger of Thủy Biều, Thủy Bằng and Thủy Xuân into the new phường Thủy Xuân, in force 01/07/2025. */
export const MERGER_BASIS = 'Nghị quyết 1675/NQ-UBTVQH15, Điều 1 khoản 17';
const MERGED_ON = '2025-07-01';
const LAST_DAY_BEFORE = '2025-06-30';

/**
 * The demo directory: phường Thủy Xuân (Huế) — formed on 01/07/2025 from Thủy Biều, Thủy Bằng and Thủy Xuân — and
 * the agencies its inter-agency procedures reach. The demo ward's electronic ID is the one Thủy Biều's committee
 * used, carried on by the new ward (its earlier name kept with its period, so the papers of dossiers received before
 * the merger still name Thủy Biều); the other two committees ceased, with the new ward as their successor. Unit codes:
 * QĐ 19/2025/QĐ-TTg (new) and the statistics office's list of 01/03/2025 (old); see docs/law-2025.md §6. The same
 * electronic IDs are the `agency` attributes of the Keycloak groups in keycloak/realm-motcua.json; keep both in step.
 * Parents come before children.
 */
export const DEMO_AGENCIES: readonly AgencySeed[] = [
  {
    code: '000.00.00.H56',
    name: 'Ủy ban nhân dân tỉnh Thừa Thiên Huế',
    shortName: 'UBND tỉnh',
    level: 'province',
    kind: 'people_committee',
    parentCode: null,
  },
  {
    code: '000.00.17.H56',
    name: 'Ủy ban nhân dân thành phố Huế',
    shortName: 'UBND TP Huế',
    level: 'district',
    kind: 'people_committee',
    parentCode: '000.00.00.H56',
  },
  {
    code: '000.17.22.H56',
    name: 'Ủy ban nhân dân phường Thủy Xuân',
    shortName: 'UBND phường Thủy Xuân',
    level: 'commune',
    kind: 'people_committee',
    parentCode: '000.00.17.H56',
    adminUnitCode: '19813',
    validFrom: MERGED_ON,
    history: [
      {
        validFrom: null,
        validTo: LAST_DAY_BEFORE,
        name: 'Ủy ban nhân dân phường Thủy Biều',
        shortName: 'UBND phường Thủy Biều',
        adminUnitCode: '19807',
        basis: MERGER_BASIS,
      },
    ],
  },
  {
    code: '000.18.22.H56',
    name: 'Ủy ban nhân dân phường Thủy Xuân',
    shortName: 'UBND phường Thủy Xuân (trước 01/07/2025)',
    level: 'commune',
    kind: 'people_committee',
    parentCode: '000.00.17.H56',
    adminUnitCode: '19813',
    validTo: LAST_DAY_BEFORE,
    successorCode: '000.17.22.H56',
    active: false,
  },
  {
    code: '000.19.22.H56',
    name: 'Ủy ban nhân dân phường Thủy Bằng',
    shortName: 'UBND phường Thủy Bằng',
    level: 'commune',
    kind: 'people_committee',
    parentCode: '000.00.17.H56',
    adminUnitCode: '19981',
    validTo: LAST_DAY_BEFORE,
    successorCode: '000.17.22.H56',
    active: false,
  },
  {
    code: '000.31.22.H56',
    name: 'Công an phường Thủy Xuân',
    shortName: 'Công an phường',
    level: 'commune',
    kind: 'police',
    parentCode: '000.17.22.H56',
    validFrom: MERGED_ON,
    history: [
      {
        validFrom: null,
        validTo: LAST_DAY_BEFORE,
        name: 'Công an phường Thủy Biều',
        shortName: 'Công an phường',
        adminUnitCode: null,
        basis: MERGER_BASIS,
      },
    ],
  },
  {
    code: '000.40.17.H56',
    name: 'Bảo hiểm xã hội thành phố Huế',
    shortName: 'BHXH TP Huế',
    level: 'district',
    kind: 'social_insurance',
    parentCode: '000.00.17.H56',
  },
];
