import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DEMO_AGENCIES, seedProcedures } from '@app/seed';
import { AgencyService } from '@app/agency';
import type { Principal } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import {
  CalendarDeadlines,
  DossierFileService,
  DossierService,
  LocalFileStore,
  NationalIntakeOptions,
  NationalIntakeService,
} from '@app/dossiers';
import { DomainError } from '@app/observability';
import { RegimeService } from '@app/regimes';
import { createTestDatabase, first, TestDatabase } from '@app/testing';
import { DeadlineScanner } from './deadline-scanner.service';

const WARD = '000.17.22.H56';
const HOUR = 3600_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const at = (local: string) => new Date(`${local}+07:00`);

const NATIONAL: Principal = {
  subject: 'national-portal-service-account',
  kind: 'service',
  username: 'service-account-national-portal',
  name: 'national-portal',
  email: null,
  roles: [],
  agency: null,
  agencyName: null,
  clientId: 'national-portal',
};
const CLERK: Principal = {
  subject: 'clerk-subject',
  kind: 'user',
  username: 'tiepnhan',
  name: 'Lê Thị Hoa',
  email: null,
  roles: ['clerk'],
  agency: WARD,
  agencyName: 'Ủy ban nhân dân phường Thủy Xuân',
  clientId: 'portal-web',
};

