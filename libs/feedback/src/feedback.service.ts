import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@app/auth';
import { CalendarService, DEFAULT_CALENDAR_CODE } from '@app/calendar';
import { blurRegions, processPhoto, type ProcessedPhoto } from '@app/media';
import { DomainError, FieldProblem } from '@app/observability';
import { notify } from '@app/routing';
import type {
  CategoryAttribute,
  DuplicateCandidate,
  FeedbackApi,
  FeedbackCategory,
  HandlingAction,
  NewPhoto,
  PublicReport,
  ReportDetail,
  ReportEvent,
  ReportPhoto,
  ReportQuery,
  ReportStatus,
  Reporter,
  SubmitReportInput,
  SubmittedReport,
  TriageAction,
} from './feedback.contract';
import { REJECT_REASONS } from './feedback.contract';
import {
  boundingBox,
  distanceMeters,
  handlingTarget,
  REPORT_NUMBER,
  reportNumber,
  triageTarget,
} from './feedback.rules';

/** Tunables of the feedback services (FeedbackModule.forRoot). */
export interface FeedbackOptions {
  maxPhotoBytes: number;
  /** Duplicate proposals: same category within this distance and this many days. */
  duplicateRadiusMeters: number;
  duplicateWindowDays: number;
  /** The agency of the operations desk (the ward's people's committee): urgent reports alert its operators. */
  deskAgencyCode: string;
}

export const DEFAULT_FEEDBACK_OPTIONS: FeedbackOptions = {
  maxPhotoBytes: 8 * 1024 * 1024,
  duplicateRadiusMeters: 150,
  duplicateWindowDays: 7,
  deskAgencyCode: '000.17.22.H56',
};

export const FEEDBACK_OPTIONS = Symbol('FEEDBACK_OPTIONS');

/** A photo checked and its public copy made, with the bytes as uploaded (kept for staff). */
type StoredPhoto = ProcessedPhoto & { original: Buffer };

/** Roles of a unit's staff: they handle the reports assigned to their agency. */
const UNIT_ROLES = ['clerk', 'specialist', 'leader', 'agency_officer'];
const MAX_PHOTOS = 5;

interface CategoryRow {
  code: string;
  name_vi: string;
  name_en: string;
  description_vi: string;
  description_en: string;
  group_vi: string;
  group_en: string;
  default_agency_code: string;
  limit_value: string;
  limit_unit: 'working_hours' | 'working_days';
  urgent: boolean;
  active: boolean;
  attributes: CategoryAttribute[];
}

interface ReportRow {
  id: string;
  number: string;
  category_code: string;
  name_vi: string;
  name_en: string;
  status: ReportStatus;
  description: string;
  lat: number;
  lng: number;
  address: string | null;
  agency_id: string | null;
  agency_code: string | null;
  agency_name: string | null;
  answer: string | null;
  received_at: Date;
  updated_at: Date;
  due_at: Date | null;
  resolved_at: Date | null;
  merged_number: string | null;
  status_note: string | null;
  channel: 'web' | 'open311';
  reporter_subject: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  reporter_email: string | null;
  anonymous: boolean;
  follow_token_hash: string | null;
  published: boolean;
  urgent: boolean;
  attributes: Record<string, string | string[]>;
  reject_reason: ReportDetail['rejectReason'];
  reopen_count: number;
  deadline_state: 'near_due' | 'overdue' | null;
}

const REPORT_SELECT = `
  SELECT r.id, r.number, r.category_code, c.name_vi, c.name_en, r.status, r.description, r.lat, r.lng, r.address,
         r.agency_id, a.code AS agency_code, a.name AS agency_name, r.answer, r.received_at, r.updated_at, r.due_at,
         r.resolved_at, m.number AS merged_number, r.status_note, r.channel, r.reporter_subject, r.reporter_name,
         r.reporter_phone, r.reporter_email, r.anonymous, r.follow_token_hash, r.published, r.urgent, r.attributes,
         r.reject_reason, r.reopen_count, r.deadline_state
    FROM feedback_report r
    JOIN feedback_category c ON c.code = r.category_code
    LEFT JOIN agency a ON a.id = r.agency_id
    LEFT JOIN feedback_report m ON m.id = r.merged_into`;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function invalid(errors: FieldProblem[]): DomainError {
  return new DomainError('validation_failed', errors.map((e) => `${e.field} ${e.messages[0]}`).join('; '), {
    errors,
  });
}

/** Who may see and act on which reports. */
type Scope = { kind: 'desk'; agencyId: string | null } | { kind: 'unit'; agencyId: string };

/**
 * Phản ánh hiện trường: the one writer of the feedback_* tables. Every change of a report is one transaction with its
 * trail row; every read checks who asks (the public sees published reports without any personal data; a reporter
 * their own; the operations desk every report; a unit the reports assigned to it).
 */
