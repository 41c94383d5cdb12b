import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@app/auth';
import { firstRow } from '@app/database';
import { DomainError, FieldProblem } from '@app/observability';
import { RegimeService } from '@app/regimes';
import { DOSSIER_DEADLINES, DossierDeadlines } from '../dossier-deadlines';
import { DOSSIER_CLOCK, DossierClock, documentKey } from '../dossier.service';
import { vietnamDate } from '../dossier-code';
import { DossierStatus, NATIONAL_STATUS_CODE } from '../dossier.lifecycle';
import { newLookupKey } from '../lookup-key';
import { offersProcedure } from '../dossier-offering';
import { DossierFileService, PreparedFile } from '../files/dossier-file.service';
import { NationalDossier, parseDongBoHoSoMC } from './dong-bo-ho-so';

export const NATIONAL_INTAKE_OPTIONS = Symbol('NATIONAL_INTAKE_OPTIONS');

export interface NationalIntakeOptions {
  enabled: boolean;
  /** The national portal's OAuth client: only its own service account files dossiers. */
  clientId: string;
  /** The one origin files are fetched from. */
  fileOrigin: string;
  fileTimeoutMs: number;
}

/** Who the arrival is attributed to on the dossier's trail. */
export const NATIONAL_PORTAL_ACTOR_NAME = 'Cổng Dịch vụ công quốc gia';

export type IntakeResult = 'created' | 'duplicate';

export interface IntakeAnswer {
  error_code: '0';
  message: string;
  results: Array<{ MaHoSo: string; result: IntakeResult; TrangThaiHoSo: string }>;
}

interface Resolved {
  index: number;
  dossier: NationalDossier;
  agencyId: string;
  versionId: string;
}

interface ExistingIntake {
  national_id: string;
  payload_sha256: string;
  status: DossierStatus;
}

/**
 * The inbound side of the national portal (NĐ 118/2025 Điều 17; docs/national-portal.md §5): a forwarded online
 * dossier becomes a submitted dossier of the receiving agency, its code the national `MaHoSo` (Điều 28), its files
 * fetched from the national portal and filed under their document codes, with the alert and receipt timers of the
 * regime in force when it was filed. Idempotent by `MaHoSo`: the same delivery again is answered again and writes
 * nothing; other content under the same id is refused. Every file is fetched and checked before anything is written,
 * and the whole request is one transaction.
 */
