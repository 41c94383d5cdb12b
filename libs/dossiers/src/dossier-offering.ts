/**
 * Where a procedure is offered: the procedure version's implementing agency ("UBND cấp xã", "Công an cấp xã",
 * "Cơ quan đăng ký kinh doanh cấp huyện"; for a group, the lead one comes first) names a kind of agency and a level
 * of government. A dossier can be opened only at an agency of that kind and level, so a citizen cannot file a
 * ward's procedure at the police or the province.
 */
export interface OfferingAgency {
  kind: 'people_committee' | 'police' | 'social_insurance';
  level: 'commune' | 'district' | 'province';
}

const LEVELS: ReadonlyArray<[RegExp, OfferingAgency['level']]> = [
  [/cấp xã|cấp phường|\bxã\b|\bphường\b|thị trấn/iu, 'commune'],
  [/cấp huyện|\bhuyện\b|\bquận\b|thị xã/iu, 'district'],
  [/cấp tỉnh|\btỉnh\b/iu, 'province'],
];

const KINDS: ReadonlyArray<[RegExp, OfferingAgency['kind']]> = [
  [/^\s*(UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Chủ tịch)/iu, 'people_committee'],
  // The business registration office is a unit of the district people's committee.
  [/^\s*(Cơ quan|Phòng) (đăng ký kinh doanh|Tài chính - Kế hoạch)/iu, 'people_committee'],
  [/^\s*Công an/iu, 'police'],
  [/^\s*(Bảo hiểm xã hội|BHXH)/iu, 'social_insurance'],
];

/** The kind and level of agency that offers the procedure, or null when the text names neither (no restriction). */
export function offeringAgencyOf(implementingAgency: string): OfferingAgency | null {
  const lead = implementingAgency.split(';')[0] ?? '';
  const kind = KINDS.find(([re]) => re.test(lead))?.[1];
  const level = LEVELS.find(([re]) => re.test(lead))?.[1];
  return kind && level ? { kind, level } : null;
}

export function offersProcedure(agency: { kind: string; level: string }, implementingAgency: string): boolean {
  const offering = offeringAgencyOf(implementingAgency);
  return offering === null || (offering.kind === agency.kind && offering.level === agency.level);
}

/** The province of an electronic ID: its last part (`000.17.22.H56` → `H56`). */
export function provinceOf(agencyCode: string): string {
  return agencyCode.split('.').pop() ?? '';
}

/**
 * The agencies a desk may receive a procedure for while another decides it (NĐ 118/2025 Điều 14 khoản 2): active
 * agencies of the desk's province, of the kind and level that decide the procedure, other than the desk's own.
 */
export function decidingAgencyChoices<A extends { code: string; kind: string; level: string; active: boolean }>(
  agencies: readonly A[],
  receivingCode: string,
  implementingAgency: string,
): A[] {
  return agencies.filter(
    (a) =>
      a.active &&
      a.code !== receivingCode &&
      provinceOf(a.code) === provinceOf(receivingCode) &&
      offersProcedure(a, implementingAgency),
  );
}
