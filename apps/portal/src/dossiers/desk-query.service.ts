import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { DossierStatus, staffAgencyOf } from '@app/dossiers';
import type { FormSchema } from '@app/procedures';

export interface SpecialistOption {
  subject: string;
  name: string;
}

export interface VersionFacts {
  procedureCode: string;
  procedureName: string;
  formSchema: FormSchema;
  requiredDocuments: Array<{ code?: string; name: string; required?: boolean }>;
}

/** The narrow reads the staff pages need beyond the dossier services: counts, own work, specialists, the form. */
@Injectable()
export class DeskQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Dossiers of the caller's agency per status (citizens' drafts are never counted). */
  async countsByStatus(principal: Principal): Promise<Partial<Record<DossierStatus, number>>> {
    const agency = staffAgencyOf(principal);
    const rows = await this.dataSource.query<Array<{ status: DossierStatus; n: number }>>(
      `SELECT d.status, count(*)::int AS n FROM dossier d JOIN agency a ON a.id = d.agency_id
        WHERE a.code = $1 AND d.status <> 'draft' GROUP BY d.status`,
      [agency],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Specialists of an agency who have signed in at least once (their subject is known only then). */
  async listSpecialists(agencyCode: string): Promise<SpecialistOption[]> {
    const rows = await this.dataSource.query<Array<{ subject: string; name: string }>>(
      `SELECT u.subject, COALESCE(u.full_name, u.username) AS name
         FROM user_profile u JOIN agency a ON a.id = u.agency_id
        WHERE a.code = $1 AND 'specialist' = ANY (u.roles)
        ORDER BY u.full_name NULLS LAST, u.username`,
      [agencyCode],
    );
    return rows;
  }

  /** The display name of a user by subject, if they have signed in. */
  async nameOf(subject: string): Promise<string | null> {
    const [row] = await this.dataSource.query<Array<{ name: string }>>(
      `SELECT COALESCE(full_name, username) AS name FROM user_profile WHERE subject = $1`,
      [subject],
    );
    return row?.name ?? null;
  }

  /** The procedure version a dossier was opened under: its name, e-form and required documents. */
  async versionFacts(versionId: string): Promise<VersionFacts> {
    const [row] = await this.dataSource.query<
      Array<{
        procedure_code: string;
        procedure_name: string;
        form_schema: FormSchema | null;
        required_documents: VersionFacts['requiredDocuments'] | null;
      }>
    >(
      `SELECT p.code AS procedure_code, p.name AS procedure_name, v.form_schema, v.required_documents
         FROM procedure_version v JOIN procedure p ON p.id = v.procedure_id WHERE v.id = $1`,
      [versionId],
    );
    return {
      procedureCode: row.procedure_code,
      procedureName: row.procedure_name,
      formSchema: row.form_schema ?? { fields: [] },
      requiredDocuments: row.required_documents ?? [],
    };
  }

  /** Whether the dossier has an approved apology (Mẫu 04) and whether a supplement was ever requested (Mẫu 02). */
  async formFacts(dossierId: string): Promise<{ apologyApproved: boolean; supplementRequested: boolean }> {
    const [row] = await this.dataSource.query<Array<{ apology: boolean; supplement: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM dossier_apology WHERE dossier_id = $1 AND status = 'approved') AS apology,
              EXISTS (SELECT 1 FROM dossier_event WHERE dossier_id = $1 AND action = 'request_supplement') AS supplement`,
      [dossierId],
    );
    return { apologyApproved: row.apology, supplementRequested: row.supplement };
  }
}
