import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@app/auth';
import { firstRow } from '@app/database';
import { DomainError } from '@app/observability';
import { notify } from '@app/routing';
import { checkRating, RatingInput, RatingLevel, RATING_LEVEL_TEXT } from './rating.rules';
import { RATING_CLOCK, RATING_OPTIONS, RatingClock, RatingOptions } from './rating.options';

/** Where a rating came from: the owner's signed-in page, the code and key of the receipt, a counter tablet. */
export type RatingChannel = 'online' | 'lookup' | 'counter';

export interface RatingView {
  level: RatingLevel;
  /** The criteria answered (key → level); those left without an opinion are absent. */
  criteria: Partial<Record<string, RatingLevel>>;
  comment: string | null;
  channel: RatingChannel;
  createdAt: Date;
  updatedAt: Date;
  editableUntil: Date;
  revision: number;
  /** The clerk who returned the result (from the dossier's trail): for the desk only, null on what citizens get. */
  clerkName: string | null;
}

/**
 * A dossier as the rating pages show it: no personal data (no applicant, no officer), only the code, the procedure,
 * the agency, whether it is returned, and the rating if one was given. `state` says what can be done now:
 * `not_returned` (nothing yet), `open` (rate it), `editable` (rated, may still be changed), `closed` (rated, final).
 */
export interface RatingTarget {
  dossierId: string;
  code: string | null;
  procedureName: string;
  agencyName: string;
  status: string;
  returnedAt: Date | null;
  rating: RatingView | null;
  state: 'not_returned' | 'open' | 'editable' | 'closed';
}

/** Who gives a rating: the owner (signed in), a holder of the receipt's code and key, or a paired counter tablet. */
export type Rater =
  | { kind: 'owner'; principal: Principal }
  | { kind: 'key' }
  | { kind: 'counter'; deviceId: string; clerkSubject: string };

/** How ratings are counted: by the receiving agency, the deciding agency, the procedure or the returning clerk. */
export type RatingDimension = 'agency' | 'deciding_agency' | 'procedure' | 'clerk';

export interface RatingCountRow {
  /** The agency's code, the procedure's national code, the clerk's subject; null for ratings without a clerk. */
  key: string | null;
  name: string | null;
  very_satisfied: number;
  satisfied: number;
  unsatisfied: number;
  total: number;
}

export interface CriterionCountRow {
  criterion: string;
  very_satisfied: number;
  satisfied: number;
  unsatisfied: number;
}

export interface RatingCountQuery {
  /** Only ratings of dossiers this agency answers for, on either side (its desk received it or it decided it). */
  agencyCode?: string;
  /** First and last day (Vietnam), both inclusive, of the day each rating was first given. */
  from: string;
  to: string;
}

export const NOTIFICATION_KIND_UNSATISFIED = 'rating_unsatisfied';

interface TargetRow {
  id: string;
  code: string | null;
  status: string;
  lookup_key: string;
  owner_subject: string | null;
  procedure_name: string;
  agency_name: string;
  returned_at: Date | null;
}

interface RatingRow {
  id: string;
  level: RatingLevel;
  comment: string | null;
  channel: RatingChannel;
  created_at: Date;
  updated_at: Date;
  editable_until: Date;
  revision: number;
  clerk_name: string | null;
  criteria: Array<{ k: string; l: RatingLevel }> | null;
}

const TARGET = `
  SELECT d.id, d.code, d.status, d.lookup_key, d.owner_subject, p.name AS procedure_name, a.name AS agency_name,
         d.returned_at
    FROM dossier d
    JOIN agency a ON a.id = d.agency_id
    JOIN procedure_version v ON v.id = d.procedure_version_id
    JOIN procedure p ON p.id = v.procedure_id`;

const RATING = `
  SELECT r.id, r.level, r.comment, r.channel, r.created_at, r.updated_at, r.editable_until, r.revision, r.clerk_name,
         (SELECT json_agg(json_build_object('k', c.criterion, 'l', c.level) ORDER BY c.criterion)
            FROM dossier_rating_criterion c WHERE c.rating_id = r.id) AS criteria
    FROM dossier_rating r`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function viewOf(r: RatingRow): RatingView {
  return {
    level: r.level,
    criteria: Object.fromEntries((r.criteria ?? []).map((c) => [c.k, c.l])),
    comment: r.comment,
    channel: r.channel,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    editableUntil: r.editable_until,
    revision: r.revision,
    clerkName: r.clerk_name,
  };
}

