import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@app/auth';
import { firstRow } from '@app/database';
import { DomainError, FieldProblem } from '@app/observability';
import { DossierService } from '../dossier.service';
import { citizenMayDownloadResult } from '../dossier.lifecycle';
import { FILE_STORE, FileStore } from './file.store';
import { detectAcceptedType, fileNameProblem, sanitizeFileName, UploadLimits } from './upload-policy';

export const UPLOAD_LIMITS = Symbol('UPLOAD_LIMITS');
const BLOB_LOCK_SEED = 7414;

function sha256Of(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export type FilePurpose = 'application' | 'supplement' | 'result';

export interface IncomingFile {
  originalName: string;
  content: Buffer;
}

/** A file that passed the checks, with its safe name and detected type. */
export interface PreparedFile {
  fileName: string;
  mediaType: string;
  content: Buffer;
  documentCode: string | null;
}

export interface DossierFileView {
  id: string;
  purpose: FilePurpose;
  documentCode: string | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  uploadedAt: Date;
}

/** Who may attach what, when. */
function mayUpload(
  purpose: FilePurpose,
  status: string,
  actor: { kind: 'owner' } | { kind: 'staff'; roles: readonly string[] },
): boolean {
  switch (purpose) {
    case 'application':
      return status === 'draft';
    case 'supplement':
      return status === 'supplement_requested' && (actor.kind === 'owner' || actor.roles.includes('clerk'));
    case 'result':
      return (
        (status === 'in_process' || status === 'awaiting_approval') &&
        actor.kind === 'staff' &&
        actor.roles.includes('specialist')
      );
  }
}

/**
 * Attachments of dossiers. Every file of a request is checked (count, size, type by content) before anything is
 * stored; blobs are content-addressed and the rows that reference them are written in one transaction. A failed
 * request removes the blobs it created that nothing references, so no orphan stays behind.
 */
@Injectable()
export class DossierFileService {
  private readonly logger = new Logger(DossierFileService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dossiers: DossierService,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(UPLOAD_LIMITS) private readonly limits: UploadLimits,
  ) {}

  async upload(
    principal: Principal,
    dossierId: string,
    purpose: FilePurpose,
    documentCode: string | null,
    files: readonly IncomingFile[],
  ): Promise<DossierFileView[]> {
    const { row, actor } = await this.dossiers.get(principal, dossierId);
    if (!mayUpload(purpose, row.status, actor)) {
      throw new DomainError(
        'conflict',
        `Files of purpose "${purpose}" cannot be attached by you in status ${row.status}.`,
      );
    }
    // The result is drafted by the specialist the dossier is assigned to.
    if (purpose === 'result' && row.assignee_subject !== principal.subject) {
      throw new DomainError('forbidden', 'Only the specialist assigned to this dossier attaches its result.');
    }
    if (files.length === 0) {
      throw new DomainError('validation_failed', 'files: at least one file is required', {
        errors: [{ field: 'files', messages: ['at least one file is required'], code: 'required' }],
      });
    }
    const prepared = await this.prepare(files.map((f, i) => ({ ...f, field: `files[${i}]`, documentCode })));
    const created: string[] = [];
    try {
      return await this.dataSource.transaction((em) =>
        this.attachWithin(em, dossierId, purpose, prepared, principal.subject, created),
      );
    } catch (err) {
      await this.discardUnreferenced(created);
      throw err;
    }
  }

  /**
   * Checks every file (name, size, type by content) and reports all problems at once, each under the field the
   * caller names; nothing is stored.
   */
  async prepare(
    files: ReadonlyArray<IncomingFile & { field: string; documentCode: string | null }>,
  ): Promise<PreparedFile[]> {
    const prepared: PreparedFile[] = [];
    const problems: FieldProblem[] = [];
    for (const file of files) {
      const nameProblem = fileNameProblem(file.originalName);
      if (nameProblem) problems.push({ field: file.field, messages: [nameProblem] });
      else if (file.content.length === 0) problems.push({ field: file.field, messages: ['is empty'] });
      else if (file.content.length > this.limits.maxFileBytes) {
        problems.push({
          field: file.field,
          messages: [`is larger than ${this.limits.maxFileBytes} bytes`],
          code: 'too_large',
        });
      } else {
        const type = await detectAcceptedType(file.content);
        if (!type)
          problems.push({
            field: file.field,
            messages: ['is not a PDF, JPEG or PNG file (checked by content)'],
            code: 'file_type',
          });
        else
          prepared.push({
            fileName: sanitizeFileName(file.originalName, type.extension),
            mediaType: type.mediaType,
            content: file.content,
            documentCode: file.documentCode,
          });
      }
    }
    if (problems.length > 0) {
      throw new DomainError(
        'validation_failed',
        problems.map((p) => `${p.field} ${p.messages.join(', ')}`).join('; '),
        { errors: problems },
      );
    }
    return prepared;
  }

  /** The most bytes one file may have. */
  get maxFileBytes(): number {
    return this.limits.maxFileBytes;
  }

  /** The most files one dossier may hold. */
  get maxFilesPerDossier(): number {
    return this.limits.maxFilesPerDossier;
  }

  /**
   * Stores checked files and their rows inside the caller's transaction (the dossier row is locked for the count).
   * The hashes of blobs this call created are pushed to `created`: when the transaction fails, the caller passes
   * them to `discardUnreferenced`.
   */
  async attachWithin(
    em: EntityManager,
    dossierId: string,
    purpose: FilePurpose,
    prepared: readonly PreparedFile[],
    uploadedBy: string,
    created: string[],
  ): Promise<DossierFileView[]> {
    await em.query(`SELECT 1 FROM dossier WHERE id = $1 FOR UPDATE`, [dossierId]);
    const { n } = firstRow(
      await em.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM dossier_file WHERE dossier_id = $1`, [
        dossierId,
      ]),
      'file count',
    );
    if (n + prepared.length > this.limits.maxFilesPerDossier) {
      throw new DomainError(
        'validation_failed',
        `files: a dossier holds at most ${this.limits.maxFilesPerDossier} files`,
        {
          errors: [
            {
              field: 'files',
              messages: [`a dossier holds at most ${this.limits.maxFilesPerDossier} files (it has ${n})`],
              code: 'too_many',
            },
          ],
        },
      );
    }
    const views: DossierFileView[] = [];
    for (const file of prepared) {
      // The blob's lock is held until commit, so a concurrent clean-up never removes a blob this row will use.
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, ${BLOB_LOCK_SEED}))`, [sha256Of(file.content)]);
      const put = await this.store.put(file.content);
      if (put.created) created.push(put.sha256);
      const inserted = firstRow(
        await em.query<Array<{ id: string; uploaded_at: Date }>>(
          `INSERT INTO dossier_file (dossier_id, purpose, document_code, file_name, media_type, size_bytes, sha256, uploaded_by_subject)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, uploaded_at`,
          [
            dossierId,
            purpose,
            file.documentCode,
            file.fileName,
            file.mediaType,
            file.content.length,
            put.sha256,
            uploadedBy,
          ],
        ),
        'file',
      );
      views.push({
        id: inserted.id,
        purpose,
        documentCode: file.documentCode,
        fileName: file.fileName,
        mediaType: file.mediaType,
        sizeBytes: file.content.length,
        uploadedAt: inserted.uploaded_at,
      });
    }
    return views;
  }

  /** Removes the blobs of a failed request that no row references (the lock keeps a concurrent upload safe). */
  async discardUnreferenced(hashes: readonly string[]): Promise<void> {
    await this.removeUnreferenced(hashes);
  }

  private async removeUnreferenced(hashes: readonly string[]): Promise<void> {
    for (const sha of hashes) {
      await this.dataSource
        .transaction(async (em) => {
          await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, ${BLOB_LOCK_SEED}))`, [sha]);
          const refs = await em.query<unknown[]>(`SELECT 1 FROM dossier_file WHERE sha256 = $1 LIMIT 1`, [sha]);
          if (refs.length === 0) await this.store.delete(sha);
        })
        .catch((err: unknown) => this.logger.error({ err, sha }, 'could not remove an orphan blob'));
    }
  }

  /** The files the caller may see: the citizen sees result documents only once the result is returned to them. */
  async list(principal: Principal, dossierId: string): Promise<DossierFileView[]> {
    const { row, actor } = await this.dossiers.get(principal, dossierId);
    const hideResults = actor.kind === 'owner' && !citizenMayDownloadResult(row.status);
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        purpose: FilePurpose;
        document_code: string | null;
        file_name: string;
        media_type: string;
        size_bytes: string;
        uploaded_at: Date;
      }>
    >(
      `SELECT id, purpose, document_code, file_name, media_type, size_bytes, uploaded_at
         FROM dossier_file WHERE dossier_id = $1 ORDER BY uploaded_at, id`,
      [dossierId],
    );
    return rows
      .filter((r) => !(hideResults && r.purpose === 'result'))
      .map((r) => ({
        id: r.id,
        purpose: r.purpose,
        documentCode: r.document_code,
        fileName: r.file_name,
        mediaType: r.media_type,
        sizeBytes: Number(r.size_bytes),
        uploadedAt: r.uploaded_at,
      }));
  }

  /** The bytes of one file, for a caller who may see the dossier. */
  async download(
    principal: Principal,
    dossierId: string,
    fileId: string,
  ): Promise<{ view: DossierFileView; content: Buffer }> {
    const files = await this.list(principal, dossierId);
    const view = files.find((f) => f.id === fileId);
    if (!view) throw new DomainError('not_found', 'No such file.');
    const { sha256 } = firstRow(
      await this.dataSource.query<Array<{ sha256: string }>>(`SELECT sha256 FROM dossier_file WHERE id = $1`, [fileId]),
      'file',
    );
    return { view, content: await this.store.get(sha256) };
  }
}