@Injectable()
export class FeedbackService implements FeedbackApi {
  private readonly options: FeedbackOptions;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendar: CalendarService,
    @Optional() @Inject(FEEDBACK_OPTIONS) options?: Partial<FeedbackOptions>,
  ) {
    this.options = { ...DEFAULT_FEEDBACK_OPTIONS, ...options };
  }

  // ------------------------------------------------------------------ categories

  async categories(opts: { includeInactive?: boolean } = {}): Promise<FeedbackCategory[]> {
    const rows = await this.ds.query<CategoryRow[]>(
      `SELECT c.*, a.code AS default_agency_code FROM feedback_category c JOIN agency a ON a.id = c.default_agency_id
        WHERE $1 OR c.active ORDER BY c.sort, c.code`,
      [opts.includeInactive === true],
    );
    return rows.map(toCategory);
  }

  async category(code: string): Promise<FeedbackCategory | null> {
    return (await this.categories({ includeInactive: true })).find((c) => c.code === code) ?? null;
  }

  // ------------------------------------------------------------------ reporting

  async submit(reporter: Reporter, input: SubmitReportInput): Promise<SubmittedReport> {
    const errors: FieldProblem[] = [];
    const category = typeof input.categoryCode === 'string' ? await this.category(input.categoryCode) : null;
    if (!category || !category.active) errors.push({ field: 'categoryCode', messages: ['is not a category'] });
    const description = typeof input.description === 'string' ? input.description.trim() : '';
    if (description.length < 10) errors.push({ field: 'description', messages: ['needs at least 10 characters'] });
    if (description.length > 4000) errors.push({ field: 'description', messages: ['is longer than 4000 characters'] });
    const photos = input.photos ?? [];
    if (photos.length < 1) errors.push({ field: 'photos', messages: ['needs at least one photo'], code: 'too_few' });
    if (photos.length > MAX_PHOTOS) {
      errors.push({ field: 'photos', messages: [`takes at most ${MAX_PHOTOS} photos`], code: 'too_many' });
    }
    const address = typeof input.address === 'string' && input.address.trim() ? input.address.trim() : null;
    if (address && address.length > 300) errors.push({ field: 'address', messages: ['is longer than 300 characters'] });
    if (input.location && !validPoint(input.location)) {
      errors.push({ field: 'location', messages: ['must be a latitude and a longitude'] });
    }
    if (category) errors.push(...checkAttributes(category, input.attributes ?? {}));
    if (errors.length > 0) throw invalid(errors);
    // Photos are decoded before the transaction: a refused one leaves nothing behind.
    const processed = await this.processAll(photos);
    const location = input.location ?? processed.find((p) => p.gps)?.gps ?? null;
    if (!location) {
      throw invalid([
        { field: 'location', messages: ['pick the place on the map (the photos carry no location)'], code: 'required' },
      ]);
    }
    const who = reporterColumns(reporter);
    const followToken = who.anonymous ? randomBytes(18).toString('base64url') : null;
    return this.ds.transaction(async (em) => {
      const number = await this.allocateNumber(em);
      const [row] = await em.query<Array<{ id: string }>>(
        `INSERT INTO feedback_report (number, category_code, description, lat, lng, address, channel, reporter_subject,
                reporter_name, reporter_phone, reporter_email, anonymous, follow_token_hash, client_id, device_id,
                attributes, urgent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
        [
          number,
          category!.code,
          description,
          location.lat,
          location.lng,
          address,
          input.channel,
          who.subject,
          who.name,
          who.phone,
          who.email,
          who.anonymous,
          followToken ? sha256(followToken) : null,
          who.clientId,
          who.deviceId,
          JSON.stringify(input.attributes ?? {}),
          category!.urgent,
        ],
      );
      const id = row!.id;
      await this.storePhotos(em, id, 'report', processed);
      await this.trail(em, id, 'submitted', null, 'new', who.actor, null);
      if (category!.urgent) {
        // Urgent categories reach the operations desk at once (its in-app notifications, and the staff's e-mail).
        await notify(em, {
          agencyId: await this.agencyIdOf(em, this.options.deskAgencyCode),
          role: 'feedback_operator',
          kind: 'feedback_urgent',
          message: `Phản ánh khẩn ${number}: ${category!.name.vi} — ${description.slice(0, 120)}`,
        });
      }
      return { id, number, followToken };
    });
  }

  // ------------------------------------------------------------------ reading

  async publicList(query: ReportQuery): Promise<{ items: PublicReport[]; total: number }> {
    const { where, params } = listFilter(query, ['r.published']);
    const [rows, [count]] = await Promise.all([
      this.ds.query<ReportRow[]>(
        `${REPORT_SELECT} WHERE ${where} ORDER BY r.updated_at DESC, r.id LIMIT ${limitOf(query)} OFFSET ${offsetOf(query)}`,
        params,
      ),
      this.ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM feedback_report r WHERE ${where}`, params),
    ]);
    const photos = await this.photosOf(rows.map((r) => r.id));
    return { items: rows.map((r) => toPublic(r, photos.get(r.id) ?? [])), total: count?.n ?? 0 };
  }

  async publicReport(idOrNumber: string): Promise<PublicReport | null> {
    const row = await this.findRow(idOrNumber);
    if (!row || !row.published) return null;
    return toPublic(row, (await this.photosOf([row.id])).get(row.id) ?? []);
  }

  async myReports(principal: Principal, query: ReportQuery): Promise<{ items: ReportDetail[]; total: number }> {
    const { where, params } = listFilter(query, [], [principal.subject]);
    const clause = `r.reporter_subject = $1 AND ${where}`;
    return this.detailList(clause, params, query);
  }

  async reportByFollowToken(number: string, token: string): Promise<ReportDetail | null> {
    const row = await this.findRow(number);
    if (!row?.follow_token_hash || !sameHash(row.follow_token_hash, sha256(token))) return null;
    return this.detail(row);
  }

  async staffList(principal: Principal, query: ReportQuery): Promise<{ items: ReportDetail[]; total: number }> {
    const scope = await this.scopeOf(principal);
    const extra = scope.kind === 'unit' ? [scope.agencyId] : [];
    const { where, params } = listFilter(query, scope.kind === 'unit' ? ['r.agency_id = $1'] : [], extra);
    return this.detailList(where, params, query);
  }

  async staffReport(principal: Principal, id: string): Promise<ReportDetail> {
    const row = await this.visibleRow(principal, id);
    return this.detail(row);
  }

  async duplicatesOf(principal: Principal, id: string): Promise<DuplicateCandidate[]> {
    const row = await this.visibleRow(principal, id);
    const box = boundingBox(row, this.options.duplicateRadiusMeters);
    // The composite index (category, lat, lng) narrows to the box; the exact distance is computed here.
    const rows = await this.ds.query<ReportRow[]>(
      `${REPORT_SELECT}
        WHERE r.category_code = $1 AND r.id <> $2 AND r.status NOT IN ('merged', 'rejected', 'transferred')
          AND r.lat BETWEEN $3 AND $4 AND r.lng BETWEEN $5 AND $6
          AND r.received_at BETWEEN $7::timestamptz - make_interval(days => $8) AND $7::timestamptz + make_interval(days => $8)
        ORDER BY r.received_at LIMIT 50`,
      [
        row.category_code,
        row.id,
        box.minLat,
        box.maxLat,
        box.minLng,
        box.maxLng,
        row.received_at,
        this.options.duplicateWindowDays,
      ],
    );
    const photos = await this.photosOf(rows.map((r) => r.id));
    return rows
      .map((r) => ({ report: toPublic(r, photos.get(r.id) ?? []), distanceMeters: Math.round(distanceMeters(row, r)) }))
      .filter((c) => c.distanceMeters <= this.options.duplicateRadiusMeters)
      .sort((a, b) => a.distanceMeters - b.distanceMeters);
  }

  // ------------------------------------------------------------------ acting

  async triage(principal: Principal, id: string, action: TriageAction): Promise<ReportDetail> {
    const scope = await this.scopeOf(principal);
    if (scope.kind !== 'desk') throw new DomainError('forbidden', 'Only the operations desk triages reports.');
    await this.ds.transaction(async (em) => {
      const row = await this.lockRow(em, id);
      const to = triageTarget(action.kind, row.status);
      if (!to) {
        throw new DomainError(
          'action_not_available',
          `A report that is ${row.status} cannot be sent to ${action.kind}.`,
        );
      }
      const actor = actorOf(principal, 'feedback_operator');
      switch (action.kind) {
        case 'accept':
          await em.query(
            `UPDATE feedback_report SET status = 'accepted', published = true, accepted_at = now(), updated_at = now()
              WHERE id = $1`,
            [id],
          );
          break;
        case 'reject': {
          const note = (action.note ?? '').trim();
          const errors: FieldProblem[] = [];
          if (!(REJECT_REASONS as readonly string[]).includes(action.reason)) {
            errors.push({ field: 'reason', messages: ['is not a reason'] });
          }
          if (note.length < 5)
            errors.push({ field: 'note', messages: ['tell the reporter why (5 characters or more)'] });
          if (errors.length) throw invalid(errors);
          await em.query(
            `UPDATE feedback_report SET status = 'rejected', reject_reason = $2, status_note = $3, published = false,
                    updated_at = now() WHERE id = $1`,
            [id, action.reason, note],
          );
          break;
        }
        case 'merge': {
          const [into] = await em.query<Array<{ id: string; status: ReportStatus }>>(
            `SELECT id, status FROM feedback_report WHERE id::text = $1 AND id <> $2`,
            [action.intoReportId, id],
          );
          if (!into || ['merged', 'rejected', 'transferred'].includes(into.status)) {
            throw invalid([{ field: 'intoReportId', messages: ['is not a report this one can be merged into'] }]);
          }
          await em.query(
            `UPDATE feedback_report SET status = 'merged', merged_into = $2, status_note = $3, updated_at = now()
              WHERE id = $1`,
            [id, into.id, action.note?.trim() || null],
          );
          break;
        }
        case 'assign': {
          const [agency] = await em.query<Array<{ id: string; name: string }>>(
            `SELECT id, name FROM agency WHERE code = $1 AND active`,
            [action.agencyCode],
          );
          if (!agency) throw invalid([{ field: 'agencyCode', messages: ['is not an agency of the directory'] }]);
          const category = (await this.category(row.category_code))!;
          const dueAt = await this.dueFrom(new Date(), category);
          await em.query(
            `UPDATE feedback_report SET status = 'assigned', agency_id = $2, published = true,
                    accepted_at = coalesce(accepted_at, now()), assigned_at = now(), due_at = $3, deadline_state = NULL,
                    status_note = $4, updated_at = now()
              WHERE id = $1`,
            [id, agency.id, dueAt, `Đã chuyển ${agency.name} xử lý`],
          );
          await notifyUnit(
            em,
            agency.id,
            'feedback_assigned',
            `Phản ánh ${row.number} (${category.name.vi}) được chuyển đến đơn vị xử lý.`,
          );
          break;
        }
        case 'transfer': {
          const ward = action.wardName?.trim() ?? '';
          if (ward.length < 3) throw invalid([{ field: 'wardName', messages: ['name the ward it goes to'] }]);
          await em.query(
            `UPDATE feedback_report SET status = 'transferred', status_note = $2, updated_at = now() WHERE id = $1`,
            [id, `Chuyển ${ward}${action.note?.trim() ? `: ${action.note.trim()}` : ''}`],
          );
          break;
        }
        case 'set_published':
          await em.query(`UPDATE feedback_report SET published = $2, updated_at = now() WHERE id = $1`, [
            id,
            action.published === true,
          ]);
          break;
      }
      const note = 'note' in action ? (action.note ?? null) : null;
      await this.trail(em, id, action.kind, row.status, to, actor, note);
    });
    return this.staffReport(principal, id);
  }

  async handle(principal: Principal, id: string, action: HandlingAction): Promise<ReportDetail> {
    const scope = await this.scopeOf(principal);
    const row = await this.visibleRow(principal, id);
    if (scope.kind !== 'unit' || row.agency_id !== scope.agencyId) {
      throw new DomainError('forbidden', 'Only the unit the report is assigned to handles it.');
    }
    const processed = action.kind === 'answer' ? await this.processAll(action.photos ?? [], 0) : [];
    await this.ds.transaction(async (em) => {
      const locked = await this.lockRow(em, id);
      const to = handlingTarget(action.kind, locked.status);
      if (!to) {
        throw new DomainError(
          'action_not_available',
          `A report that is ${locked.status} cannot be sent to ${action.kind}.`,
        );
      }
      const actor = actorOf(principal, principal.roles.find((r) => UNIT_ROLES.includes(r)) ?? 'staff');
      let note: string | null = null;
      switch (action.kind) {
        case 'acknowledge':
        case 'start':
          note = action.note?.trim() || null;
          await em.query(`UPDATE feedback_report SET status = $2, updated_at = now() WHERE id = $1`, [id, to]);
          break;
        case 'request_info':
          note = action.question?.trim() ?? '';
          if (note.length < 5) throw invalid([{ field: 'question', messages: ['ask the reporter what is missing'] }]);
          await em.query(
            `UPDATE feedback_report SET status = 'info_requested', status_note = $2, updated_at = now() WHERE id = $1`,
            [id, note],
          );
          break;
        case 'answer': {
          const text = action.text?.trim() ?? '';
          if (text.length < 10) throw invalid([{ field: 'text', messages: ['needs at least 10 characters'] }]);
          await em.query(
            `UPDATE feedback_report SET status = 'resolved', answer = $2, resolved_at = now(), deadline_state = NULL,
                    status_note = NULL, updated_at = now() WHERE id = $1`,
            [id, text],
          );
          await this.storePhotos(em, id, 'answer', processed);
          break;
        }
        case 'hand_back':
          note = action.reason?.trim() ?? '';
          if (note.length < 5) throw invalid([{ field: 'reason', messages: ['say why the unit hands it back'] }]);
          await em.query(
            `UPDATE feedback_report SET status = 'accepted', agency_id = NULL, due_at = NULL, deadline_state = NULL,
                    status_note = NULL, updated_at = now() WHERE id = $1`,
            [id],
          );
          break;
      }
      await this.trail(em, id, action.kind, locked.status, to, actor, note);
    });
    return this.staffReport(principal, id);
  }

  async addInformation(
    who: { principal: Principal } | { followToken: string },
    id: string,
    text: string,
    photos: NewPhoto[],
  ): Promise<ReportDetail> {
    const row = await this.reporterRow(who, id);
    const clean = text?.trim() ?? '';
    if (clean.length < 5) throw invalid([{ field: 'text', messages: ['needs at least 5 characters'] }]);
    const processed = await this.processAll(photos ?? [], 0);
    await this.ds.transaction(async (em) => {
      const locked = await this.lockRow(em, row.id);
      if (locked.status !== 'info_requested') {
        throw new DomainError('action_not_available', 'No information was asked for on this report.');
      }
      const counted = await em.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM feedback_photo WHERE report_id = $1 AND kind = 'report'`,
        [row.id],
      );
      const n = counted[0]?.n ?? 0;
      if (n + processed.length > MAX_PHOTOS) {
        throw invalid([
          { field: 'photos', messages: [`a report takes at most ${MAX_PHOTOS} photos`], code: 'too_many' },
        ]);
      }
      await em.query(`UPDATE feedback_report SET status = 'in_progress', updated_at = now() WHERE id = $1`, [row.id]);
      await this.storePhotos(em, row.id, 'report', processed, n);
      await this.trail(em, row.id, 'information_added', 'info_requested', 'in_progress', reporterActor(row), clean);
      if (locked.agency_id) {
        await notifyUnit(
          em,
          locked.agency_id,
          'feedback_information',
          `Người phản ánh đã bổ sung thông tin cho phản ánh ${locked.number}.`,
        );
      }
    });
    return this.detail((await this.findRow(row.id))!);
  }

  async rate(
    who: { principal: Principal } | { followToken: string },
    id: string,
    rating: { level: 'very_satisfied' | 'satisfied' | 'unsatisfied'; comment?: string },
  ): Promise<ReportDetail> {
    const row = await this.reporterRow(who, id);
    if (!['very_satisfied', 'satisfied', 'unsatisfied'].includes(rating?.level)) {
      throw invalid([{ field: 'level', messages: ['choose one of the three levels'], code: 'required' }]);
    }
    const comment = rating.comment?.trim() || null;
    if (comment && comment.length > 1000)
      throw invalid([{ field: 'comment', messages: ['is longer than 1000 characters'] }]);
    await this.ds.transaction(async (em) => {
      const locked = await this.lockRow(em, row.id);
      if (locked.status !== 'resolved')
        throw new DomainError('action_not_available', 'Only an answered report is rated.');
      const round = locked.reopen_count + 1;
      const inserted = await em.query<unknown[]>(
        `INSERT INTO feedback_rating (report_id, round, level, comment) VALUES ($1, $2, $3, $4)
         ON CONFLICT (report_id, round) DO NOTHING RETURNING report_id`,
        [row.id, round, rating.level, comment],
      );
      if (inserted.length === 0) throw new DomainError('conflict', 'This answer is already rated.');
      // An unsatisfied reporter reopens the report once: back to the same unit, with a new deadline.
      if (rating.level === 'unsatisfied' && locked.reopen_count === 0 && locked.agency_id) {
        const category = (await this.category(locked.category_code))!;
        await em.query(
          `UPDATE feedback_report SET status = 'assigned', reopen_count = 1, resolved_at = NULL, due_at = $2,
                  assigned_at = now(), updated_at = now() WHERE id = $1`,
          [row.id, await this.dueFrom(new Date(), category)],
        );
        await this.trail(em, row.id, 'reopened', 'resolved', 'assigned', reporterActor(row), comment);
        await notify(em, {
          agencyId: locked.agency_id,
          role: 'leader',
          kind: 'feedback_reopened',
          message: `Phản ánh ${locked.number} được mở lại: người phản ánh không hài lòng với kết quả.`,
        });
      } else {
        await em.query(`UPDATE feedback_report SET updated_at = now() WHERE id = $1`, [row.id]);
        await this.trail(em, row.id, 'rated', 'resolved', 'resolved', reporterActor(row), null);
      }
    });
    return this.detail((await this.findRow(row.id))!);
  }

  async photo(
    who: Principal | null,
    photoId: string,
    variant: 'public' | 'original',
  ): Promise<{ bytes: Buffer; contentType: string }> {
    const [row] = await this.ds.query<
      Array<{
        report_id: string;
        published: boolean;
        bytes: Buffer;
        content_type: string;
        reporter_subject: string | null;
      }>
    >(
      `SELECT p.report_id, r.published, r.reporter_subject, c.bytes, c.content_type
         FROM feedback_photo p JOIN feedback_report r ON r.id = p.report_id
         JOIN feedback_photo_content c ON c.sha256 = CASE WHEN $2 = 'original' THEN p.original_sha256 ELSE p.public_sha256 END
        WHERE p.id::text = $1`,
      [photoId, variant],
    );
    if (!row) throw new DomainError('not_found', 'No such photo.');
    const own = who !== null && row.reporter_subject === who.subject;
    if (variant === 'original' || !(row.published || own)) {
      // Staff see originals (and unpublished public copies) of reports they may see; others get the same 404.
      if (!who || !(await this.canSee(who, row.report_id))) throw new DomainError('not_found', 'No such photo.');
    }
    return { bytes: row.bytes, contentType: row.content_type };
  }

  async blurPhoto(
    principal: Principal,
    photoId: string,
    regions: { x: number; y: number; width: number; height: number }[],
  ): Promise<ReportPhoto> {
    const scope = await this.scopeOf(principal);
    if (scope.kind !== 'desk') throw new DomainError('forbidden', 'Only the operations desk blurs photos.');
    const original = await this.photo(principal, photoId, 'original');
    const blurred = await blurRegions(original.bytes, Array.isArray(regions) ? regions : []);
    const publicSha = createHash('sha256').update(blurred.bytes).digest('hex');
    const [row] = await this.ds.transaction(async (em) => {
      await this.putContent(em, publicSha, 'image/jpeg', blurred.bytes);
      // TypeORM answers an UPDATE … RETURNING with [rows, count].
      const [updated] = await em.query<
        [Array<{ id: string; kind: 'report' | 'answer'; width: number; height: number; report_id: string }>, number]
      >(
        `UPDATE feedback_photo SET public_sha256 = $2, blurred = true WHERE id::text = $1
         RETURNING id, kind, width, height, report_id`,
        [photoId, publicSha],
      );
      const u = updated[0]!;
      const [r] = await em.query<Array<{ status: ReportStatus }>>(`SELECT status FROM feedback_report WHERE id = $1`, [
        u.report_id,
      ]);
      await this.trail(
        em,
        u.report_id,
        'photo_blurred',
        r!.status,
        r!.status,
        actorOf(principal, 'feedback_operator'),
        null,
      );
      return updated;
    });
    return { id: row!.id, kind: row!.kind, width: row!.width, height: row!.height, blurred: true };
  }

  // ------------------------------------------------------------------ internals

  private async processAll(photos: NewPhoto[], min = 1): Promise<StoredPhoto[]> {
    if (photos.length < min || photos.length > MAX_PHOTOS) {
      throw invalid([{ field: 'photos', messages: [`send ${min} to ${MAX_PHOTOS} photos`], code: 'too_many' }]);
    }
    const out: StoredPhoto[] = [];
    for (const p of photos) {
      out.push({ ...(await processPhoto(p.bytes, { maxBytes: this.options.maxPhotoBytes })), original: p.bytes });
    }
    return out;
  }

  private async putContent(em: EntityManager, sha: string, type: string, bytes: Buffer): Promise<void> {
    await em.query(
      `INSERT INTO feedback_photo_content (sha256, content_type, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [sha, type, bytes],
    );
  }

  private async storePhotos(
    em: EntityManager,
    reportId: string,
    kind: 'report' | 'answer',
    photos: StoredPhoto[],
    startAt = 0,
  ): Promise<void> {
    for (const [i, p] of photos.entries()) {
      const publicSha = createHash('sha256').update(p.publicJpeg).digest('hex');
      await this.putContent(em, p.sha256, p.contentType, p.original);
      await this.putContent(em, publicSha, 'image/jpeg', p.publicJpeg);
      await em.query(
        `INSERT INTO feedback_photo (report_id, kind, seq, original_sha256, public_sha256, width, height, exif_lat,
                exif_lng, taken_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          reportId,
          kind,
          startAt + i + 1,
          p.sha256,
          publicSha,
          p.width,
          p.height,
          p.gps?.lat ?? null,
          p.gps?.lng ?? null,
          p.takenAt,
        ],
      );
    }
  }

  private async allocateNumber(em: EntityManager): Promise<string> {
    const year = Number(
      new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()),
    );
    const [row] = await em.query<Array<{ last: number }>>(
      `INSERT INTO feedback_report_counter (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = feedback_report_counter.last + 1 RETURNING last`,
      [year],
    );
    return reportNumber(year, row!.last);
  }

  private async dueFrom(from: Date, category: FeedbackCategory): Promise<Date> {
    const due = await this.calendar.due(DEFAULT_CALENDAR_CODE, from, {
      unit: category.responseLimit.unit,
      amount: category.responseLimit.value,
    });
    return due.dueAt;
  }

  private async agencyIdOf(em: EntityManager, code: string): Promise<string> {
    const [row] = await em.query<Array<{ id: string }>>(`SELECT id FROM agency WHERE code = $1`, [code]);
    if (!row) throw new Error(`the operations desk's agency ${code} is not in the directory`);
    return row.id;
  }

  private async trail(
    em: EntityManager,
    reportId: string,
    action: string,
    from: ReportStatus | null,
    to: ReportStatus,
    actor: { subject: string | null; name: string | null; role: string | null },
    note: string | null,
  ): Promise<void> {
    await em.query(
      `INSERT INTO feedback_event (report_id, action, from_status, to_status, actor_subject, actor_name, actor_role, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [reportId, action, from, to, actor.subject, actor.name, actor.role, note],
    );
  }

  private async scopeOf(principal: Principal): Promise<Scope> {
    const agencyId = principal.agency
      ? ((await this.ds.query<Array<{ id: string }>>(`SELECT id FROM agency WHERE code = $1`, [principal.agency]))[0]
          ?.id ?? null)
      : null;
    if (principal.roles.includes('feedback_operator') || principal.roles.includes('admin')) {
      return { kind: 'desk', agencyId };
    }
    if (agencyId && principal.roles.some((r) => UNIT_ROLES.includes(r))) return { kind: 'unit', agencyId };
    throw new DomainError('forbidden', 'Only the operations desk and the units see reports.');
  }

  private async canSee(principal: Principal, reportId: string): Promise<boolean> {
    try {
      await this.visibleRow(principal, reportId);
      return true;
    } catch {
      return false;
    }
  }

  /** A report the principal may see as staff; anything else is the same 404 (ids cannot be probed). */
  private async visibleRow(principal: Principal, id: string): Promise<ReportRow> {
    const scope = await this.scopeOf(principal);
    const row = await this.findRow(id);
    if (!row || (scope.kind === 'unit' && row.agency_id !== scope.agencyId)) {
      throw new DomainError('not_found', 'No such report.');
    }
    return row;
  }

  private async reporterRow(who: { principal: Principal } | { followToken: string }, id: string): Promise<ReportRow> {
    const row = await this.findRow(id);
    const ok =
      row &&
      ('principal' in who
        ? row.reporter_subject !== null && row.reporter_subject === who.principal.subject
        : row.follow_token_hash !== null &&
          typeof who.followToken === 'string' &&
          sameHash(row.follow_token_hash, sha256(who.followToken)));
    if (!row || !ok) throw new DomainError('not_found', 'No such report.');
    return row;
  }

  private async findRow(idOrNumber: string): Promise<ReportRow | null> {
    if (typeof idOrNumber !== 'string') return null;
    const byNumber = REPORT_NUMBER.test(idOrNumber);
    if (!byNumber && !/^[0-9a-f-]{36}$/i.test(idOrNumber)) return null;
    const [row] = await this.ds.query<ReportRow[]>(
      `${REPORT_SELECT} WHERE ${byNumber ? 'r.number = $1' : 'r.id = $1::uuid'}`,
      [idOrNumber],
    );
    return row ?? null;
  }

  private async lockRow(em: EntityManager, id: string): Promise<ReportRow & { number: string }> {
    const [row] = await em.query<ReportRow[]>(`SELECT * FROM feedback_report WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw new DomainError('not_found', 'No such report.');
    return row;
  }

  private async photosOf(ids: string[]): Promise<Map<string, ReportPhoto[]>> {
    const map = new Map<string, ReportPhoto[]>();
    if (ids.length === 0) return map;
    const rows = await this.ds.query<Array<ReportPhoto & { report_id: string }>>(
      `SELECT id, report_id, kind, width, height, blurred FROM feedback_photo WHERE report_id = ANY($1::uuid[])
        ORDER BY kind DESC, seq`,
      [ids],
    );
    for (const r of rows) {
      const list = map.get(r.report_id) ?? [];
      list.push({ id: r.id, kind: r.kind, width: r.width, height: r.height, blurred: r.blurred });
      map.set(r.report_id, list);
    }
    return map;
  }

  private async detailList(
    where: string,
    params: unknown[],
    query: ReportQuery,
  ): Promise<{ items: ReportDetail[]; total: number }> {
    const [rows, [count]] = await Promise.all([
      this.ds.query<ReportRow[]>(
        `${REPORT_SELECT} WHERE ${where}
          ORDER BY (r.status = 'new') DESC, r.urgent DESC, r.received_at DESC, r.id
          LIMIT ${limitOf(query)} OFFSET ${offsetOf(query)}`,
        params,
      ),
      this.ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM feedback_report r WHERE ${where}`, params),
    ]);
    const items: ReportDetail[] = [];
    for (const r of rows) items.push(await this.detail(r));
    return { items, total: count?.n ?? 0 };
  }

  private async detail(row: ReportRow): Promise<ReportDetail> {
    const [photos, events, ratings] = await Promise.all([
      this.photosOf([row.id]),
      this.ds.query<
        Array<{
          at: Date;
          action: string;
          from_status: ReportStatus | null;
          to_status: ReportStatus;
          actor_name: string | null;
          actor_role: string | null;
          note: string | null;
        }>
      >(
        `SELECT at, action, from_status, to_status, actor_name, actor_role, note FROM feedback_event
          WHERE report_id = $1 ORDER BY id`,
        [row.id],
      ),
      this.ds.query<
        Array<{ level: 'very_satisfied' | 'satisfied' | 'unsatisfied'; comment: string | null; rated_at: Date }>
      >(`SELECT level, comment, rated_at FROM feedback_rating WHERE report_id = $1 ORDER BY round DESC LIMIT 1`, [
        row.id,
      ]),
    ]);
    const rating = ratings[0];
    return {
      ...toPublic(row, photos.get(row.id) ?? []),
      channel: row.channel,
      reporter: {
        subject: row.reporter_subject,
        name: row.reporter_name,
        phone: row.reporter_phone,
        email: row.reporter_email,
      },
      anonymous: row.anonymous,
      published: row.published,
      urgent: row.urgent,
      attributes: row.attributes,
      rejectReason: row.reject_reason,
      reopenCount: row.reopen_count,
      rating: rating ? { level: rating.level, comment: rating.comment, at: rating.rated_at } : null,
      events: events.map((e): ReportEvent => ({
        at: e.at,
        action: e.action,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        actorName: e.actor_name,
        actorRole: e.actor_role,
        note: e.note,
      })),
      deadlineState: row.due_at ? (row.deadline_state ?? 'on_time') : null,
    };
  }
}

/** A unit hears of a report through the staff who handle reports there: its specialists and its officers. */
async function notifyUnit(em: EntityManager, agencyId: string, kind: string, message: string): Promise<void> {
  for (const role of ['specialist', 'agency_officer']) await notify(em, { agencyId, role, kind, message });
}

function toCategory(r: CategoryRow): FeedbackCategory {
  return {
    code: r.code,
    name: { vi: r.name_vi, en: r.name_en },
    description: { vi: r.description_vi, en: r.description_en },
    group: { vi: r.group_vi, en: r.group_en },
    defaultAgencyCode: r.default_agency_code,
    responseLimit: { value: Number(r.limit_value), unit: r.limit_unit },
    urgent: r.urgent,
    active: r.active,
    attributes: r.attributes,
  };
}

function toPublic(r: ReportRow, photos: ReportPhoto[]): PublicReport {
  return {
    id: r.id,
    number: r.number,
    categoryCode: r.category_code,
    categoryName: { vi: r.name_vi, en: r.name_en },
    status: r.status,
    description: r.description,
    location: { lat: r.lat, lng: r.lng },
    address: r.address,
    agencyCode: r.agency_code,
    agencyName: r.agency_name,
    answer: r.status === 'resolved' ? r.answer : null,
    photos,
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    dueAt: r.due_at,
    resolvedAt: r.resolved_at,
    mergedInto: r.merged_number,
    statusNote: r.status_note,
  };
}

function validPoint(p: { lat: number; lng: number }): boolean {
  return (
    typeof p?.lat === 'number' &&
    typeof p?.lng === 'number' &&
    Number.isFinite(p.lat) &&
    Number.isFinite(p.lng) &&
    Math.abs(p.lat) <= 90 &&
    Math.abs(p.lng) <= 180
  );
}

function checkAttributes(category: FeedbackCategory, given: Record<string, string | string[]>): FieldProblem[] {
  const errors: FieldProblem[] = [];
  for (const a of category.attributes) {
    const v = given[a.code];
    const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    if (a.required && empty)
      errors.push({ field: `attributes.${a.code}`, messages: ['is required'], code: 'required' });
    if (!empty && a.values) {
      const keys = a.values.map((x) => x.key);
      if ((Array.isArray(v) ? v : [v]).some((x) => !keys.includes(String(x)))) {
        errors.push({ field: `attributes.${a.code}`, messages: ['is not one of the choices'] });
      }
    }
  }
  for (const key of Object.keys(given)) {
    if (!category.attributes.some((a) => a.code === key)) {
      errors.push({ field: `attributes.${key}`, messages: ['is not asked by this category'] });
    }
  }
  return errors;
}

function reporterColumns(reporter: Reporter) {
  if (reporter.kind === 'user') {
    const p = reporter.principal;
    return {
      subject: p.subject,
      name: p.name,
      phone: reporter.contactPhone ?? null,
      email: p.email,
      anonymous: false,
      clientId: null,
      deviceId: null,
      actor: { subject: p.subject, name: p.name, role: 'citizen' },
    };
  }
  return {
    subject: null,
    name: reporter.name?.trim() || null,
    phone: reporter.phone?.trim() || null,
    email: reporter.email?.trim() || null,
    anonymous: true,
    clientId: reporter.clientId,
    deviceId: reporter.deviceId ?? null,
    actor: { subject: null, name: null, role: 'open311_client' },
  };
}

function reporterActor(row: ReportRow) {
  return { subject: row.reporter_subject, name: row.reporter_name, role: 'reporter' };
}

function actorOf(p: Principal, role: string) {
  return { subject: p.subject, name: p.name, role };
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function limitOf(q: ReportQuery): number {
  return Math.min(Math.max(Math.trunc(q.limit) || 20, 1), 1000);
}

function offsetOf(q: ReportQuery): number {
  return Math.max(Math.trunc(q.offset ?? 0) || 0, 0);
}

/** The WHERE clause of a list (parameters numbered after the `fixed` ones). */
function listFilter(q: ReportQuery, conditions: string[], fixed: unknown[] = []): { where: string; params: unknown[] } {
  const params: unknown[] = [...fixed];
  const where = [...conditions];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (q.status?.length) add((n) => `r.status = ANY($${n}::text[])`, q.status);
  if (q.categoryCodes?.length) add((n) => `r.category_code = ANY($${n}::text[])`, q.categoryCodes);
  if (q.agencyCode) add((n) => `r.agency_id = (SELECT id FROM agency WHERE code = $${n})`, q.agencyCode);
  if (q.from) add((n) => `r.received_at >= $${n}`, q.from);
  if (q.to) add((n) => `r.received_at < $${n}`, q.to);
  if (q.updatedSince) add((n) => `r.updated_at >= $${n}`, q.updatedSince);
  if (q.near) {
    const box = boundingBox(q.near.point, q.near.radiusMeters);
    add((n) => `r.lat BETWEEN $${n}`, box.minLat);
    where[where.length - 1] += ` AND $${params.push(box.maxLat)}`;
    add((n) => `r.lng BETWEEN $${n}`, box.minLng);
    where[where.length - 1] += ` AND $${params.push(box.maxLng)}`;
  }
  return { where: where.length ? where.join(' AND ') : 'true', params };
}
