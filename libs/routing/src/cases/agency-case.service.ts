import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@app/auth';
import { firstRow } from '@app/database';
import { DomainError, FieldProblem } from '@app/observability';
import {
  DEFAULT_UPLOAD_LIMITS,
  detectAcceptedType,
  DossierService,
  FILE_STORE,
  FileStore,
  fileNameProblem,
  sanitizeFileName,
} from '@app/dossiers';
import { appendExchange } from '../exchange-log/exchange-log';
import type { AgencyCaseDetail, AgencyCaseStatus, AgencyCaseView, CaseDocument } from '../routing.types';
import { OPEN_CASE_STATUSES } from '../routing.types';
import { CaseFlow } from './case-flow.service';
import { actorOf, auditOnDossier, notify } from './case-records';
import { CaseRow, caseDetail, caseView, loadCase, SELECT_CASE } from './case-view';
import { requestHash, runOnce, StoredAnswer } from './idempotency';

export type AnswerOutcome = StoredAnswer<AgencyCaseView>;

const LIST_FILTERS: Readonly<Record<'new' | 'open' | 'closed' | 'all', readonly AgencyCaseStatus[]>> = {
  new: ['new'],
  open: OPEN_CASE_STATUSES,
  closed: ['done', 'returned', 'cancelled'],
  all: ['new', 'acknowledged', 'in_progress', 'needs_supplement', 'done', 'returned', 'cancelled'],
};

const MAX_RESULT_DOCUMENTS = 10;

function invalid(errors: FieldProblem[]): DomainError {
  return new DomainError('validation_failed', errors.map((e) => `${e.field} ${e.messages.join(', ')}`).join('; '), {
    errors,
  });
}

function cursorOf(row: CaseRow): string {
  return Buffer.from(`${row.opened_at?.toISOString() ?? ''}|${row.id}`).toString('base64url');
}

function parseCursor(cursor: string): { openedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const openedAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(openedAt.getTime())) {
    throw invalid([{ field: 'after', messages: ['is not a cursor this list returned'] }]);
  }
  return { openedAt, id };
}

/**
 * The agency side of liên thông: an agency's officers (in the portal inbox) and its system (client-credentials
 * token, pull mode) see only their agency's opened cases and answer them. Every answer is validated, authorised by
 * agency, idempotent under an Idempotency-Key, audited on the dossier's trail, kept in the exchange log, and moves
 * the route on — in one transaction.
 */