@Injectable()
export class NationalIntakeService {
  private readonly logger = new Logger(NationalIntakeService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DOSSIER_DEADLINES) private readonly deadlines: DossierDeadlines,
    private readonly regimes: RegimeService,
    private readonly files: DossierFileService,
    @Optional() @Inject(NATIONAL_INTAKE_OPTIONS) private readonly options?: NationalIntakeOptions | null,
    @Optional() @Inject(DOSSIER_CLOCK) private readonly clock: DossierClock = () => new Date(),
  ) {}

  get enabled(): boolean {
    return this.options?.enabled === true;
  }

  async file(principal: Principal, body: unknown, retried = false): Promise<IntakeAnswer> {
    const options = this.options;
    if (!options?.enabled)
      throw new DomainError('not_found', 'This deployment does not take dossiers from the national portal.');
    if (principal.kind !== 'service' || principal.clientId !== options.clientId) {
      throw new DomainError('forbidden', 'Only the national portal’s own service account files dossiers here.');
    }
    const now = this.clock();
    const parsed = parseDongBoHoSoMC(body, { now, fileOrigin: options.fileOrigin });
    if (!parsed.ok) throw invalid(parsed.problems);

    const existing = await this.existing(
      this.dataSource.manager,
      parsed.dossiers.map((d) => d.nationalId),
    );
    const fresh: Array<{ index: number; dossier: NationalDossier }> = [];
    const conflicts: FieldProblem[] = [];
    parsed.dossiers.forEach((dossier, index) => {
      const known = existing.get(dossier.nationalId);
      if (!known) fresh.push({ index, dossier });
      else if (known.payload_sha256 !== dossier.digest) {
        conflicts.push({
          field: `data[${index}].MaHoSo`,
          messages: ['was already filed with other content; a filed dossier is changed through its own workflow'],
          code: 'taken',
        });
      }
    });
    if (conflicts.length > 0) {
      throw new DomainError('conflict', conflicts.map((c) => `${c.field} ${c.messages[0]}`).join('; '), {
        errors: conflicts,
      });
    }
    const resolved = await this.resolve(fresh, now);
    const files = await this.fetchAll(resolved, options);
    const created: string[] = [];
    try {
      await this.dataSource.transaction(async (em) => {
        for (const r of resolved) await this.write(em, principal, r, files.get(r.index) ?? [], now, created);
      });
    } catch (err) {
      await this.files.discardUnreferenced(created);
      if (isUniqueViolation(err) && !retried) {
        // Another delivery of the same dossier won the race: answer as for a repeated delivery, or refuse other content.
        return this.file(principal, body, true);
      }
      throw err;
    }
    const createdIds = new Set(resolved.map((r) => r.dossier.nationalId));
    if (resolved.length > 0) {
      this.logger.log({ dossiers: [...createdIds] }, 'dossiers filed by the national portal');
    }
    return {
      error_code: '0',
      message:
        resolved.length === parsed.dossiers.length
          ? 'Đã tiếp nhận hồ sơ.'
          : 'Đã tiếp nhận; hồ sơ đã có được bỏ qua (gửi lặp).',
      results: parsed.dossiers.map((d) => ({
        MaHoSo: d.nationalId,
        result: createdIds.has(d.nationalId) ? 'created' : 'duplicate',
        // A new dossier is "1"; a repeated one answers with the status it had when this request read it.
        TrangThaiHoSo: String(NATIONAL_STATUS_CODE[existing.get(d.nationalId)?.status ?? 'submitted'] ?? 1),
      })),
    };
  }

  private async existing(em: EntityManager, ids: readonly string[]): Promise<Map<string, ExistingIntake>> {
    const rows = await em.query<ExistingIntake[]>(
      `SELECT i.national_id, i.payload_sha256, d.status
         FROM dossier_national_intake i JOIN dossier d ON d.id = i.dossier_id
        WHERE i.national_id = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.national_id, r]));
  }

  /**
   * The receiving agency (active, by its electronic ID), the procedure version in force on the filing day that the
   * agency offers online, and the document codes of that version; every problem named by its field.
   */
  private async resolve(fresh: Array<{ index: number; dossier: NationalDossier }>, now: Date): Promise<Resolved[]> {
    const problems: FieldProblem[] = [];
    const out: Resolved[] = [];
    const em = this.dataSource.manager;
    for (const { index, dossier } of fresh) {
      const path = `data[${index}]`;
      const [taken] = await em.query<unknown[]>(`SELECT 1 FROM dossier WHERE code = $1`, [dossier.nationalId]);
      if (taken) {
        problems.push({ field: `${path}.MaHoSo`, messages: ['is already the code of another dossier'], code: 'taken' });
      }
      const [agency] = await em.query<Array<{ id: string; kind: string; level: string }>>(
        `SELECT id, kind, level FROM agency WHERE code = $1 AND active`,
        [dossier.agencyCode],
      );
      if (!agency) {
        problems.push({ field: `${path}.DonViXuLy`, messages: [`is not an active agency of this system`] });
        continue;
      }
      const [version] = await em.query<
        Array<{ id: string; channels: number[]; implementing_agency: string; required_documents: unknown }>
      >(
        `SELECT v.id, v.channels, v.implementing_agency, v.required_documents
           FROM procedure_version v JOIN procedure p ON p.id = v.procedure_id
          WHERE p.code = $1 AND v.status = 'published' AND v.effective_from <= $2
            AND (v.effective_to IS NULL OR v.effective_to >= $2)`,
        [dossier.procedureCode, vietnamDate(dossier.filedAt < now ? dossier.filedAt : now)],
      );
      if (!version) {
        problems.push({ field: `${path}.MaTTHC`, messages: ['is not a procedure in force on the filing day'] });
        continue;
      }
      if (!offersProcedure(agency, version.implementing_agency)) {
        problems.push({ field: `${path}.MaTTHC`, messages: [`is not a procedure of agency ${dossier.agencyCode}`] });
        continue;
      }
      if (!version.channels.map(Number).includes(2)) {
        problems.push({ field: `${path}.MaTTHC`, messages: ['is not offered online'] });
        continue;
      }
      const docs = Array.isArray(version.required_documents)
        ? (version.required_documents as Array<{ code?: string }>)
        : [];
      const keys = new Set(docs.map((d, i) => documentKey(d, i)));
      dossier.documents.forEach((d) => {
        if (!keys.has(d.documentCode)) {
          problems.push({
            field: d.field.replace(/DuongDanTaiTepTin$/, 'MaThanhPhanHoSo'),
            messages: [`is not a document of procedure ${dossier.procedureCode} (${[...keys].join(', ')})`],
          });
        }
      });
      if (dossier.documents.length > this.files.maxFilesPerDossier) {
        problems.push({
          field: `${path}.TaiLieuNop`,
          messages: [`must list at most ${this.files.maxFilesPerDossier} files`],
          code: 'too_many',
        });
      }
      out.push({ index, dossier, agencyId: agency.id, versionId: version.id });
    }
    if (problems.length > 0) throw invalid(problems);
    return out;
  }

  /** Every file of every new dossier, fetched and checked before anything is written. */
  private async fetchAll(resolved: readonly Resolved[], options: NationalIntakeOptions) {
    const problems: FieldProblem[] = [];
    const fetched: Array<{ index: number; field: string; documentCode: string; fileName: string; content: Buffer }> =
      [];
    for (const r of resolved) {
      for (const doc of r.dossier.documents) {
        const got = await fetchFile(doc.url, options.fileTimeoutMs, this.files.maxFileBytes);
        if ('problem' in got) problems.push({ field: doc.field, messages: [got.problem] });
        else
          fetched.push({
            index: r.index,
            field: doc.field,
            documentCode: doc.documentCode,
            fileName: doc.fileName,
            content: got.content,
          });
      }
    }
    if (problems.length > 0) {
      throw new DomainError('unprocessable', problems.map((p) => `${p.field} ${p.messages[0]}`).join('; '), {
        errors: problems,
      });
    }
    const prepared = await this.files.prepare(
      fetched.map((f) => ({
        field: f.field,
        originalName: f.fileName,
        content: f.content,
        documentCode: f.documentCode,
      })),
    );
    const byDossier = new Map<number, PreparedFile[]>();
    prepared.forEach((p, i) => {
      const index = fetched[i]?.index ?? -1;
      byDossier.set(index, [...(byDossier.get(index) ?? []), p]);
    });
    return byDossier;
  }

  private async write(
    em: EntityManager,
    principal: Principal,
    r: Resolved,
    files: readonly PreparedFile[],
    now: Date,
    created: string[],
  ): Promise<void> {
    const d = r.dossier;
    // Điều 17 khoản 2: the desk is told within hours of the national portal's acknowledgement to the applicant
    // (NgayTiepNhan), and answers within working hours of this system's receiving it (now).
    const regime = await this.regimes.at(now, em);
    const { onlineAlertHours, onlineReceiptWorkingHours } = regime.rules;
    const receiptDueAt =
      onlineReceiptWorkingHours === null
        ? null
        : await this.deadlines.workingHoursAfter(em, now, onlineReceiptWorkingHours);
    const alertDueAt = onlineAlertHours === null ? null : new Date(d.filedAt.getTime() + onlineAlertHours * 3600_000);
    const dossier = firstRow(
      await em.query<Array<{ id: string }>>(
        `INSERT INTO dossier (code, status, channel, agency_id, procedure_version_id, owner_subject, applicant, form_data,
                              lookup_key, submitted_at, created_by_subject)
         VALUES ($1, 'submitted', 2, $2, $3, NULL, $4, '{}', $5, $6, $7) RETURNING id`,
        [d.nationalId, r.agencyId, r.versionId, d.applicant, newLookupKey(), d.filedAt, principal.subject],
      ),
      'dossier',
    );
    await em.query(
      `INSERT INTO dossier_event (dossier_id, action, from_status, to_status, actor_subject, actor_username, actor_name,
                                  actor_role, actor_agency, data, occurred_at)
       VALUES ($1, 'national_intake', NULL, 'submitted', $2, $3, $4, 'system', NULL, $5, $6)`,
      [
        dossier.id,
        principal.subject,
        principal.username,
        NATIONAL_PORTAL_ACTOR_NAME,
        {
          channel: 2,
          nationalId: d.nationalId,
          filedAt: d.filedAt.toISOString(),
          regime: regime.code,
          files: files.length,
          ...(receiptDueAt
            ? { receiptDueAt: receiptDueAt.toISOString(), receiptBasis: regime.bases.onlineReceiptWorkingHours }
            : {}),
        },
        now,
      ],
    );
    await em.query(
      `INSERT INTO dossier_national_intake (dossier_id, national_id, payload_sha256, payload, fees, filed_at, arrived_at,
                                            regime_code, alert_due_at, receipt_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        dossier.id,
        d.nationalId,
        d.digest,
        d.payload,
        JSON.stringify(d.fees),
        d.filedAt,
        now,
        regime.code,
        alertDueAt,
        receiptDueAt,
      ],
    );
    await this.files.attachWithin(em, dossier.id, 'application', files, principal.subject, created);
  }
}