function notReturned(): DomainError {
  return new DomainError('conflict', 'This dossier can be rated once its result has been returned.', {
    extensions: { reason: 'not_returned' },
  });
}

function windowOver(until: Date): DomainError {
  return new DomainError(
    'conflict',
    `This dossier was rated and the rating could be changed until ${until.toISOString()}.`,
    {
      extensions: { reason: 'edit_window_over', editableUntil: until.toISOString() },
    },
  );
}

function alreadyRated(): DomainError {
  return new DomainError('conflict', 'This dossier has already been rated.', {
    extensions: { reason: 'already_rated' },
  });
}

/**
 * Citizens' ratings of the handling of their returned dossiers (NĐ 118/2025 Điều 30 khoản 2, 31, 33): the only writer
 * of `dossier_rating` and `dossier_rating_criterion`. One rating per dossier, changeable by the citizen for
 * `editDays` after it is first given; a counter tablet gives it once. A "Không hài lòng" reaches the leaders of the
 * agencies answering for the dossier, in the same transaction.
 */
@Injectable()
export class RatingService {
  private readonly clock: RatingClock;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RATING_OPTIONS) private readonly options: RatingOptions,
    @Optional() @Inject(RATING_CLOCK) clock?: RatingClock,
  ) {
    this.clock = clock ?? (() => new Date());
  }

  /** The signed-in owner's dossier (anyone else: not found, as if it did not exist). */
  async forOwner(principal: Principal, dossierId: string): Promise<RatingTarget> {
    const row = await this.ownerRow(this.dataSource.manager, principal, dossierId);
    return this.targetOf(this.dataSource.manager, row);
  }

  /** The dossier of a receipt's code and key; any mismatch answers not_found, like an unknown code. */
  async forKey(code: string, key: string): Promise<RatingTarget> {
    const row = await this.keyRow(this.dataSource.manager, code, key);
    return this.targetOf(this.dataSource.manager, row);
  }

  /** The rating of a dossier, for staff who may see the dossier (the caller checked that). */
  async ofDossier(dossierId: string): Promise<RatingView | null> {
    const [r] = await this.dataSource.query<RatingRow[]>(`${RATING} WHERE r.dossier_id = $1`, [dossierId]);
    return r ? viewOf(r) : null;
  }

  /** Rates (or, within the window, re-rates) the owner's dossier. */
  async rateAsOwner(principal: Principal, dossierId: string, raw: RatingRawInput): Promise<RatingView> {
    const input = checked(raw);
    return this.inTransaction(async (em) => {
      const row = await this.ownerRow(em, principal, dossierId, true);
      return this.save(em, row, input, { kind: 'owner', principal });
    });
  }

  /** Rates (or re-rates) the dossier of a receipt's code and key. */
  async rateWithKey(code: string, key: string, raw: RatingRawInput): Promise<RatingView> {
    const input = checked(raw);
    return this.inTransaction(async (em) => {
      const row = await this.keyRow(em, code, key, true);
      return this.save(em, row, input, { kind: 'key' });
    });
  }

  /**
   * Rates, from a paired counter tablet, the dossier its clerk returned last (within the counter window): once, never
   * changed from the tablet (the next person at the desk must not change the one before's). `dossierId` is the one the
   * tablet showed; if the clerk has returned another since, the tablet is told to show that one instead.
   */
  async rateAtCounter(
    device: { id: string; clerkSubject: string },
    dossierId: string,
    raw: RatingRawInput,
  ): Promise<RatingView> {
    const input = checked(raw);
    return this.inTransaction(async (em) => {
      const current = await this.lastReturnedBy(em, device.clerkSubject);
      if (!current || current.id !== dossierId) {
        throw new DomainError('conflict', 'The dossier shown is no longer the one just returned at this desk.', {
          extensions: { reason: 'counter_moved_on' },
        });
      }
      const row = firstRow(
        await em.query<TargetRow[]>(`${TARGET} WHERE d.id = $1 FOR UPDATE OF d`, [dossierId]),
        'dossier',
      );
      return this.save(em, row, input, { kind: 'counter', deviceId: device.id, clerkSubject: device.clerkSubject });
    });
  }

  /**
   * The dossier a counter tablet offers: the one its clerk returned most recently, if within the counter window and
   * still returned; with its rating when one was given.
   */
  async atCounter(clerkSubject: string): Promise<RatingTarget | null> {
    const current = await this.lastReturnedBy(this.dataSource.manager, clerkSubject);
    if (!current) return null;
    const row = firstRow(
      await this.dataSource.query<TargetRow[]>(`${TARGET} WHERE d.id = $1`, [current.id]),
      'dossier',
    );
    return this.targetOf(this.dataSource.manager, row);
  }

  /** Counts per level of the ratings first given in a period, by one dimension, busiest first. */
  async count(query: RatingCountQuery, by: RatingDimension): Promise<RatingCountRow[]> {
    const { where, params } = countFilter(query);
    const group = {
      agency: { key: 'ag.code', name: 'ag.name', join: 'JOIN agency ag ON ag.id = r.agency_id' },
      deciding_agency: { key: 'ag.code', name: 'ag.name', join: 'JOIN agency ag ON ag.id = r.deciding_agency_id' },
      procedure: { key: 'p.code', name: 'p.name', join: 'JOIN procedure p ON p.id = r.procedure_id' },
      clerk: { key: 'r.clerk_subject', name: 'max(r.clerk_name)', join: '' },
    }[by];
    const nameGroup = by === 'clerk' ? '' : `, ${group.name}`;
    return this.dataSource.query<RatingCountRow[]>(
      `SELECT ${group.key} AS key, ${group.name} AS name,
              count(*) FILTER (WHERE r.level = 'very_satisfied')::int AS very_satisfied,
              count(*) FILTER (WHERE r.level = 'satisfied')::int AS satisfied,
              count(*) FILTER (WHERE r.level = 'unsatisfied')::int AS unsatisfied,
              count(*)::int AS total
         FROM dossier_rating r ${group.join}
        WHERE ${where}
        GROUP BY ${group.key}${nameGroup}
        ORDER BY total DESC, name NULLS LAST, key NULLS LAST`,
      params,
    );
  }

  /** Counts per level of each Điều 33 criterion answered in the ratings of a period. */
  async countCriteria(query: RatingCountQuery): Promise<CriterionCountRow[]> {
    const { where, params } = countFilter(query);
    return this.dataSource.query<CriterionCountRow[]>(
      `SELECT c.criterion,
              count(*) FILTER (WHERE c.level = 'very_satisfied')::int AS very_satisfied,
              count(*) FILTER (WHERE c.level = 'satisfied')::int AS satisfied,
              count(*) FILTER (WHERE c.level = 'unsatisfied')::int AS unsatisfied
         FROM dossier_rating r JOIN dossier_rating_criterion c ON c.rating_id = r.id
        WHERE ${where}
        GROUP BY c.criterion ORDER BY c.criterion`,
      params,
    );
  }

  private async inTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    // Two first ratings at once: the second meets the unique constraint and is run again, now as a change.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (err) {
        const unique = (err as { code?: string; constraint?: string }).constraint === 'dossier_rating_dossier_uq';
        if (!unique || attempt >= 2) throw err;
      }
    }
  }

  private async ownerRow(em: EntityManager, principal: Principal, id: string, lock = false): Promise<TargetRow> {
    const [row] = await em.query<TargetRow[]>(
      `${TARGET} WHERE d.id = $1 AND d.owner_subject = $2 AND d.status <> 'draft'${lock ? ' FOR UPDATE OF d' : ''}`,
      [id, principal.subject],
    );
    if (!row) throw new DomainError('not_found', 'No such dossier.');
    return row;
  }

  private async keyRow(em: EntityManager, code: string, key: string, lock = false): Promise<TargetRow> {
    const [row] = await em.query<TargetRow[]>(`${TARGET} WHERE d.code = $1${lock ? ' FOR UPDATE OF d' : ''}`, [
      code.trim(),
    ]);
    const given = Buffer.from(key.trim().toUpperCase());
    const matches =
      row !== undefined &&
      given.length === row.lookup_key.length &&
      timingSafeEqual(given, Buffer.from(row.lookup_key));
    if (!row || !matches) throw new DomainError('not_found', 'No dossier matches this code and key.');
    return row;
  }

  private async targetOf(em: EntityManager, row: TargetRow): Promise<RatingTarget> {
    const [r] = await em.query<RatingRow[]>(`${RATING} WHERE r.dossier_id = $1`, [row.id]);
    // Citizens and tablets never see who handled it: the clerk's name is the desk's (ofDossier).
    const rating = r ? { ...viewOf(r), clerkName: null } : null;
    const now = this.clock();
    const state: RatingTarget['state'] =
      row.status !== 'returned'
        ? rating
          ? 'closed'
          : 'not_returned'
        : !rating
          ? 'open'
          : rating.editableUntil.getTime() > now.getTime()
            ? 'editable'
            : 'closed';
    return {
      dossierId: row.id,
      code: row.code,
      procedureName: row.procedure_name,
      agencyName: row.agency_name,
      status: row.status,
      returnedAt: row.returned_at,
      rating,
      state,
    };
  }

  /** The dossier a clerk returned last, when within the counter window and still returned. */
  private async lastReturnedBy(em: EntityManager, clerkSubject: string): Promise<{ id: string } | null> {
    const since = new Date(this.clock().getTime() - this.options.counterWindowMinutes * 60_000);
    const [row] = await em.query<Array<{ id: string; status: string }>>(
      `SELECT d.id, d.status
         FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id
        WHERE e.actor_subject = $1 AND e.action = 'return_result' AND e.occurred_at > $2
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT 1`,
      [clerkSubject, since],
    );
    return row && row.status === 'returned' ? { id: row.id } : null;
  }

  private async save(em: EntityManager, dossier: TargetRow, input: RatingInput, rater: Rater): Promise<RatingView> {
    if (dossier.status !== 'returned') throw notReturned();
    const now = this.clock();
    const [existing] = await em.query<
      Array<{ id: string; level: RatingLevel; comment: string | null; editable_until: Date }>
    >(`SELECT id, level, comment, editable_until FROM dossier_rating WHERE dossier_id = $1 FOR UPDATE`, [dossier.id]);
    let ratingId: string;
    if (existing) {
      if (rater.kind === 'counter') throw alreadyRated();
      if (existing.editable_until.getTime() <= now.getTime()) throw windowOver(existing.editable_until);
      await em.query(
        `UPDATE dossier_rating SET level = $2, comment = $3, updated_at = $4, revision = revision + 1 WHERE id = $1`,
        [existing.id, input.level, input.comment, now],
      );
      await em.query(`DELETE FROM dossier_rating_criterion WHERE rating_id = $1`, [existing.id]);
      ratingId = existing.id;
    } else {
      const inserted = await em.query<Array<{ id: string }>>(
        `INSERT INTO dossier_rating (dossier_id, level, comment, channel, counter_device_id, rater_subject, agency_id,
                                     deciding_agency_id, procedure_id, clerk_subject, clerk_name, returned_at, rated_on,
                                     created_at, updated_at, editable_until)
         SELECT d.id, $2, $3, $4, $5, $6, d.agency_id, COALESCE(d.deciding_agency_id, d.agency_id), v.procedure_id,
                ret.actor_subject, ret.actor_name, d.returned_at, ($7::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                $7, $7, $7::timestamptz + make_interval(days => $8)
           FROM dossier d
           JOIN procedure_version v ON v.id = d.procedure_version_id
           LEFT JOIN LATERAL (
             SELECT e.actor_subject, e.actor_name FROM dossier_event e
              WHERE e.dossier_id = d.id AND e.action = 'return_result' ORDER BY e.id DESC LIMIT 1) ret ON true
          WHERE d.id = $1
         RETURNING id`,
        [
          dossier.id,
          input.level,
          input.comment,
          channelOf(rater),
          rater.kind === 'counter' ? rater.deviceId : null,
          rater.kind === 'owner' ? rater.principal.subject : null,
          now,
          this.options.editDays,
        ],
      );
      ratingId = firstRow(inserted, 'dossier_rating').id;
    }
    const answered = Object.entries(input.criteria).filter((e): e is [string, RatingLevel] => e[1] !== undefined);
    if (answered.length > 0) {
      await em.query(
        `INSERT INTO dossier_rating_criterion (rating_id, criterion, level)
         SELECT $1, k, l FROM unnest($2::text[], $3::text[]) AS x(k, l)`,
        [ratingId, answered.map(([k]) => k), answered.map(([, l]) => l)],
      );
    }
    const becameUnsatisfied =
      input.level === 'unsatisfied' &&
      (!existing || existing.level !== 'unsatisfied' || existing.comment !== input.comment);
    if (becameUnsatisfied) await this.tellLeaders(em, dossier, input.comment);
    const saved = viewOf(
      firstRow(await em.query<RatingRow[]>(`${RATING} WHERE r.id = $1`, [ratingId]), 'dossier_rating'),
    );
    return { ...saved, clerkName: null };
  }

  /**
   * A "Không hài lòng" to the leaders of each agency answering for the dossier — its receiving desk and, when another
   * agency decided it, that one too (a ceased agency's successor stands in for it) — with the citizen's comment.
   */
  private async tellLeaders(em: EntityManager, dossier: TargetRow, comment: string | null): Promise<void> {
    const agencies = await em.query<Array<{ id: string }>>(
      `SELECT s.id FROM (
         SELECT agency_answering(x.id) AS id, min(x.side) AS side
           FROM dossier d CROSS JOIN LATERAL (VALUES (d.agency_id, 1), (d.deciding_agency_id, 2)) AS x(id, side)
          WHERE d.id = $1 AND x.id IS NOT NULL
          GROUP BY 1) s
        ORDER BY s.side`,
      [dossier.id],
    );
    const level = RATING_LEVEL_TEXT.unsatisfied.vi;
    const message =
      `Công dân đánh giá “${level}” về việc giải quyết hồ sơ ${dossier.code ?? ''} (${dossier.procedure_name}). ` +
      (comment ? `Ý kiến của công dân: “${comment}”` : 'Công dân không ghi ý kiến.');
    for (const a of agencies) {
      await notify(em, {
        agencyId: a.id,
        role: 'leader',
        dossierId: dossier.id,
        kind: NOTIFICATION_KIND_UNSATISFIED,
        message,
      });
    }
  }
}

