import type { AgencySeed } from '@app/agency';

/** The merger of Thủy Biều, Thủy Bằng and Thủy Xuân into the new phường Thủy Xuân, in force 01/07/2025. */
export const MERGER_BASIS = 'Nghị quyết 1675/NQ-UBTVQH15, Điều 1 khoản 17';
/** The merger of Long Hồ, Hương Long and Kim Long into the new phường Kim Long, in force 01/07/2025. */
const KIM_LONG_BASIS = 'Nghị quyết 1675/NQ-UBTVQH15';
/** Thừa Thiên Huế became thành phố Huế, centrally governed, on 01/01/2025. */
const CITY_BASIS = 'Nghị quyết 175/2024/QH15';
/** The district-level thành phố Huế was split into quận Phú Xuân and quận Thuận Hóa on 01/01/2025. */
const DISTRICTS_BASIS = 'Nghị quyết 1314/NQ-UBTVQH15';
const MERGED_ON = '2025-07-01';
const LAST_DAY_BEFORE = '2025-06-30';
const LAST_DAY_OF_PROVINCE = '2024-12-31';
const FIRST_DAY_OF_CITY = '2025-01-01';
const HUE_DISTRICT = 'Ủy ban nhân dân thành phố Huế';
const THUAN_HOA = 'Ủy ban nhân dân quận Thuận Hóa';
const PHU_XUAN = 'Ủy ban nhân dân quận Phú Xuân';

/**
 * The demo directory: thành phố Huế (a province-level city since 01/01/2025) with two of its wards as they stand since
 * local government lost its district tier on 01/07/2025 — phường Thủy Xuân, formed from Thủy Biều, Thủy Bằng and Thủy
 * Xuân, and phường Kim Long, formed from Long Hồ, Hương Long and Kim Long — and the agencies their inter-agency
 * procedures reach. Each ward keeps the electronic ID one of its predecessors' committees used (its earlier names
 * kept with their periods, so the papers of dossiers received before the merger still name that committee and the
 * district above it); the other predecessors ceased, with the new ward as their successor. Between 01/01 and
 * 30/06/2025 the wards stood under quận Thuận Hóa and quận Phú Xuân, before that under the district-level thành phố
 * Huế: those districts are names on the periods (the district-level city stays as an inactive record, for the
 * dossiers of its time). Unit codes: QĐ 19/2025/QĐ-TTg (new) and the statistics office's list of 01/03/2025 (old);
 * electronic IDs are illustrative, in the format of QĐ 20/2020/QĐ-TTg; see docs/law-2025.md §6. The same electronic IDs
 * are the `agency` attributes of the Keycloak groups in keycloak/realm-motcua.json; keep both in step. Parents come
 * before children.
 */