function invalid(problems: FieldProblem[]): DomainError {
  return new DomainError('validation_failed', problems.map((p) => `${p.field} ${p.messages.join(', ')}`).join('; '), {
    errors: problems,
  });
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e.code === '23505' || e.driverError?.code === '23505';
}

/**
 * One file from the national portal: a plain GET on the configured origin, no redirects followed (an address that
 * moves elsewhere is refused rather than followed off the origin), within the time and size limits.
 */
async function fetchFile(
  url: string,
  timeoutMs: number,
  maxBytes: number,
): Promise<{ content: Buffer } | { problem: string }> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError';
    return { problem: timedOut ? `could not be fetched within ${timeoutMs} ms` : 'could not be fetched (no answer)' };
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    return { problem: `could not be fetched: the national portal answered ${res.status}` };
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return { problem: `is larger than ${maxBytes} bytes` };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = (res.body as ReadableStream<Uint8Array> | null)?.getReader();
  try {
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      const chunk: Uint8Array = next.value;
      size += chunk.byteLength;
      if (size > maxBytes) {
        await reader?.cancel().catch(() => undefined);
        return { problem: `is larger than ${maxBytes} bytes` };
      }
      chunks.push(Buffer.from(chunk));
    }
  } catch {
    return { problem: 'could not be fetched completely' };
  }
  return { content: Buffer.concat(chunks) };
}
