import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/observability';
import { FILE_STORE, FileStore } from './file.store';

/** The advisory-lock seed that ties blob rows and blob files together (shared with the uploads). */
const BLOB_LOCK_SEED = 7414;

export const DRAFT_TITLE_MAX = 120;

interface OwnDraft {
  id: string;
  status: string;
  submitted_at: Date | null;
  owner_subject: string | null;
}

/**
 * A citizen's drafts: named to find them again, and deleted when no longer wanted. Only the citizen who owns a draft
 * may do either, and only while it has never been submitted; anyone else gets 404. Deleting removes the draft's row,
 * its files' rows, its one trail entry and every blob nothing else references — nothing is left behind.
 */
@Injectable()
export class DossierDraftService {
  private readonly logger = new Logger(DossierDraftService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  /** Names a draft (blank removes the name). */
  async rename(principal: Principal, id: string, title: string): Promise<void> {
    const clean = title.replace(/\s+/g, ' ').trim();
    if ([...clean].length > DRAFT_TITLE_MAX) {
      throw new DomainError('validation_failed', `title: at most ${DRAFT_TITLE_MAX} characters`, {
        errors: [{ field: 'title', messages: [`must be at most ${DRAFT_TITLE_MAX} characters`] }],
      });
    }
    await this.dataSource.transaction(async (em) => {
      await this.lockOwnDraft(em, principal, id);
      await em.query(`UPDATE dossier SET title = $2, row_version = row_version + 1, updated_at = now() WHERE id = $1`, [
        id,
        clean || null,
      ]);
    });
  }

  /** The names the citizen gave their dossiers, by dossier id. */
  async titles(principal: Principal): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<Array<{ id: string; title: string }>>(
      `SELECT id, title FROM dossier WHERE owner_subject = $1 AND title IS NOT NULL`,
      [principal.subject],
    );
    return new Map(rows.map((r) => [r.id, r.title]));
  }

  /** Deletes a never-submitted draft of the caller with its files. */
  async discard(principal: Principal, id: string): Promise<void> {
    const hashes = await this.dataSource.transaction(async (em) => {
      await this.lockOwnDraft(em, principal, id);
      const files = await em.query<Array<{ sha256: string }>>(
        `SELECT DISTINCT sha256 FROM dossier_file WHERE dossier_id = $1 ORDER BY sha256`,
        [id],
      );
      await em.query(`DELETE FROM dossier_file WHERE dossier_id = $1`, [id]);
      await em.query(`DELETE FROM dossier_event WHERE dossier_id = $1`, [id]);
      await em.query(`DELETE FROM dossier WHERE id = $1`, [id]);
      return files.map((f) => f.sha256);
    });
    // After the commit: each blob goes unless another dossier's row references it (checked under the blob's lock,
    // the same lock an upload of the same bytes holds until its row is committed).
    for (const sha of hashes) {
      await this.dataSource
        .transaction(async (em) => {
          await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, ${BLOB_LOCK_SEED}))`, [sha]);
          const refs = await em.query<unknown[]>(`SELECT 1 FROM dossier_file WHERE sha256 = $1 LIMIT 1`, [sha]);
          if (refs.length === 0) await this.store.delete(sha);
        })
        .catch((err: unknown) => this.logger.error({ err, sha }, 'could not remove the blob of a deleted draft'));
    }
  }

  /** The caller's own draft, locked; 404 for anyone else's or none, 409 once it has been submitted. */
  private async lockOwnDraft(em: EntityManager, principal: Principal, id: string): Promise<void> {
    const [row] = await em.query<OwnDraft[]>(
      `SELECT id, status, submitted_at, owner_subject FROM dossier WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row || row.owner_subject === null || row.owner_subject !== principal.subject) {
      throw new DomainError('not_found', 'No such dossier.');
    }
    if (row.status !== 'draft' || row.submitted_at !== null) {
      throw new DomainError('conflict', 'Only a draft that was never submitted can be renamed or deleted.', {
        status: row.status,
      });
    }
  }
}
