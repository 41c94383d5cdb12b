import sharp from 'sharp';
import exifr from 'exifr';
import { DataSource } from 'typeorm';
import { AgencyService } from '@app/agency';
import type { Principal, Role } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import { DomainError } from '@app/observability';
import { DEMO_AGENCIES, seedFeedbackCategories } from '@app/seed';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { FeedbackService } from './feedback.service';

const WARD = '000.17.22.H56';
const POLICE = '000.31.22.H56';
const HERE = { lat: 16.4533, lng: 107.5583 };

function person(subject: string, roles: Role[], agency: string | null, name = subject): Principal {
  return {
    subject,
    kind: 'user',
    username: subject,
    name,
    email: null,
    roles,
    agency,
    agencyName: null,
    clientId: 'feedback-web',
  };
}

const citizen = person('citizen-an', ['citizen'], null, 'Nguyễn Văn An');
const other = person('citizen-binh', ['citizen'], null, 'Trần Thị Bình');
const operator = person('op-minh', ['feedback_operator'], WARD, 'Phan Thị Minh');
const wardStaff = person('cv-xuan', ['specialist'], WARD, 'Trần Văn Chuyên');
const police = person('ca-xuan', ['agency_officer'], POLICE, 'Võ Văn Công');

async function photo(gps = true, shade = 60): Promise<Buffer> {
  const img = sharp({
    create: { width: 320, height: 240, channels: 3, background: { r: 30, g: 120, b: shade } },
  }).jpeg();
  return (
    gps
      ? img.withExif({
          IFD0: { Make: 'TestCam' },
          IFD3: {
            GPSLatitudeRef: 'N',
            GPSLatitude: '16/1 27/1 1188/100',
            GPSLongitudeRef: 'E',
            GPSLongitude: '107/1 33/1 2988/100',
          },
        })
      : img
  ).toBuffer();
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof DomainError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

/** metres north of HERE as a latitude. */
const north = (m: number) => ({ lat: HERE.lat + m / 111_195, lng: HERE.lng });

describe('street reports on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: FeedbackService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 4 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedCalendar(ds);
    await seedFeedbackCategories(ds);
    service = new FeedbackService(ds, new CalendarService(ds), {});
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('takes a report with its location from the photo, and keeps the camera data from the public', async () => {
    const sent = await service.submit(
      { kind: 'user', principal: citizen },
      {
        categoryCode: 'chieu_sang',
        description: 'Đèn đường trước nhà số 12 không sáng đã ba đêm.',
        photos: [{ bytes: await photo(), filename: 'a.jpg' }],
        channel: 'web',
      },
    );
    expect(sent.number).toMatch(/^PA-\d{4}-\d{6}$/);
    expect(sent.followToken).toBeNull();
    const mine = await service.myReports(citizen, { limit: 10 });
    expect(mine.items.map((r) => r.number)).toContain(sent.number);
    const report = mine.items.find((r) => r.number === sent.number)!;
    expect(report.location.lat).toBeCloseTo(16.4533, 3);
    expect(report.status).toBe('new');
    // Not public until the desk accepts it; another citizen does not see it either.
    expect(await service.publicReport(sent.number)).toBeNull();
    expect((await service.myReports(other, { limit: 10 })).total).toBe(0);
    const photoId = report.photos[0]!.id;
    await expect(service.photo(null, photoId, 'public')).rejects.toMatchObject({ code: 'not_found' });
    const own = await service.photo(citizen, photoId, 'public');
    expect(await exifr.parse(own.bytes, { gps: true })).toBeUndefined();
    await expect(service.photo(other, photoId, 'original')).rejects.toMatchObject({ code: 'not_found' });
    const original = await service.photo(operator, photoId, 'original');
    expect((await exifr.gps(original.bytes))?.latitude).toBeCloseTo(16.4533, 3);
  });

  it('refuses a report without photos, category or location, naming each field, and writes nothing', async () => {
    const before = await ds.query(`SELECT count(*)::int AS n FROM feedback_report`);
    const err = await refusal(
      service.submit(
        { kind: 'user', principal: citizen },
        { categoryCode: 'nope', description: 'ngắn', photos: [], channel: 'web' },
      ),
    );
    expect(err.details.errors?.map((e) => e.field).sort()).toEqual(['categoryCode', 'description', 'photos']);
    const noPlace = await refusal(
      service.submit(
        { kind: 'user', principal: citizen },
        {
          categoryCode: 'moi_truong',
          description: 'Rác đổ trộm ven đường kiệt 5.',
          photos: [{ bytes: await photo(false), filename: 'b.jpg' }],
          channel: 'web',
        },
      ),
    );
    expect(noPlace.details.errors?.[0]?.field).toBe('location');
    expect(await ds.query(`SELECT count(*)::int AS n FROM feedback_report`)).toEqual(before);
  });

  it('goes from the desk to the unit and back to the reporter, who rates it; an unsatisfied rating reopens it once', async () => {
    const { id, number } = await service.submit(
      { kind: 'user', principal: citizen },
      {
        categoryCode: 'an_ninh_trat_tu',
        description: 'Nhóm thanh niên tụ tập gây ồn sau 23 giờ ở công viên.',
        location: north(40),
        photos: [{ bytes: await photo(false), filename: 'c.jpg' }],
        channel: 'web',
      },
    );
    // Units and citizens do not triage; the desk does.
    await expect(service.triage(police, id, { kind: 'accept' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.triage(citizen, id, { kind: 'accept' })).rejects.toMatchObject({ code: 'forbidden' });
    const assigned = await service.triage(operator, id, { kind: 'assign', agencyCode: POLICE });
    expect(assigned.status).toBe('assigned');
    expect(assigned.dueAt).not.toBeNull();
    expect(assigned.published).toBe(true);
    // The public sees it, without the reporter.
    const pub = await service.publicReport(number);
    expect(JSON.stringify(pub)).not.toContain('Nguyễn Văn An');
    expect(JSON.stringify(pub)).not.toContain('citizen-an');
    // The ward's own staff do not see the police's report; the police do.
    await expect(service.staffReport(wardStaff, id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await service.staffList(wardStaff, { limit: 50 })).items.map((r) => r.id)).not.toContain(id);
    expect((await service.staffList(police, { limit: 50 })).items.map((r) => r.id)).toContain(id);
    await expect(service.handle(wardStaff, id, { kind: 'acknowledge' })).rejects.toMatchObject({ code: 'not_found' });

    await service.handle(police, id, { kind: 'acknowledge' });
    await service.handle(police, id, { kind: 'request_info', question: 'Nhóm tụ tập ở cổng nào của công viên?' });
    await expect(service.addInformation({ principal: other }, id, 'Cổng phía đông', [])).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(
      (await service.addInformation({ principal: citizen }, id, 'Cổng phía đông, gần trạm xe buýt', [])).status,
    ).toBe('in_progress');
    await expect(service.rate({ principal: citizen }, id, { level: 'satisfied' })).rejects.toMatchObject({
      code: 'action_not_available',
    });
    const answered = await service.handle(police, id, {
      kind: 'answer',
      text: 'Công an phường đã tuần tra và nhắc nhở; sẽ tăng cường tuần tra ban đêm.',
      photos: [{ bytes: await photo(false, 200), filename: 'after.jpg' }],
    });
    expect(answered.status).toBe('resolved');
    expect(answered.photos.filter((p) => p.kind === 'answer')).toHaveLength(1);

    const reopened = await service.rate({ principal: citizen }, id, { level: 'unsatisfied', comment: 'Vẫn ồn' });
    expect(reopened.status).toBe('assigned');
    expect(reopened.reopenCount).toBe(1);
    await service.handle(police, id, {
      kind: 'answer',
      text: 'Đã lập biên bản và bố trí tổ tuần tra cố định.',
      photos: [],
    });
    const final = await service.rate({ principal: citizen }, id, { level: 'unsatisfied' });
    // Once only: a second unsatisfied rating stays on the record and the report stays closed.
    expect(final.status).toBe('resolved');
    expect(final.rating?.level).toBe('unsatisfied');
    await expect(service.rate({ principal: citizen }, id, { level: 'satisfied' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(final.events.map((e) => e.action)).toEqual([
      'submitted',
      'assign',
      'acknowledge',
      'request_info',
      'information_added',
      'answer',
      'reopened',
      'answer',
      'rated',
    ]);
  });

  it('proposes duplicates of the same category within the radius and the window, nearest first', async () => {
    const img = await photo(false);
    const submit = (loc: { lat: number; lng: number }, category = 'cap_thoat_nuoc') =>
      service.submit(
        { kind: 'user', principal: other },
        {
          categoryCode: category,
          description: 'Cống bị tắc, nước tràn lên mặt đường khi mưa.',
          location: loc,
          photos: [{ bytes: img, filename: 'x.jpg' }],
          channel: 'web',
        },
      );
    const origin = await submit(north(0));
    const near = await submit(north(60));
    const edge = await submit(north(140));
    const far = await submit(north(400));
    const otherKind = await submit(north(20), 'cay_xanh');
    const found = await service.duplicatesOf(operator, origin.id);
    expect(found.map((d) => d.report.number)).toEqual([near.number, edge.number]);
    expect(found[0]!.distanceMeters).toBeGreaterThanOrEqual(59);
    expect(found.map((d) => d.report.number)).not.toContain(far.number);
    expect(found.map((d) => d.report.number)).not.toContain(otherKind.number);
    const merged = await service.triage(operator, near.id, { kind: 'merge', intoReportId: origin.id });
    expect(merged.status).toBe('merged');
    expect(merged.mergedInto).toBe(origin.number);
    expect((await service.duplicatesOf(operator, origin.id)).map((d) => d.report.number)).toEqual([edge.number]);
  });

  it('rejects with a reason the reporter reads, and blurs a public photo for the desk only', async () => {
    const { id } = await service.submit(
      { kind: 'user', principal: citizen },
      {
        categoryCode: 'trat_tu_do_thi',
        description: 'Quán nước lấn chiếm hết vỉa hè đường Bùi Thị Xuân.',
        location: north(10),
        photos: [{ bytes: await photo(false), filename: 'd.jpg' }],
        channel: 'web',
      },
    );
    const bad = await refusal(service.triage(operator, id, { kind: 'reject', reason: 'spam' as never, note: '' }));
    expect(bad.details.errors?.[0]?.field).toBe('note');
    const rejected = await service.triage(operator, id, {
      kind: 'reject',
      reason: 'out_of_scope',
      note: 'Địa điểm thuộc phường Kim Long.',
    });
    expect(rejected.status).toBe('rejected');
    expect(rejected.statusNote).toBe('Địa điểm thuộc phường Kim Long.');
    const photoId = rejected.photos[0]!.id;
    await expect(service.blurPhoto(police, photoId, [{ x: 0, y: 0, width: 50, height: 50 }])).rejects.toMatchObject({
      code: 'forbidden',
    });
    const blurred = await service.blurPhoto(operator, photoId, [{ x: 10, y: 10, width: 100, height: 80 }]);
    expect(blurred.blurred).toBe(true);
    await expect(service.triage(operator, id, { kind: 'accept' })).rejects.toMatchObject({
      code: 'action_not_available',
    });
  });

  it('alerts the operations desk at once for an urgent category', async () => {
    await service.submit(
      { kind: 'user', principal: citizen },
      {
        categoryCode: 'cay_do_dien_ho',
        description: 'Cây đổ chắn ngang đường Lý Nam Đế, dây điện bị kéo đứt.',
        location: north(5),
        photos: [{ bytes: await photo(false), filename: 'e.jpg' }],
        channel: 'web',
      },
    );
    const rows = await ds.query<Array<{ kind: string; recipient_role: string; message: string }>>(
      `SELECT kind, recipient_role, message FROM notification WHERE kind = 'feedback_urgent'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.recipient_role).toBe('feedback_operator');
    expect(rows[0]!.message).toContain('Cây đổ');
  });
});