/** The national portal's file server: a real HTTP server the service fetches from. */
function fileServer(): Promise<Server> {
  const server = createServer((req, res) => {
    switch (req.url ?? '') {
      case '/files/to-khai':
        res.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF);
        return;
      case '/files/chuong-trinh':
        res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from('MZ\x90\x00 not a pdf'));
        return;
      case '/files/lon':
        res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.concat([PDF, Buffer.alloc(70_000)]));
        return;
      case '/files/chuyen-huong':
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
        return;
      default:
        res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('dossiers forwarded by the national portal, on PostgreSQL with a real file server', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let server: Server;
  let origin: string;
  let filesDir: string;
  let now = at('2026-12-03T09:00:00');
  const clock = () => now;
  let dossiers: DossierService;
  let intake: NationalIntakeService;
  let scanner: DeadlineScanner;
  let sequence = 0;

  const service = (options: NationalIntakeOptions | null, files: DossierFileService, regimes: RegimeService) =>
    new NationalIntakeService(ds, new CalendarDeadlines(new CalendarService(ds)), regimes, files, options, clock);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 6 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedCalendar(ds);
    await seedProcedures(ds);
    server = await fileServer();
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    filesDir = await mkdtemp(join(tmpdir(), 'motcua-intake-'));
    const regimes = new RegimeService(ds);
    const deadlines = new CalendarDeadlines(new CalendarService(ds));
    dossiers = new DossierService(ds, deadlines, regimes, undefined, clock);
    const files = new DossierFileService(ds, dossiers, new LocalFileStore(filesDir), {
      maxFileBytes: 64 * 1024,
      maxFilesPerDossier: 5,
    });
    intake = service(
      { enabled: true, clientId: 'national-portal', fileOrigin: origin, fileTimeoutMs: 5000 },
      files,
      regimes,
    );
    scanner = new DeadlineScanner(ds, { nearDueWindowMs: 24 * HOUR, batchSize: 10 }, regimes);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
    await new Promise((resolve) => server.close(resolve));
    await rm(filesDir, { recursive: true, force: true });
  });

  function nextId(): string {
    sequence += 1;
    return `G22.99-261203-${String(sequence).padStart(4, '0')}`;
  }

  function dossier(over: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      MaHoSo: nextId(),
      MaTTHC: '1.004873',
      DonViXuLy: WARD,
      ChuHoSo: 'Nguyễn Thị Lan',
      LoaiDoiTuong: '1',
      MaDoiTuong: '046190000123',
      SoDienThoai: '0905123456',
      NgayTiepNhan: '20261203083000',
      TrangThaiHoSo: '1',
      HinhThuc: '0',
      TaiLieuNop: [
        { TenTepDinhKem: 'to-khai.pdf', MaThanhPhanHoSo: 'doc-1', DuongDanTaiTepTin: `${origin}/files/to-khai` },
      ],
      DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', Gia: 5000, HinhThucThu: '1' }],
      ...over,
    };
  }

  const body = (...data: Array<Record<string, unknown>>) => ({ service: 'DongBoHoSoMC', isUpdating: 'False', data });

  async function counts() {
    const row = first(
      await ds.query<Array<{ dossiers: number; events: number; files: number; intakes: number }>>(
        `SELECT (SELECT count(*)::int FROM dossier) AS dossiers, (SELECT count(*)::int FROM dossier_event) AS events,
                (SELECT count(*)::int FROM dossier_file) AS files,
                (SELECT count(*)::int FROM dossier_national_intake) AS intakes`,
      ),
    );
    return { ...row, blobs: await blobCount() };
  }

  async function blobCount(): Promise<number> {
    let n = 0;
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(join(dir, e.name));
        else n += 1;
      }
    };
    await walk(filesDir);
    return n;
  }

  async function refusal(input: unknown, principal: Principal = NATIONAL, svc = intake): Promise<DomainError> {
    const before = await counts();
    const err = await svc.file(principal, input).then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof DomainError)) throw new Error(`expected a refusal, got ${String(err)}`);
    // Nothing of a refused request is written: no dossier, trail entry, file row, intake row or blob.
    expect(await counts()).toEqual(before);
    return err;
  }
  const fieldsOf = (err: DomainError) => (err.details.errors ?? []).map((e) => e.field);

  it('alerts the desk at once, warns before the receipt limit, flags it once past, and stops once received', async () => {
    now = at('2026-12-03T09:05:00');
    const late = dossier({ NgayTiepNhan: '20261203090000' });
    const answered = dossier({ NgayTiepNhan: '20261203090000' });
    await intake.file(NATIONAL, body(late, answered));
    const idOf = async (code: unknown) =>
      first(await ds.query<Array<{ id: string }>>(`SELECT id FROM dossier WHERE code = $1`, [code])).id;
    const lateId = await idOf(late['MaHoSo']);
    const answeredId = await idOf(answered['MaHoSo']);
    const notes = (id: string) =>
      ds.query<Array<{ role: string; kind: string }>>(
        `SELECT recipient_role AS role, kind FROM notification WHERE dossier_id = $1 ORDER BY id`,
        [id],
      );

    const first1 = await scanner.scan(at('2026-12-03T09:06:00'));
    expect(first1).toMatchObject({ intakeAlerted: 2, intakeNearDue: 0, intakeOverdue: 0 });
    expect(await notes(lateId)).toEqual([{ role: 'clerk', kind: 'national_dossier_arrived' }]);
    expect(await scanner.scan(at('2026-12-03T09:07:00'))).toMatchObject({ intakeAlerted: 0, notifications: 0 });

    // The desk receives one of them: it keeps the national code, and its receipt clock stops.
    now = at('2026-12-03T14:00:00');
    const received = await dossiers.act(CLERK, answeredId, 'receive');
    expect(received.code).toBe(answered['MaHoSo']);
    expect(received.status).toBe('received');

    // Receipt due: Friday 09:35 (8 working hours from Thursday 09:05); the warning window is two hours.
    expect(await scanner.scan(at('2026-12-04T07:40:00'))).toMatchObject({ intakeNearDue: 1, intakeOverdue: 0 });
    expect(await scanner.scan(at('2026-12-04T08:00:00'))).toMatchObject({ intakeNearDue: 0, notifications: 0 });
    expect(await scanner.scan(at('2026-12-04T09:40:00'))).toMatchObject({ intakeOverdue: 1 });
    expect(await scanner.scan(at('2026-12-04T10:40:00'))).toMatchObject({ intakeOverdue: 0, notifications: 0 });
    expect(await notes(lateId)).toEqual([
      { role: 'clerk', kind: 'national_dossier_arrived' },
      { role: 'clerk', kind: 'national_receipt_near_due' },
      { role: 'clerk', kind: 'national_receipt_overdue' },
      { role: 'leader', kind: 'national_receipt_overdue' },
    ]);
    expect(await notes(answeredId)).toEqual([{ role: 'clerk', kind: 'national_dossier_arrived' }]);
    now = at('2026-12-03T09:00:00');
    const trail = await ds.query<Array<{ action: string }>>(
      `SELECT action FROM dossier_event WHERE dossier_id = $1 ORDER BY id`,
      [lateId],
    );
    expect(trail.map((e) => e.action)).toEqual([
      'national_intake',
      'national_alerted',
      'receipt_near_due',
      'receipt_overdue',
    ]);
  });

  it('files the dossier under its national code with its files, fees and the timers of Điều 17 khoản 2', async () => {
    const sent = dossier({ TrichYeuHoSo: 'Xác nhận tình trạng hôn nhân để kết hôn' });
    const answer = await intake.file(NATIONAL, body(sent));
    expect(answer).toEqual({
      error_code: '0',
      message: 'Đã tiếp nhận hồ sơ.',
      results: [{ MaHoSo: sent['MaHoSo'], result: 'created', TrangThaiHoSo: '1' }],
    });
    const row = first(
      await ds.query<
        Array<{
          id: string;
          status: string;
          channel: number;
          owner_subject: string | null;
          submitted_at: Date;
          received_at: Date | null;
          applicant: Record<string, unknown>;
        }>
      >(`SELECT * FROM dossier WHERE code = $1`, [sent['MaHoSo']]),
    );
    expect(row).toMatchObject({ status: 'submitted', channel: 2, owner_subject: null, received_at: null });
    expect(row.submitted_at.toISOString()).toBe(at('2026-12-03T08:30:00').toISOString());
    expect(row.applicant).toEqual({
      fullName: 'Nguyễn Thị Lan',
      idNumber: '046190000123',
      phone: '0905123456',
      email: null,
      address: null,
    });
    const files = await ds.query<Array<{ document_code: string; media_type: string; file_name: string }>>(
      `SELECT document_code, media_type, file_name FROM dossier_file WHERE dossier_id = $1`,
      [row.id],
    );
    expect(files).toEqual([{ document_code: 'doc-1', media_type: 'application/pdf', file_name: 'to-khai.pdf' }]);
    const record = first(
      await ds.query<
        Array<{ alert_due_at: Date; receipt_due_at: Date; regime_code: string; fees: unknown; arrived_at: Date }>
      >(`SELECT * FROM dossier_national_intake WHERE dossier_id = $1`, [row.id]),
    );
    // Alert: 2 clock hours after the national portal acknowledged it (08:30). Answer: 8 working hours from its
    // arrival here, Thursday 09:00 → 2 h 30 + 3 h 30 on Thursday, 2 h on Friday from 07:30.
    expect(record.alert_due_at.toISOString()).toBe(at('2026-12-03T10:30:00').toISOString());
    expect(record.receipt_due_at.toISOString()).toBe(at('2026-12-04T09:30:00').toISOString());
    expect(record.regime_code).toBe('nd118-2025');
    expect(record.fees).toEqual([
      { name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', code: null, amount: 5000, collection: '1' },
    ]);
    const trail = await ds.query<Array<{ action: string; to_status: string; actor_name: string; actor_role: string }>>(
      `SELECT action, to_status, actor_name, actor_role FROM dossier_event WHERE dossier_id = $1`,
      [row.id],
    );
    expect(trail).toEqual([
      {
        action: 'national_intake',
        to_status: 'submitted',
        actor_name: 'Cổng Dịch vụ công quốc gia',
        actor_role: 'system',
      },
    ]);
  });

  it('answers a repeated delivery as a duplicate and writes nothing; other content under the same id is a 409', async () => {
    const sent = dossier();
    await intake.file(NATIONAL, body(sent));
    const before = await counts();
    const again = await intake.file(NATIONAL, body({ ...sent }));
    expect(again.results).toEqual([{ MaHoSo: sent['MaHoSo'], result: 'duplicate', TrangThaiHoSo: '1' }]);
    expect(await counts()).toEqual(before);
    const changed = await refusal(body({ ...sent, ChuHoSo: 'Nguyễn Thị Lành' }));
    expect(changed.code).toBe('conflict');
    expect(fieldsOf(changed)).toEqual(['data[0].MaHoSo']);
    // A batch of a new dossier and a repeated one files the new one and answers both.
    const fresh = dossier();
    const mixed = await intake.file(NATIONAL, body(sent, fresh));
    expect(mixed.results.map((r) => r.result)).toEqual(['duplicate', 'created']);
  });

  it('refuses a batch with any bad dossier whole, naming each field, and leaves nothing behind', async () => {
    const good = dossier();
    const unknownAgency = await refusal(body(good, dossier({ DonViXuLy: '000.99.99.H56' })));
    expect(unknownAgency.code).toBe('validation_failed');
    expect(fieldsOf(unknownAgency)).toEqual(['data[1].DonViXuLy']);
    const notOnline = await refusal(body(dossier({ MaTTHC: '9.999999' })));
    expect(fieldsOf(notOnline)).toEqual(['data[0].MaTTHC']);
    const unknownDocument = await refusal(
      body(
        dossier({
          TaiLieuNop: [
            { TenTepDinhKem: 'x.pdf', MaThanhPhanHoSo: 'doc-9', DuongDanTaiTepTin: `${origin}/files/to-khai` },
          ],
        }),
      ),
    );
    expect(fieldsOf(unknownDocument)).toEqual(['data[0].TaiLieuNop[0].MaThanhPhanHoSo']);
    const fileAt = (path: string) =>
      body(
        good,
        dossier({
          TaiLieuNop: [
            { TenTepDinhKem: 'to-khai.pdf', MaThanhPhanHoSo: 'doc-1', DuongDanTaiTepTin: `${origin}/files/to-khai` },
            { TenTepDinhKem: 'giay.pdf', MaThanhPhanHoSo: 'doc-2', DuongDanTaiTepTin: `${origin}${path}` },
          ],
        }),
      );
    for (const [path, code] of [
      ['/files/khong-co', 'unprocessable'],
      ['/files/chuyen-huong', 'unprocessable'],
      ['/files/lon', 'unprocessable'],
      ['/files/chuong-trinh', 'validation_failed'],
    ] as const) {
      const err = await refusal(fileAt(path));
      expect([path, err.code, fieldsOf(err)]).toEqual([path, code, ['data[1].TaiLieuNop[1].DuongDanTaiTepTin']]);
    }
    const offOrigin = await refusal(
      body(
        dossier({
          TaiLieuNop: [
            { TenTepDinhKem: 'a.pdf', MaThanhPhanHoSo: 'doc-1', DuongDanTaiTepTin: 'http://10.0.0.1/a.pdf' },
          ],
        }),
      ),
    );
    expect(fieldsOf(offOrigin)).toEqual(['data[0].TaiLieuNop[0].DuongDanTaiTepTin']);
  });

  it('takes dossiers only from the national portal’s own service account, and none when switched off', async () => {
    const other = { ...NATIONAL, clientId: 'agency-police', username: 'service-account-agency-police' };
    expect((await refusal(body(dossier()), other)).code).toBe('forbidden');
    expect((await refusal(body(dossier()), { ...NATIONAL, kind: 'user' })).code).toBe('forbidden');
    expect((await refusal(body(dossier()), CLERK)).code).toBe('forbidden');
    const regimes = new RegimeService(ds);
    const files = new DossierFileService(ds, dossiers, new LocalFileStore(filesDir), {
      maxFileBytes: 64 * 1024,
      maxFilesPerDossier: 5,
    });
    const off = service(
      { enabled: false, clientId: 'national-portal', fileOrigin: origin, fileTimeoutMs: 5000 },
      files,
      regimes,
    );
    expect((await refusal(body(dossier()), NATIONAL, off)).code).toBe('not_found');
    expect((await refusal(body(dossier()), NATIONAL, service(null, files, regimes))).code).toBe('not_found');
  });
});