export const DEMO_AGENCIES: readonly AgencySeed[] = [
  {
    code: '000.00.00.H56',
    name: 'Ủy ban nhân dân thành phố Huế',
    shortName: 'UBND thành phố Huế',
    level: 'province',
    kind: 'people_committee',
    parentCode: null,
    adminUnitCode: '46',
    history: [
      {
        validFrom: null,
        validTo: LAST_DAY_OF_PROVINCE,
        name: 'Ủy ban nhân dân tỉnh Thừa Thiên Huế',
        shortName: 'UBND tỉnh Thừa Thiên Huế',
        adminUnitCode: '46',
        basis: CITY_BASIS,
      },
    ],
  },
  {
    code: '000.00.17.H56',
    name: HUE_DISTRICT,
    shortName: 'UBND TP Huế (cấp huyện, đến 31/12/2024)',
    level: 'district',
    kind: 'people_committee',
    parentCode: '000.00.00.H56',
    validTo: LAST_DAY_OF_PROVINCE,
    active: false,
  },
  {
    code: '000.17.22.H56',
    name: 'Ủy ban nhân dân phường Thủy Xuân',
    shortName: 'UBND phường Thủy Xuân',
    level: 'commune',
    kind: 'people_committee',
    parentCode: '000.00.00.H56',
    adminUnitCode: '19813',
    validFrom: MERGED_ON,
    history: [
      {
        validFrom: null,
        validTo: LAST_DAY_OF_PROVINCE,
        name: 'Ủy ban nhân dân phường Thủy Biều',
        shortName: 'UBND phường Thủy Biều',
        adminUnitCode: '19807',
        basis: DISTRICTS_BASIS,
        parentName: HUE_DISTRICT,
      },
      {
        validFrom: FIRST_DAY_OF_CITY,
        validTo: LAST_DAY_BEFORE,
        name: 'Ủy ban nhân dân phường Thủy Biều',
        shortName: 'UBND phường Thủy Biều',
        adminUnitCode: '19807',
        basis: MERGER_BASIS,
        parentName: THUAN_HOA,
      },
    ],
  },
  {
    code: '000.18.22.H56',
    name: 'Ủy ban nhân dân phường Thủy Xuân',
    shortName: 'UBND phường Thủy Xuân (trước 01/07/2025)',
    level: 'commune',
    kind: 'people_committee',
    parentCode: '000.00.00.H56',
    adminUnitCode: '19813',
    validTo: LAST_DAY_BEFORE,
    successorCode: '000.17.22.H56',
    active: false,
    history: [
      {
        validFrom: null,
        validTo: LAST_DAY_OF_PROVINCE,
        name: 'Ủy ban nhân dân phường Thủy Xuân',
        shortName: 'UBND phường Thủy Xuân',
        adminUnitCode: '19813',
        basis: DISTRICTS_BASIS,
        parentName: HUE_DISTRICT,
      },
      {
        validFrom: FIRST_DAY_OF_CITY,
        validTo: LAST_DAY_BEFORE,
        name: 'Ủy ban nhân dân phường Thủy Xuân',
        shortName: 'UBND phường Thủy Xuân',
        adminUnitCode: '19813',
        basis: MERGER_BASIS,
        parentName: THUAN_HOA,
      },
    ],
  },
  {
    code: '000.19.22.H56',
    name: 'Ủy ban nhân dân phường Thủy Bằng',
    shortName: 'UBND phường Thủy Bằng',
    level: 'commune',
    kind: 'people_committee',
    parentCode: '000.00.00.H56',
    adminUnitCode: '19981',
    validTo: LAST_DAY_BEFORE,
    successorCode: '000.17.22.H56',
    active: false,
    history: [
      {
        validFrom: null,
        validTo: LAST_DAY_OF_PROVINCE,
        name: 'Ủy ban nhân dân xã Thủy Bằng',
        shortName: 'UBND xã Thủy Bằng',
        adminUnitCode: '19981',
        basis: DISTRICTS_BASIS,
        parentName: HUE_DISTRICT,
      },
      {
        validFrom: FIRST_DAY_OF_CITY,
        validTo: LAST_DAY_BEFORE,
        name: 'Ủy ban nhân dân phường Thủy Bằng',
        shortName: 'UBND phường Thủy Bằng',
        adminUnitCode: '19981',
        basis: MERGER_BASIS,
        parentName: THUAN_HOA,
      },
    ],
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
    code: '000.20.22.H56',
    name: 'Ủy ban nhân dân phường Kim Long',
    shortName: 'UBND phường Kim Long',
    level: 'commune',
    kind: 'people_committee',
    parentCode: '000.00.00.H56',
    adminUnitCode: '19774',
    validFrom: MERGED_ON,
    history: [
      {
        validFrom: null,
        validTo: LAST_DAY_OF_PROVINCE,
        name: 'Ủy ban nhân dân phường Kim Long',
        shortName: 'UBND phường Kim Long',
        adminUnitCode: '19774',
        basis: DISTRICTS_BASIS,
        parentName: HUE_DISTRICT,
      },
      {
        validFrom: FIRST_DAY_OF_CITY,
        validTo: LAST_DAY_BEFORE,
        name: 'Ủy ban nhân dân phường Kim Long',
        shortName: 'UBND phường Kim Long',
        adminUnitCode: '19774',
        basis: KIM_LONG_BASIS,
        parentName: PHU_XUAN,
      },
    ],
  },
  {
    code: '000.40.17.H56',
    name: 'Bảo hiểm xã hội thành phố Huế',
    shortName: 'BHXH TP Huế',
    level: 'province',
    kind: 'social_insurance',
    parentCode: '000.00.00.H56',
  },
];