@Injectable()
export class AgencyCaseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dossiers: DossierService,
    private readonly flow: CaseFlow,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  private agencyOf(principal: Principal): string {
    if (!principal.agency || !principal.roles.includes('agency_officer')) {
      throw new DomainError('forbidden', 'Only officers and systems of a linked agency work forwarded cases.');
    }
    return principal.agency;
  }

  /** The case if it is opened at the caller's agency; 404 otherwise (another agency's case is never disclosed). */
  private async ownCase(em: EntityManager, principal: Principal, id: string): Promise<CaseRow> {
    const agency = this.agencyOf(principal);
    const row = await loadCase(em, id);
    // A case whose stage never opened (waiting, or cancelled while waiting) was never the agency's.
    if (!row || row.agency_code !== agency || row.opened_at === null) {
      throw new DomainError('not_found', 'No such case for your agency.');
    }
    return row;
  }

  async list(
    principal: Principal,
    q: { status?: 'new' | 'open' | 'closed' | 'all'; after?: string; limit?: number },
  ): Promise<{ items: AgencyCaseView[]; nextCursor: string | null }> {
    const agency = this.agencyOf(principal);
    const filter = q.status ?? 'open';
    if (!(filter in LIST_FILTERS)) throw invalid([{ field: 'status', messages: ['must be new, open, closed or all'] }]);
    const limit = q.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw invalid([{ field: 'limit', messages: ['must be a whole number from 1 to 200'] }]);
    const after = q.after ? parseCursor(q.after) : null;
    return this.dataSource.transaction(async (em) => {
      const rows = await em.query<CaseRow[]>(
        `${SELECT_CASE}
          WHERE a.code = $1 AND c.status = ANY($2::text[]) AND c.opened_at IS NOT NULL
            AND ($3::timestamptz IS NULL OR (c.opened_at, c.id) > ($3::timestamptz, $4::uuid))
          ORDER BY c.opened_at, c.id LIMIT $5`,
        [agency, LIST_FILTERS[filter], after?.openedAt ?? null, after?.id ?? null, limit + 1],
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      if (principal.kind === 'service') await this.recordFetched(em, page);
      return {
        items: page.map((r) => caseView(r)),
        nextCursor: rows.length > limit && last ? cursorOf(last) : null,
      };
    });
  }

  /** Pull mode: the first time an agency's system fetches a case, the hand-over is kept in the exchange log. */
  private async recordFetched(em: EntityManager, rows: readonly CaseRow[]): Promise<void> {
    // Polling systems list the same cases again and again: only a first fetch writes anything.
    for (const row of rows.filter((r) => r.fetched_at === null)) {
      // UPDATE … RETURNING comes back from TypeORM as [rows, affected count].
      const [claimed] = await em.query<[Array<{ id: string }>, number]>(
        `UPDATE agency_case SET fetched_at = now() WHERE id = $1 AND fetched_at IS NULL RETURNING id`,
        [row.id],
      );
      if (claimed.length === 0) continue;
      await appendExchange(em, {
        dossierId: row.dossier_id,
        agencyCaseId: row.id,
        direction: 'out',
        counterparty: row.agency_code,
        messageType: 'agency_case.opened',
        messageId: `case:${row.id}:opened`,
        body: JSON.stringify(await caseDetail(em, row)),
        signature: null,
      });
    }
  }

  async get(principal: Principal, id: string): Promise<AgencyCaseDetail> {
    return this.dataSource.transaction(async (em) => {
      const row = await this.ownCase(em, principal, id);
      if (principal.kind === 'service') await this.recordFetched(em, [row]);
      return caseDetail(em, row);
    });
  }

  async subStatuses(principal: Principal): Promise<Array<{ code: string; label: string; caseStatus: string }>> {
    const agency = this.agencyOf(principal);
    return this.dataSource.query(
      `SELECT s.code, s.label, s.case_status AS "caseStatus" FROM agency_sub_status s
         JOIN agency a ON a.kind = s.agency_kind WHERE a.code = $1 ORDER BY s.code`,
      [agency],
    );
  }

  /** The cases of a dossier, for the lead agency's staff or an agency holding one of them. */
  async casesOfDossier(principal: Principal, dossierId: string): Promise<AgencyCaseView[]> {
    const rows = await this.dataSource.query<CaseRow[]>(
      `${SELECT_CASE} WHERE c.dossier_id = $1 ORDER BY c.round DESC, c.stage, c.step_code`,
      [dossierId],
    );
    const [latest] = rows;
    if (!latest) return [];
    const isLead = principal.agency !== null && principal.agency === latest.lead_agency_code;
    const isHolder = principal.roles.includes('agency_officer') && rows.some((r) => r.agency_code === principal.agency);
    if (!isLead && !isHolder) return [];
    return rows.map((r) => caseView(r));
  }

  /** A document of the case: the dossier's application/supplement files, or a result file of this case. */
  async document(
    principal: Principal,
    caseId: string,
    fileId: string,
  ): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
    const row = await this.ownCase(this.dataSource.manager, principal, caseId);
    const resultIds = (row.result?.documents ?? []).map((d) => d.fileId);
    const [file] = /^[0-9a-f-]{36}$/i.test(fileId)
      ? await this.dataSource.query<
          Array<{ id: string; purpose: string; file_name: string; media_type: string; sha256: string }>
        >(`SELECT id, purpose, file_name, media_type, sha256 FROM dossier_file WHERE id = $1 AND dossier_id = $2`, [
          fileId,
          row.dossier_id,
        ])
      : [];
    if (!file || (file.purpose === 'result' && !resultIds.includes(file.id))) {
      throw new DomainError('not_found', 'No such document in this case.');
    }
    return { fileName: file.file_name, mediaType: file.media_type, content: await this.store.get(file.sha256) };
  }

  private answer(
    principal: Principal,
    id: string,
    operation: string,
    body: unknown,
    key: string | null,
    work: (em: EntityManager, row: CaseRow, now: Date) => Promise<void>,
  ): Promise<AnswerOutcome> {
    return this.dataSource.transaction(async (em) => {
      const agency = this.agencyOf(principal);
      return runOnce(em, `agency:${agency}`, key, requestHash(operation, id, body), async () => {
        const row = await this.ownCase(em, principal, id);
        // Dossier first, then its case — the order every routing transaction takes — so answers of parallel agencies
        // (one of which may cancel the others' cases) queue on the dossier instead of deadlocking.
        await em.query(`SELECT 1 FROM dossier WHERE id = $1 FOR UPDATE`, [row.dossier_id]);
        const fresh = (await loadCase(em, id, true)) as CaseRow;
        const now = new Date();
        await work(em, fresh, now);
        const after = (await loadCase(em, id)) as CaseRow;
        return { statusCode: 200, body: caseView(after, now) };
      });
    });
  }

  private async logInbound(
    em: EntityManager,
    row: CaseRow,
    type: string,
    key: string | null,
    body: unknown,
    now: Date,
  ) {
    await appendExchange(
      em,
      {
        dossierId: row.dossier_id,
        agencyCaseId: row.id,
        direction: 'in',
        counterparty: row.agency_code,
        messageType: type,
        messageId: key ?? `${type}:${row.id}:${now.getTime()}`,
        body: JSON.stringify(body),
        signature: null,
      },
      now,
    );
  }

  private requireOpen(row: CaseRow, what: string): void {
    if (!OPEN_CASE_STATUSES.includes(row.status)) {
      throw new DomainError('conflict', `The case is ${row.status}: it cannot be ${what} any more.`, {
        status: row.status,
      });
    }
  }

  /** Acknowledges receipt. Acknowledging a case already acknowledged (or further) changes nothing. */
  async acknowledge(principal: Principal, id: string, key: string | null): Promise<AnswerOutcome> {
    return this.answer(principal, id, 'acknowledge', {}, key, async (em, row, now) => {
      if (row.status !== 'new') {
        if (OPEN_CASE_STATUSES.includes(row.status) || row.status === 'done') return;
        this.requireOpen(row, 'acknowledged');
      }
      await em.query(
        `UPDATE agency_case SET status = 'acknowledged', acknowledged_at = $2, row_version = row_version + 1,
                updated_at = now() WHERE id = $1`,
        [row.id, now],
      );
      await auditOnDossier(em, row.dossier_id, 'agency_acknowledged', actorOf(principal), {
        caseId: row.id,
        stepCode: row.step_code,
        agency: row.agency_code,
      });
      await this.logInbound(em, row, 'agency_case.acknowledged', key, { caseId: row.id }, now);
    });
  }

  /** A sector sub-status (e.g. police: 1 received, 2 needs supplement, 3 eligible), mapped to the case status. */
  async reportStatus(
    principal: Principal,
    id: string,
    input: { subStatus: string; note?: string | null },
    key: string | null,
  ): Promise<AnswerOutcome> {
    const note = input.note?.trim() || null;
    if (note !== null && note.length > 2000)
      throw invalid([{ field: 'note', messages: ['is longer than 2000 characters'] }]);
    return this.answer(principal, id, 'status', { subStatus: input.subStatus, note }, key, async (em, row, now) => {
      this.requireOpen(row, 'updated');
      const [mapped] = await em.query<Array<{ label: string; case_status: AgencyCaseStatus }>>(
        `SELECT label, case_status FROM agency_sub_status WHERE agency_kind = $1 AND code = $2`,
        [row.agency_kind, input.subStatus],
      );
      if (!mapped) {
        const known = await em.query<Array<{ code: string }>>(
          `SELECT code FROM agency_sub_status WHERE agency_kind = $1 ORDER BY code`,
          [row.agency_kind],
        );
        throw invalid([{ field: 'subStatus', messages: [`must be one of ${known.map((k) => k.code).join(', ')}`] }]);
      }
      if (mapped.case_status === 'needs_supplement' && note === null) {
        throw invalid([
          { field: 'note', messages: ['is required to say what must be supplemented'], code: 'required' },
        ]);
      }
      // The step's clock stops while the agency waits for a supplement and runs again when it moves on.
      const pausing = mapped.case_status === 'needs_supplement' && row.paused_at === null;
      const resuming = mapped.case_status !== 'needs_supplement' && row.paused_at !== null;
      const dueAt =
        resuming && row.paused_at && row.opened_at && row.due_at
          ? await this.flow.resumedDue(em, { ...row, opened_at: row.opened_at, due_at: row.due_at }, row.paused_at, now)
          : row.due_at;
      const pausedAt = pausing ? now : resuming ? null : row.paused_at;
      await em.query(
        `UPDATE agency_case SET status = $2, sub_status = $3, sub_status_note = $4,
                acknowledged_at = COALESCE(acknowledged_at, $5), paused_at = $6, due_at = $7,
                row_version = row_version + 1, updated_at = now()
          WHERE id = $1`,
        [row.id, mapped.case_status, input.subStatus, note, now, pausedAt, dueAt],
      );
      await auditOnDossier(
        em,
        row.dossier_id,
        'agency_status_reported',
        actorOf(principal),
        {
          caseId: row.id,
          stepCode: row.step_code,
          agency: row.agency_code,
          subStatus: input.subStatus,
          label: mapped.label,
          ...(pausing ? { clock: 'paused' } : {}),
          ...(resuming && dueAt ? { clock: 'resumed', dueAt: dueAt.toISOString() } : {}),
        },
        note,
      );
      await this.logInbound(
        em,
        row,
        'agency_case.status',
        key,
        { caseId: row.id, subStatus: input.subStatus, note },
        now,
      );
      if (mapped.case_status === 'needs_supplement') {
        await this.notifyLead(
          em,
          row,
          'case_needs_supplement',
          `${row.agency_name} cần bổ sung cho hồ sơ ${row.dossier_code}: ${note}`,
        );
      }
    });
  }

  /** The agency's result, with its documents (PDF, JPEG or PNG). When it completes the route, the dossier returns to the lead agency. */
  async complete(
    principal: Principal,
    id: string,
    input: { summary: string; documents?: Array<{ fileName: string; contentBase64: string }> },
    key: string | null,
  ): Promise<AnswerOutcome> {
    const summary = typeof input.summary === 'string' ? input.summary.trim() : '';
    const problems: FieldProblem[] = [];
    if (summary === '' || summary.length > 2000)
      problems.push({ field: 'summary', messages: ['is required (at most 2000 characters)'] });
    const docs = input.documents ?? [];
    if (!Array.isArray(docs) || docs.length > MAX_RESULT_DOCUMENTS)
      problems.push({ field: 'documents', messages: [`holds at most ${MAX_RESULT_DOCUMENTS} documents`] });
    const prepared: Array<{ fileName: string; mediaType: string; content: Buffer }> = [];
    for (const [i, d] of (Array.isArray(docs) ? docs : []).entries()) {
      const nameProblem = typeof d?.fileName === 'string' ? fileNameProblem(d.fileName) : 'is required';
      const content =
        typeof d?.contentBase64 === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(d.contentBase64)
          ? Buffer.from(d.contentBase64, 'base64')
          : null;
      if (nameProblem) problems.push({ field: `documents[${i}].fileName`, messages: [nameProblem] });
      else if (!content || content.length === 0)
        problems.push({ field: `documents[${i}].contentBase64`, messages: ['must be non-empty base64'] });
      else if (content.length > DEFAULT_UPLOAD_LIMITS.maxFileBytes)
        problems.push({
          field: `documents[${i}].contentBase64`,
          messages: [`is larger than ${DEFAULT_UPLOAD_LIMITS.maxFileBytes} bytes`],
          code: 'too_large',
        });
      else {
        const type = await detectAcceptedType(content);
        if (!type)
          problems.push({
            field: `documents[${i}].contentBase64`,
            messages: ['is not a PDF, JPEG or PNG file'],
            code: 'file_type',
          });
        else
          prepared.push({ fileName: sanitizeFileName(d.fileName, type.extension), mediaType: type.mediaType, content });
      }
    }
    if (problems.length > 0) throw invalid(problems);
    const digests = prepared.map((p) => ({
      fileName: p.fileName,
      sha256: createHash('sha256').update(p.content).digest('hex'),
      sizeBytes: p.content.length,
    }));
    return this.answer(principal, id, 'result', { summary, documents: digests }, key, async (em, row, now) => {
      if (row.status === 'done') {
        throw new DomainError('conflict', 'The case already has its result.', { status: row.status });
      }
      this.requireOpen(row, 'completed');
      const documents: CaseDocument[] = [];
      for (const p of prepared) {
        const put = await this.store.put(p.content);
        const file = firstRow(
          await em.query<Array<{ id: string }>>(
            `INSERT INTO dossier_file (dossier_id, purpose, document_code, file_name, media_type, size_bytes, sha256,
                                     uploaded_by_subject)
           VALUES ($1, 'result', $2, $3, $4, $5, $6, $7) RETURNING id`,
            [
              row.dossier_id,
              `lt:${row.step_code}`,
              p.fileName,
              p.mediaType,
              p.content.length,
              put.sha256,
              principal.subject,
            ],
          ),
          'file',
        );
        documents.push({
          fileId: file.id,
          fileName: p.fileName,
          mediaType: p.mediaType,
          sizeBytes: p.content.length,
          sha256: put.sha256,
        });
      }
      await em.query(
        `UPDATE agency_case SET status = 'done', completed_at = $2, result = $3, paused_at = NULL,
                acknowledged_at = COALESCE(acknowledged_at, $2), row_version = row_version + 1, updated_at = now()
          WHERE id = $1`,
        [row.id, now, JSON.stringify({ summary, documents })],
      );
      await auditOnDossier(
        em,
        row.dossier_id,
        'agency_result',
        actorOf(principal),
        {
          caseId: row.id,
          stepCode: row.step_code,
          agency: row.agency_code,
          documents: documents.map((d) => d.fileName),
        },
        summary,
      );
      await this.logInbound(em, row, 'agency_case.result', key, { caseId: row.id, summary, documents: digests }, now);
      const finished = await this.flow.advance(em, row.dossier_id, row.round, row.stage, now);
      if (finished) {
        await this.dossiers.actForLinkedAgency(em, principal, row.dossier_id, 'agency_answered', {
          reason: null,
        });
        await this.notifyLead(
          em,
          row,
          'route_completed',
          `Các cơ quan liên thông đã có kết quả cho hồ sơ ${row.dossier_code}; hồ sơ trở lại để xử lý tiếp.`,
        );
      }
    });
  }

  /** The agency returns the dossier with a reason: the round ends, the other agencies' cases are cancelled. */
  async returnCase(
    principal: Principal,
    id: string,
    input: { reason: string },
    key: string | null,
  ): Promise<AnswerOutcome> {
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (reason === '' || reason.length > 2000)
      throw invalid([{ field: 'reason', messages: ['is required (at most 2000 characters)'] }]);
    return this.answer(principal, id, 'return', { reason }, key, async (em, row, now) => {
      this.requireOpen(row, 'returned');
      await em.query(
        `UPDATE agency_case SET status = 'returned', return_reason = $2, completed_at = $3, paused_at = NULL,
                row_version = row_version + 1, updated_at = now() WHERE id = $1`,
        [row.id, reason, now],
      );
      await auditOnDossier(
        em,
        row.dossier_id,
        'agency_returned',
        actorOf(principal),
        { caseId: row.id, stepCode: row.step_code, agency: row.agency_code },
        reason,
      );
      await this.logInbound(em, row, 'agency_case.returned', key, { caseId: row.id, reason }, now);
      await this.flow.cancelRound(em, row.dossier_id, row.round, row.id, actorOf(principal));
      await this.dossiers.actForLinkedAgency(em, principal, row.dossier_id, 'agency_answered', {
        reason: `${row.agency_name} trả lại hồ sơ: ${reason}`,
      });
      await this.notifyLead(
        em,
        row,
        'case_returned',
        `${row.agency_name} trả lại hồ sơ ${row.dossier_code}: ${reason}`,
      );
    });
  }

  /** The lead agency's people who must act: the assignee when there is one, and the desk. */
  private async notifyLead(em: EntityManager, row: CaseRow, kind: string, message: string): Promise<void> {
    const base = { agencyId: row.dossier_agency_id, dossierId: row.dossier_id, agencyCaseId: row.id, kind, message };
    if (row.dossier_assignee) await notify(em, { ...base, subject: row.dossier_assignee });
    await notify(em, { ...base, role: 'clerk' });
  }
}
