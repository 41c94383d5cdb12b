import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, FieldProblem } from '@app/observability';
import { parseIsoDate, todayInVietnam } from './form-schema';
import { validateVersionContent, VERSION_CONTENT_KEYS, VersionContent, VersionStatus } from './procedure-content';
import { OnlineIdentityLevel, Procedure } from './procedure.entity';
import { ProcedureVersion } from './procedure-version.entity';

export const PROCEDURE_CODE_PATTERN = /^[0-9A-Z]{1,4}\.[0-9A-Z-]{3,24}$/;

export interface ProcedureSummary {
  code: string;
  name: string;
  field: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  implementingAgency: string;
  timeLimitUnit: string;
  timeLimitAmount: number;
  channels: number[];
  onlineLevel: string;
  interAgency: boolean;
  /** The national identity level an online dossier needs (see Procedure.onlineIdentityLevel). */
  onlineIdentityLevel: OnlineIdentityLevel;
}

export interface ProcedureVersionView extends VersionContent {
  code: string;
  name: string;
  field: string;
  version: number;
  status: VersionStatus;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  createdBy: string | null;
  updatedAt: string;
  onlineIdentityLevel: OnlineIdentityLevel;
}

export interface VersionListItem {
  version: number;
  status: VersionStatus;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  publishedAt: string | null;
  updatedAt: string;
}

export interface AdminProcedureItem {
  code: string;
  name: string;
  field: string;
  onlineIdentityLevel: OnlineIdentityLevel;
  versions: VersionListItem[];
}

export interface CreateProcedureInput {
  code: string;
  name: string;
  field: string;
}

function toContent(v: ProcedureVersion): VersionContent {
  return {
    implementingAgency: v.implementingAgency,
    timeLimit: {
      unit: v.timeLimitUnit,
      amount: v.timeLimitAmount,
      extendedAmount: v.timeLimitExtendedAmount,
      note: v.timeLimitNote,
    },
    channels: v.channels.map(Number) as VersionContent['channels'],
    onlineLevel: v.onlineLevel,
    interAgency: v.interAgency,
    supplementPolicy: v.supplementPolicy,
    applicantTypes: v.applicantTypes,
    steps: v.steps,
    requiredDocuments: v.requiredDocuments,
    fees: v.fees,
    legalBasis: v.legalBasis,
    result: v.result,
    conditions: v.conditions,
    components: v.components,
    formSchema: v.formSchema,
  };
}

function toColumns(c: VersionContent): Partial<ProcedureVersion> {
  return {
    implementingAgency: c.implementingAgency.trim(),
    timeLimitUnit: c.timeLimit.unit,
    timeLimitAmount: c.timeLimit.amount,
    timeLimitExtendedAmount: c.timeLimit.extendedAmount ?? null,
    timeLimitNote: c.timeLimit.note ?? null,
    channels: [...c.channels].sort(),
    onlineLevel: c.onlineLevel,
    interAgency: c.interAgency,
    supplementPolicy: c.supplementPolicy,
    applicantTypes: c.applicantTypes,
    steps: c.steps,
    requiredDocuments: c.requiredDocuments,
    fees: c.fees,
    legalBasis: c.legalBasis,
    result: c.result,
    conditions: c.conditions,
    components: c.components,
    formSchema: c.formSchema,
  };
}

function toView(p: Procedure, v: ProcedureVersion): ProcedureVersionView {
  return {
    code: p.code,
    name: p.name,
    field: p.field,
    version: v.version,
    status: v.status,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
    publishedAt: v.publishedAt ? v.publishedAt.toISOString() : null,
    publishedBy: v.publishedBy,
    createdBy: v.createdBy,
    updatedAt: v.updatedAt.toISOString(),
    onlineIdentityLevel: identityLevelOf(p.onlineIdentityLevel),
    ...toContent(v),
  };
}

