import { AgencyKind, AgencyLevel } from './agency.entity';

/** An agency as seed data (the directory is loaded with `AgencyService.upsertDirectory`). */
export interface AgencySeed {
  code: string;
  name: string;
  shortName: string;
  level: AgencyLevel;
  kind: AgencyKind;
  parentCode: string | null;
}