/** A rating as a page or the API sent it, checked by `checkRating`. */
export interface RatingRawInput {
  level?: unknown;
  criteria?: unknown;
  comment?: unknown;
}

function checked(raw: RatingRawInput): RatingInput {
  const result = checkRating(raw);
  if (!result.ok) {
    throw new DomainError('validation_failed', 'The rating is not valid.', { errors: result.problems });
  }
  return result.value;
}

function channelOf(rater: Rater): RatingChannel {
  switch (rater.kind) {
    case 'owner':
      return 'online';
    case 'key':
      return 'lookup';
    case 'counter':
      return 'counter';
  }
}

function countFilter(query: RatingCountQuery): { where: string; params: unknown[] } {
  const problems = (['from', 'to'] as const)
    .filter((f) => !DATE.test(query[f]) || Number.isNaN(Date.parse(`${query[f]}T00:00:00Z`)))
    .map((field) => ({ field, messages: ['must be a date YYYY-MM-DD'] }));
  if (problems.length === 0 && query.from > query.to) {
    problems.push({ field: 'to', messages: ['must not be before from'] });
  }
  if (problems.length > 0) throw new DomainError('validation_failed', 'The period is not valid.', { errors: problems });
  const params: unknown[] = [query.from, query.to];
  let where = 'r.rated_on BETWEEN $1::date AND $2::date';
  if (query.agencyCode !== undefined) {
    params.push(query.agencyCode);
    where += ` AND (SELECT id FROM agency WHERE code = $3) IN (agency_answering(r.agency_id), agency_answering(r.deciding_agency_id))`;
  }
  return { where, params };
}