function toListItem(v: ProcedureVersion): VersionListItem {
  return {
    version: v.version,
    status: v.status,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
    publishedAt: v.publishedAt ? v.publishedAt.toISOString() : null,
    updatedAt: v.updatedAt.toISOString(),
  };
}

function identityLevelOf(value: unknown): OnlineIdentityLevel {
  return Number(value) === 2 ? 2 : 1;
}

/** The day before an ISO date. */
export function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function invalid(errors: FieldProblem[]): DomainError {
  return new DomainError('validation_failed', errors.map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; '), {
    errors,
  });
}

/** Database rules the catalogue relies on, turned into domain errors. */
function translateDbError(err: unknown): never {
  const e = err as { code?: string; message?: string; constraint?: string; driverError?: { code?: string } };
  const code = e.code ?? e.driverError?.code;
  const message = e.message ?? '';
  if (code === '23P01') {
    throw new DomainError(
      'conflict',
      'Another published version of this procedure is in force on some of these dates.',
      {
        errors: [{ field: 'effectiveFrom', messages: ['overlaps the effective range of another published version'] }],
      },
    );
  }
  if (message.includes('procedure_version_immutable')) {
    throw new DomainError('conflict', 'A published version cannot be changed; create a new draft version instead.');
  }
  if (code === '23505' && message.includes('procedure_version_one_draft_uq')) {
    throw new DomainError('conflict', 'This procedure already has a draft version; edit or publish it first.');
  }
  throw err;
}

