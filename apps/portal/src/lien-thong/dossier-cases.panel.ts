import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { AgencyService } from '@app/agency';
import { AgencyCaseService } from '@app/routing';
import { type Lang } from '../i18n/messages';
import { formatDateTime, isoLocal } from '../dossiers/desk-format';
import { caseStatusTagClass } from './lien-thong-format';
import { translator } from '../web/page-kit';

export interface CasesPanelRow {
  id: string;
  round: number;
  stage: number;
  stepName: string;
  agencyName: string;
  status: string;
  statusClass: string;
  subStatus: string | null;
  dueAt: string;
  dueIso: string;
  overdue: boolean;
  completedAt: string;
  summary: string | null;
  returnReason: string | null;
  documents: Array<{ fileName: string; href: string }>;
}

/**
 * The "Liên thông" panel of the desk's dossier page: every case of the dossier (latest round first) with its agency,
 * step, status and sub-status, due time and the agency's result or return. Null when the dossier has none (or the
 * caller may not see them).
 */
@Injectable()
export class DossierCasesPanel {
  constructor(
    private readonly cases: AgencyCaseService,
    private readonly agencies: AgencyService,
  ) {}

  async forDossier(principal: Principal, dossierId: string, lang: Lang): Promise<{ rows: CasesPanelRow[] } | null> {
    const cases = await this.cases.casesOfDossier(principal, dossierId);
    if (cases.length === 0) return null;
    const names = new Map((await this.agencies.listActive()).map((a) => [a.code, a.name]));
    const t = translator(lang);
    return {
      rows: cases.map((c) => ({
        id: c.id,
        round: c.round,
        stage: c.stage,
        stepName: c.stepName,
        agencyName: names.get(c.agencyCode) ?? c.agencyCode,
        status: t(`lt.caseStatus.${c.status}`),
        statusClass: caseStatusTagClass(c.status),
        // The sector's wording of its sub-status, never its numeric code.
        subStatus:
          c.subStatus === null ? null : [c.subStatusLabel, c.subStatusNote].filter(Boolean).join(' – ') || null,
        dueAt: formatDateTime(c.dueAt),
        dueIso: isoLocal(c.dueAt),
        overdue: c.overdue,
        completedAt: formatDateTime(c.completedAt),
        summary: c.result?.summary ?? null,
        returnReason: c.returnReason,
        documents: (c.result?.documents ?? []).map((d) => ({
          fileName: d.fileName,
          href: `/api/v1/dossiers/${dossierId}/files/${d.fileId}`,
        })),
      })),
    };
  }
}
