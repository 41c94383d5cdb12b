import { AgencyKind, AgencyLevel } from './agency.entity';

/** A name an agency bore before its current one, with the period and the act behind the change. */
export interface AgencyNamePeriod {
  /** First day (null: since before the directory's records) and last day, inclusive, Vietnam dates. */
  validFrom: string | null;
  validTo: string;
  name: string;
  shortName: string | null;
  /** The administrative unit it governed then (QĐ 19/2025/QĐ-TTg codes and their predecessors), or null. */
  adminUnitCode: string | null;
  /** The act that ended the period, e.g. "NQ 1675/NQ-UBTVQH15, Điều 1 khoản 17". */
  basis: string;
  /**
   * The body it stood under in that period, as named then, when that was not its current parent (e.g. a district
   * abolished since); absent: its current parent, under the name that parent bore on the day.
   */
  parentName?: string | null;
}

/** An agency as seed data (the directory is loaded with `AgencyService.upsertDirectory`). */
export interface AgencySeed {
  code: string;
  name: string;
  shortName: string;
  level: AgencyLevel;
  kind: AgencyKind;
  parentCode: string | null;
  /** The administrative unit the agency governs (5-digit commune code, 2-digit province code), if any. */
  adminUnitCode?: string | null;
  /** First and last day the agency exists (null: since before the records, or still). */
  validFrom?: string | null;
  validTo?: string | null;
  /** The agency that took over its work when it ceased (a merger), named by electronic ID. */
  successorCode?: string | null;
  /** Receives dossiers now (false for an agency that ceased). Defaults to true. */
  active?: boolean;
  /** Its earlier names, oldest first. */
  history?: readonly AgencyNamePeriod[];
}