@Injectable()
export class ProcedureService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The public catalogue: procedures with a published version in force on `at` (default today in Vietnam). */
  async listEffective(opts: { at?: string; field?: string; q?: string } = {}): Promise<ProcedureSummary[]> {
    const at = opts.at ?? todayInVietnam();
    const params: unknown[] = [at];
    let where = '';
    if (opts.field) {
      params.push(opts.field);
      where += ` AND p.field = $${params.length}`;
    }
    // Search ignores case and diacritics ("hon nhan" finds "hôn nhân"): every word of the query is a word of the
    // folded code, name and field; only when no procedure has them all, the query's similarity to their words
    // forgives a typo. Ranked by relevance: the code, the name as written (accents included), the name's start, then
    // trigram similarity to the name.
    const q = opts.q?.trim().replace(/\s+/g, ' ');
    let order = 'p.field, p.name';
    if (q) {
      params.push(q);
      const n = params.length;
      const query = `procedure_search_fold($${n})`;
      const words = `ARRAY(SELECT '(^|[^a-z0-9])' || regexp_replace(w, '([^a-z0-9])', '\\\\\\1', 'g') || '($|[^a-z0-9])'
                              FROM unnest(string_to_array(${query}, ' ')) AS w)`;
      where += ` AND (p.search_text ~ ALL (${words})
                      OR (NOT EXISTS (SELECT 1 FROM procedure x WHERE x.search_text ~ ALL (${words}))
                          AND ${query} <% p.search_text))`;
      order = `lower(p.code) = lower($${n}) DESC,
               strpos(lower(p.name), lower($${n})) > 0 DESC,
               procedure_search_fold(p.name) LIKE ${query} || '%' DESC,
               word_similarity(${query}, procedure_search_fold(p.name)) DESC,
               similarity(${query}, procedure_search_fold(p.name)) DESC, p.name`;
    }
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT p.code, p.name, p.field, v.version, v.effective_from::text AS effective_from,
              v.effective_to::text AS effective_to, v.implementing_agency, v.time_limit_unit, v.time_limit_amount,
              v.channels, v.online_level, v.inter_agency, p.online_identity_level
         FROM procedure p
         JOIN procedure_version v ON v.procedure_id = p.id AND v.status <> 'draft'
              AND daterange(v.effective_from, v.effective_to, '[]') @> $1::date
        WHERE true ${where}
        ORDER BY ${order}`,
      params,
    );
    return rows.map((r) => ({
      code: r.code as string,
      name: r.name as string,
      field: r.field as string,
      version: r.version as number,
      effectiveFrom: r.effective_from as string,
      effectiveTo: r.effective_to as string | null,
      implementingAgency: r.implementing_agency as string,
      timeLimitUnit: r.time_limit_unit as string,
      timeLimitAmount: r.time_limit_amount as number,
      channels: (r.channels as number[]).map(Number),
      onlineLevel: r.online_level as string,
      interAgency: r.inter_agency as boolean,
      onlineIdentityLevel: identityLevelOf(r.online_identity_level),
    }));
  }

  /** The fields (lĩnh vực) of the catalogue, for filters. */
  async listFields(): Promise<string[]> {
    const rows: Array<{ field: string }> = await this.dataSource.query(
      `SELECT DISTINCT field FROM procedure ORDER BY field`,
    );
    return rows.map((r) => r.field);
  }

  /** The published version of a procedure in force on `at` (default today), or null. */
  async findEffective(code: string, at: string = todayInVietnam()): Promise<ProcedureVersionView | null> {
    const procedure = await this.dataSource.getRepository(Procedure).findOneBy({ code });
    if (!procedure) return null;
    const version = await this.dataSource
      .getRepository(ProcedureVersion)
      .createQueryBuilder('v')
      .where('v.procedure_id = :id', { id: procedure.id })
      .andWhere(`v.status <> 'draft'`)
      .andWhere(`daterange(v.effective_from, v.effective_to, '[]') @> CAST(:at AS date)`, { at })
      .getOne();
    return version ? toView(procedure, version) : null;
  }

  async getVersion(code: string, version: number): Promise<ProcedureVersionView> {
    const { procedure, row } = await this.requireVersion(this.dataSource.manager, code, version);
    return toView(procedure, row);
  }

  async listVersions(code: string): Promise<VersionListItem[]> {
    const procedure = await this.requireProcedure(this.dataSource.manager, code);
    const rows = await this.dataSource
      .getRepository(ProcedureVersion)
      .find({ where: { procedureId: procedure.id }, order: { version: 'ASC' } });
    return rows.map(toListItem);
  }

  /** Every procedure with the status of each of its versions (admin list). */
  async listForAdmin(): Promise<AdminProcedureItem[]> {
    const procedures = await this.dataSource.getRepository(Procedure).find({ order: { field: 'ASC', name: 'ASC' } });
    const versions = await this.dataSource.getRepository(ProcedureVersion).find({ order: { version: 'ASC' } });
    return procedures.map((p) => ({
      code: p.code,
      name: p.name,
      field: p.field,
      onlineIdentityLevel: identityLevelOf(p.onlineIdentityLevel),
      versions: versions.filter((v) => v.procedureId === p.id).map(toListItem),
    }));
  }

  /**
   * Sets the national identity level online dossiers of a procedure need (1 or 2). Takes effect for submissions from
   * now on; dossiers already submitted are not touched.
   */
  async setOnlineIdentityLevel(code: string, level: unknown): Promise<OnlineIdentityLevel> {
    if (level !== 1 && level !== 2) {
      throw invalid([{ field: 'onlineIdentityLevel', messages: ['must be 1 or 2'] }]);
    }
    const updated: unknown[] = await this.dataSource.query(
      `WITH changed AS (
         UPDATE procedure SET online_identity_level = $2, updated_at = now() WHERE code = $1 RETURNING id
       ) SELECT id FROM changed`,
      [code, level],
    );
    if (updated.length === 0) throw new DomainError('not_found', `No procedure ${code}.`);
    return level;
  }

  /** Adds a procedure to the catalogue (no version yet). */
  async createProcedure(input: CreateProcedureInput): Promise<{ code: string; name: string; field: string }> {
    const errors: FieldProblem[] = [];
    if (!PROCEDURE_CODE_PATTERN.test(input.code)) {
      errors.push({ field: 'code', messages: ['must be a procedure code like 1.001193'] });
    }
    if (!input.name?.trim()) errors.push({ field: 'name', messages: ['must be non-empty text'] });
    if (!input.field?.trim()) errors.push({ field: 'field', messages: ['must be non-empty text'] });
    if (errors.length > 0) throw invalid(errors);
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO procedure (code, name, field) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT procedure_code_uq DO NOTHING RETURNING id`,
      [input.code, input.name.trim(), input.field.trim()],
    );
    if (inserted.length === 0) {
      throw new DomainError('conflict', `A procedure with code ${input.code} already exists.`, {
        errors: [{ field: 'code', messages: ['already exists'] }],
      });
    }
    return { code: input.code, name: input.name.trim(), field: input.field.trim() };
  }

  /**
   * A new procedure and its first draft version, in one transaction: both are checked before anything is written,
   * so a refused request leaves neither behind.
   */
  async createWithFirstDraft(
    input: CreateProcedureInput,
    body: Partial<VersionContent>,
    actor: string | null,
  ): Promise<ProcedureVersionView> {
    const errors: FieldProblem[] = [];
    if (!PROCEDURE_CODE_PATTERN.test(input.code)) {
      errors.push({ field: 'code', messages: ['must be a procedure code like 1.001193'] });
    }
    if (!input.name?.trim()) errors.push({ field: 'name', messages: ['must be non-empty text'] });
    if (!input.field?.trim()) errors.push({ field: 'field', messages: ['must be non-empty text'] });
    const content = this.merged({}, body);
    errors.push(...validateVersionContent(content));
    if (errors.length > 0) throw invalid(errors);
    return this.dataSource
      .transaction(async (em) => {
        const inserted: unknown[] = await em.query(
          `INSERT INTO procedure (code, name, field) VALUES ($1, $2, $3)
           ON CONFLICT ON CONSTRAINT procedure_code_uq DO NOTHING RETURNING id`,
          [input.code, input.name.trim(), input.field.trim()],
        );
        if (inserted.length === 0) {
          throw new DomainError('conflict', `A procedure with code ${input.code} already exists.`, {
            errors: [{ field: 'code', messages: ['already exists'] }],
          });
        }
        const procedure = await this.requireProcedure(em, input.code, true);
        const repo = em.getRepository(ProcedureVersion);
        const saved = await repo.save(
          repo.create({
            procedureId: procedure.id,
            version: 1,
            status: 'draft',
            createdBy: actor,
            ...toColumns(content as unknown as VersionContent),
          }),
        );
        return toView(procedure, await repo.findOneByOrFail({ id: saved.id }));
      })
      .catch(translateDbError);
  }

  /**
   * Opens the next version as a draft: a copy of the latest version with `body` laid over it, or `body` alone for a
   * procedure's first version (which must then be complete).
   */
  async createDraft(code: string, body: Partial<VersionContent>, actor: string | null): Promise<ProcedureVersionView> {
    return this.dataSource
      .transaction(async (em) => {
        const procedure = await this.requireProcedure(em, code, true);
        const latest = await em
          .getRepository(ProcedureVersion)
          .findOne({ where: { procedureId: procedure.id }, order: { version: 'DESC' } });
        const content = this.merged(latest ? toContent(latest) : {}, body);
        const errors = validateVersionContent(content);
        if (errors.length > 0) throw invalid(errors);
        const repo = em.getRepository(ProcedureVersion);
        const saved = await repo.save(
          repo.create({
            procedureId: procedure.id,
            version: (latest?.version ?? 0) + 1,
            status: 'draft',
            createdBy: actor,
            ...toColumns(content as unknown as VersionContent),
          }),
        );
        return toView(procedure, await repo.findOneByOrFail({ id: saved.id }));
      })
      .catch(translateDbError);
  }

  /** Changes a draft (409 for a published or retired version); the whole result is validated. */
  async updateDraft(code: string, version: number, patch: Partial<VersionContent>): Promise<ProcedureVersionView> {
    return this.dataSource
      .transaction(async (em) => {
        const { procedure, row } = await this.requireVersion(em, code, version, true);
        if (row.status !== 'draft') {
          throw new DomainError(
            'conflict',
            `Version ${version} of ${code} is ${row.status}: it cannot be changed. Create a new draft version instead.`,
          );
        }
        const content = this.merged(toContent(row), patch);
        const errors = validateVersionContent(content);
        if (errors.length > 0) throw invalid(errors);
        await em
          .getRepository(ProcedureVersion)
          .update({ id: row.id }, toColumns(content as unknown as VersionContent));
        return toView(procedure, await em.getRepository(ProcedureVersion).findOneByOrFail({ id: row.id }));
      })
      .catch(translateDbError);
  }

  /**
   * Publishes a draft from `effectiveFrom`, closing the open range of the version in force before it on the day
   * before, in one transaction. The date must be after the start of every earlier published version.
   */
  async publish(
    code: string,
    version: number,
    effectiveFrom: string,
    actor: string | null,
  ): Promise<ProcedureVersionView> {
    if (parseIsoDate(effectiveFrom) === null) {
      throw invalid([{ field: 'effectiveFrom', messages: ['must be a date YYYY-MM-DD'] }]);
    }
    return this.dataSource
      .transaction(async (em) => {
        const { procedure, row } = await this.requireVersion(em, code, version, true);
        if (row.status !== 'draft') {
          throw new DomainError('conflict', `Version ${version} of ${code} is already ${row.status}.`);
        }
        const errors = validateVersionContent(toContent(row) as unknown as Record<string, unknown>);
        if (errors.length > 0) throw invalid(errors);
        const previous: Array<{ id: string; version: number; effective_from: string; effective_to: string | null }> =
          await em.query(
            `SELECT id, version, effective_from::text AS effective_from, effective_to::text AS effective_to
               FROM procedure_version WHERE procedure_id = $1 AND status <> 'draft'
              ORDER BY effective_from DESC LIMIT 1`,
            [procedure.id],
          );
        const last = previous[0];
        if (last && effectiveFrom <= last.effective_from) {
          throw invalid([
            {
              field: 'effectiveFrom',
              messages: [`must be after ${last.effective_from}, when version ${last.version} took effect`],
            },
          ]);
        }
        if (last && last.effective_to === null) {
          await em.query(`UPDATE procedure_version SET effective_to = $2, updated_at = now() WHERE id = $1`, [
            last.id,
            dayBefore(effectiveFrom),
          ]);
        }
        await em.query(
          `UPDATE procedure_version
              SET status = 'published', effective_from = $2, effective_to = NULL, published_at = now(),
                  published_by = $3, updated_at = now()
            WHERE id = $1`,
          [row.id, effectiveFrom, actor],
        );
        return toView(procedure, await em.getRepository(ProcedureVersion).findOneByOrFail({ id: row.id }));
      })
      .catch(translateDbError);
  }

  private merged(base: Partial<VersionContent>, patch: Partial<VersionContent>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const key of VERSION_CONTENT_KEYS) if (patch[key] !== undefined) out[key] = patch[key];
    return out;
  }

  private async requireProcedure(em: EntityManager, code: string, lock = false): Promise<Procedure> {
    const procedure = await em
      .getRepository(Procedure)
      .findOne({ where: { code }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!procedure) throw new DomainError('not_found', `No procedure with code ${code}.`);
    return procedure;
  }

  private async requireVersion(
    em: EntityManager,
    code: string,
    version: number,
    lock = false,
  ): Promise<{ procedure: Procedure; row: ProcedureVersion }> {
    const procedure = await this.requireProcedure(em, code, lock);
    const row = await em.getRepository(ProcedureVersion).findOneBy({ procedureId: procedure.id, version });
    if (!row) throw new DomainError('not_found', `Procedure ${code} has no version ${version}.`);
    return { procedure, row };
  }
}
