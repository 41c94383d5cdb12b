import type { AgencySeed } from '@app/agency';

/**
 * The demo directory: Thủy Biều ward (Huế) and the agencies its inter-agency procedures reach. The same electronic IDs
 * are the `agency` attributes of the Keycloak groups in keycloak/realm-motcua.json; keep both in step.
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
    name: 'Ủy ban nhân dân phường Thủy Biều',
    shortName: 'UBND phường Thủy Biều',
    level: 'commune',
    kind: 'people_committee',
    parentCode: '000.00.17.H56',
  },
  {
    code: '000.31.22.H56',
    name: 'Công an phường Thủy Biều',
    shortName: 'Công an phường',
    level: 'commune',
    kind: 'police',
    parentCode: '000.17.22.H56',
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
