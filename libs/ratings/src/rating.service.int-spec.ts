import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AgencyService } from '@app/agency';
import type { Principal, Role } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import { CalendarDeadlines, DossierFileService, DossierService, LocalFileStore } from '@app/dossiers';
import { DomainError } from '@app/observability';
import { RegimeService } from '@app/regimes';
import { DEMO_AGENCIES, seedProcedures } from '@app/seed';
import { createTestDatabase, fillForm, PNG_BYTES, publishedProcedure, TestDatabase } from '@app/testing';
import { CounterDeviceService } from './counter-device.service';
import { DEFAULT_RATING_OPTIONS } from './rating.options';
import { RatingService } from './rating.service';

const DESK = '000.17.22.H56'; // phường Thủy Xuân
const DECIDING = '000.20.22.H56'; // phường Kim Long
const DAY = 24 * 3600_000;

function person(subject: string, role: Role, agency: string | null, name = subject): Principal {
  return {
    subject,
    kind: 'user',
    username: subject,
    name,
    email: null,
    roles: [role],
    agency,
    agencyName: null,
    clientId: 'portal-web',
  };
}

const citizen = person('citizen-an', 'citizen', null, 'Nguyễn Văn An');
const otherCitizen = person('citizen-binh', 'citizen', null, 'Trần Thị Bình');
const clerk = person('clerk-xuan', 'clerk', DESK, 'Lê Thị Tiếp');
const otherClerk = person('clerk-xuan-2', 'clerk', DESK, 'Phan Văn Nhận');
const counterClerk = person('clerk-xuan-3', 'clerk', DESK, 'Hồ Thị Quầy');
const specialist = person('specialist-xuan', 'specialist', DESK);
const leader = person('leader-xuan', 'leader', DESK);
const specialistThere = person('specialist-kimlong', 'specialist', DECIDING);
const leaderThere = person('leader-kimlong', 'leader', DECIDING);

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof DomainError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

describe('ratings of returned dossiers, on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let filesDir: string;
  let dossiers: DossierService;
  let files: DossierFileService;
  let ratings: RatingService;
  let devices: CounterDeviceService;
  let formData: Record<string, unknown>;
  /** The ratings' clock runs this far ahead of the database's (to walk past the edit and counter windows). */
  let ahead = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 4 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedCalendar(ds);
    await seedProcedures(ds);
    for (const [p, code] of [
      [specialist, DESK],
      [specialistThere, DECIDING],
    ] as const) {
      await ds.query(
        `INSERT INTO user_profile (subject, username, roles, agency_id)
         SELECT $1, $1, '{specialist}', id FROM agency WHERE code = $2`,
        [p.subject, code],
      );
    }
    filesDir = await mkdtemp(join(tmpdir(), 'motcua-ratings-'));
    dossiers = new DossierService(ds, new CalendarDeadlines(new CalendarService(ds)), new RegimeService(ds));
    files = new DossierFileService(ds, dossiers, new LocalFileStore(filesDir), {
      maxFileBytes: 1024 * 1024,
      maxFilesPerDossier: 5,
    });
    const clock = () => new Date(Date.now() + ahead);
    ratings = new RatingService(ds, DEFAULT_RATING_OPTIONS, clock);
    devices = new CounterDeviceService(ds, DEFAULT_RATING_OPTIONS, clock);
    formData = fillForm((await publishedProcedure(db.url, '1.004873')).formSchema);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
    await rm(filesDir, { recursive: true, force: true });
  });

  afterEach(() => {
    ahead = 0;
  });

  /** A dossier taken through the whole lifecycle up to `until`: online by `owner`, else at the counter. */
  async function dossier(
    opts: { owner?: Principal; deciding?: boolean; returnedBy?: Principal; until?: 'result_ready' | 'returned' } = {},
  ): Promise<{ id: string; code: string; key: string }> {
    const byClerk = opts.owner === undefined;
    const opened = await dossiers.open(opts.owner ?? clerk, {
      procedureCode: '1.004873',
      agencyCode: DESK,
      decidingAgencyCode: opts.deciding ? DECIDING : undefined,
      channel: byClerk ? 1 : 2,
      applicant: { fullName: 'Nguyễn Văn An', idNumber: '046090001234', phone: null, email: null, address: 'Huế' },
      formData,
    });
    if (!byClerk && opts.owner) {
      await files.upload(opts.owner, opened.id, 'application', 'doc-1', [
        { originalName: 'a.png', content: PNG_BYTES },
      ]);
    }
    await dossiers.act(opts.owner ?? clerk, opened.id, 'submit');
    const received = await dossiers.act(clerk, opened.id, 'receive');
    const [lead, spec] = opts.deciding ? [leaderThere, specialistThere] : [leader, specialist];
    await dossiers.act(lead, opened.id, 'assign', { assignee: spec.subject });
    await files.upload(spec, opened.id, 'result', null, [{ originalName: 'ket-qua.png', content: PNG_BYTES }]);
    await dossiers.act(spec, opened.id, 'submit_for_approval');
    await dossiers.act(lead, opened.id, 'approve');
    if (opts.until !== 'result_ready') {
      const returner = opts.returnedBy ?? clerk;
      await dossiers.act(returner, opened.id, 'notify_early_return', { reason: 'Đã gọi điện báo công dân' });
      await dossiers.act(returner, opened.id, 'return_result', { returnChannel: 1 });
    }
    return { id: opened.id, code: received.code ?? '', key: received.lookup_key };
  }

  const notices = (dossierId: string) =>
    ds.query<Array<{ agency: string; role: string; kind: string; message: string }>>(
      `SELECT a.code AS agency, n.recipient_role AS role, n.kind, n.message
         FROM notification n JOIN agency a ON a.id = n.agency_id WHERE n.dossier_id = $1 ORDER BY n.id`,
      [dossierId],
    );
  const stored = (dossierId: string) =>
    ds.query<Array<Record<string, unknown>>>(
      `SELECT r.level, r.comment, r.channel, r.rater_subject, r.clerk_subject, r.clerk_name, r.revision,
              a.code AS agency, da.code AS deciding, p.code AS procedure,
              (SELECT count(*)::int FROM dossier_rating_criterion c WHERE c.rating_id = r.id) AS criteria
         FROM dossier_rating r JOIN agency a ON a.id = r.agency_id JOIN agency da ON da.id = r.deciding_agency_id
         JOIN procedure p ON p.id = r.procedure_id
        WHERE r.dossier_id = $1`,
      [dossierId],
    );

  it('lets the owner rate only once the result is returned, keeps what it is counted by, and changes it in the window', async () => {
    const d = await dossier({ owner: citizen, until: 'result_ready' });
    expect((await ratings.forOwner(citizen, d.id)).state).toBe('not_returned');
    const early = await refusal(ratings.rateAsOwner(citizen, d.id, { level: 'satisfied' }));
    expect(early.code).toBe('conflict');
    expect(early.details.extensions).toEqual({ reason: 'not_returned' });
    expect(await stored(d.id)).toEqual([]);

    await dossiers.act(clerk, d.id, 'notify_early_return', { reason: 'Đã nhắn tin cho công dân' });
    await dossiers.act(clerk, d.id, 'return_result', { returnChannel: 2 });
    const target = await ratings.forOwner(citizen, d.id);
    expect(target).toMatchObject({
      state: 'open',
      code: d.code,
      procedureName: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    });
    // Another citizen does not learn the dossier exists.
    expect((await refusal(ratings.forOwner(otherCitizen, d.id))).code).toBe('not_found');
    expect((await refusal(ratings.rateAsOwner(otherCitizen, d.id, { level: 'satisfied' }))).code).toBe('not_found');

    // Bad input names each field and writes nothing.
    const bad = await refusal(
      ratings.rateAsOwner(citizen, d.id, {
        level: 'ok',
        criteria: { a: 'great', z: 'satisfied' },
        comment: 'x'.repeat(1001),
      }),
    );
    expect(bad.code).toBe('validation_failed');
    expect(bad.details.errors?.map((e) => e.field)).toEqual(['level', 'criteria.a', 'criteria.z', 'comment']);
    expect(await stored(d.id)).toEqual([]);

    const first = await ratings.rateAsOwner(citizen, d.id, {
      level: 'satisfied',
      criteria: { a: 'very_satisfied', dd: 'satisfied', b: 'none', c: '' },
      comment: '  Cán bộ hướng dẫn tận tình.  ',
    });
    expect(first).toMatchObject({
      level: 'satisfied',
      criteria: { a: 'very_satisfied', dd: 'satisfied' },
      comment: 'Cán bộ hướng dẫn tận tình.',
      channel: 'online',
      revision: 1,
      clerkName: null,
    });
    expect(first.editableUntil.getTime() - first.createdAt.getTime()).toBe(7 * DAY);
    expect(await stored(d.id)).toEqual([
      {
        level: 'satisfied',
        comment: 'Cán bộ hướng dẫn tận tình.',
        channel: 'online',
        rater_subject: citizen.subject,
        clerk_subject: clerk.subject,
        clerk_name: 'Lê Thị Tiếp',
        revision: 1,
        agency: DESK,
        deciding: DESK,
        procedure: '1.004873',
        criteria: 2,
      },
    ]);
    expect((await ratings.forOwner(citizen, d.id)).state).toBe('editable');

    // Changed within the window: one rating still, criteria replaced.
    ahead = 6 * DAY;
    const second = await ratings.rateAsOwner(citizen, d.id, { level: 'very_satisfied', criteria: { h: 'satisfied' } });
    expect(second).toMatchObject({ level: 'very_satisfied', criteria: { h: 'satisfied' }, comment: null, revision: 2 });
    expect(await ds.query(`SELECT count(*)::int AS n FROM dossier_rating WHERE dossier_id = $1`, [d.id])).toEqual([
      { n: 1 },
    ]);

    // After the window it is final, and says so.
    ahead = 7 * DAY + 60_000;
    expect((await ratings.forOwner(citizen, d.id)).state).toBe('closed');
    const late = await refusal(ratings.rateAsOwner(citizen, d.id, { level: 'unsatisfied' }));
    expect(late.code).toBe('conflict');
    expect(late.details.extensions).toMatchObject({ reason: 'edit_window_over' });
    expect(await stored(d.id)).toMatchObject([{ level: 'very_satisfied', revision: 2 }]);
    expect(await notices(d.id)).toEqual([]);
    // Staff see it as stored.
    expect(await ratings.ofDossier(d.id)).toMatchObject({
      level: 'very_satisfied',
      channel: 'online',
      clerkName: 'Lê Thị Tiếp',
    });
    // The citizen's own view never names the officer.
    expect((await ratings.forOwner(citizen, d.id)).rating?.clerkName).toBeNull();
  });

  it('rates with the receipt’s code and key, and takes a “Không hài lòng” to the leaders of both sides at once', async () => {
    const d = await dossier({ deciding: true });
    expect((await refusal(ratings.forKey(d.code, 'SAIMATRA99'))).code).toBe('not_found');
    expect((await refusal(ratings.rateWithKey(d.code, 'SAIMATRA99', { level: 'satisfied' }))).code).toBe('not_found');
    const target = await ratings.forKey(d.code, d.key.toLowerCase());
    expect(target.state).toBe('open');
    // Nothing personal in what the public sees.
    expect(JSON.stringify(target)).not.toContain('Nguyễn Văn An');
    expect(JSON.stringify(target)).not.toContain('046090001234');

    await ratings.rateWithKey(d.code, d.key, {
      level: 'unsatisfied',
      criteria: { a: 'unsatisfied' },
      comment: 'Phải đi lại hai lần mới nộp được.',
    });
    const expected = (agency: string) => ({
      agency,
      role: 'leader',
      kind: 'rating_unsatisfied',
      message: `Công dân đánh giá “Không hài lòng” về việc giải quyết hồ sơ ${d.code} (Cấp Giấy xác nhận tình trạng hôn nhân). Ý kiến của công dân: “Phải đi lại hai lần mới nộp được.”`,
    });
    expect(await notices(d.id)).toEqual([expected(DESK), expected(DECIDING)]);
    expect(await stored(d.id)).toMatchObject([{ channel: 'lookup', rater_subject: null, deciding: DECIDING }]);

    // The same again tells nobody twice; a new comment is news.
    await ratings.rateWithKey(d.code, d.key, { level: 'unsatisfied', comment: 'Phải đi lại hai lần mới nộp được.' });
    expect(await notices(d.id)).toHaveLength(2);
    await ratings.rateWithKey(d.code, d.key, { level: 'unsatisfied', comment: 'Và phải chờ lâu.' });
    const after = await notices(d.id);
    expect(after).toHaveLength(4);
    expect(after[3]?.message).toContain('“Và phải chờ lâu.”');
  });

  it('writes the rating and the leaders’ notification in one transaction: a failed notification leaves no rating', async () => {
    const d = await dossier();
    // The notification table refuses rows for a moment (a constraint only this test adds): the rating must not stay.
    await ds.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_test_refuse_ck CHECK (kind <> 'rating_unsatisfied') NOT VALID`,
    );
    try {
      await expect(ratings.rateWithKey(d.code, d.key, { level: 'unsatisfied' })).rejects.toThrow(
        /notification_test_refuse_ck/,
      );
    } finally {
      await ds.query(`ALTER TABLE notification DROP CONSTRAINT notification_test_refuse_ck`);
    }
    expect(await stored(d.id)).toEqual([]);
    await ratings.rateWithKey(d.code, d.key, { level: 'unsatisfied' });
    expect(await notices(d.id)).toMatchObject([
      { agency: DESK, message: expect.stringContaining('Công dân không ghi ý kiến.') },
    ]);
  });

  it('pairs a counter tablet with a one-time code, rates the dossier its clerk just returned once, and unpairs', async () => {
    const started = await devices.startPairing(counterClerk, '  Quầy   số 1 ');
    expect(started.device).toMatchObject({ state: 'pending', label: 'Quầy số 1', clerkSubject: counterClerk.subject });
    expect(started.code).toMatch(/^[A-Z2-9]{8}$/);
    // Only hashes are kept.
    const kept = await ds.query<Array<{ pairing_code_hash: string }>>(
      `SELECT pairing_code_hash FROM counter_device WHERE id = $1`,
      [started.device.id],
    );
    expect(kept[0]?.pairing_code_hash).not.toContain(started.code);
    expect((await refusal(devices.startPairing(specialist, 'Quầy 2'))).code).toBe('forbidden');
    expect((await refusal(devices.startPairing(counterClerk, '   '))).details.errors?.[0]?.field).toBe('label');
    expect((await refusal(devices.completePairing('ABCDEFGH'))).code).toBe('not_found');

    const typed = `${started.code.slice(0, 4).toLowerCase()}-${started.code.slice(4)}`;
    const { device, token } = await devices.completePairing(typed);
    expect(device.state).toBe('paired');
    // A code pairs one tablet, once.
    expect((await refusal(devices.completePairing(started.code))).code).toBe('not_found');
    expect(await devices.byToken(token)).toMatchObject({
      id: device.id,
      clerkSubject: counterClerk.subject,
      agencyCode: DESK,
    });
    expect(await devices.byToken(`${token}x`)).toBeNull();

    // Nothing returned by this clerk lately: nothing to rate (another clerk's return is not this desk's).
    const elsewhere = await dossier({ returnedBy: otherClerk });
    expect(await ratings.atCounter(counterClerk.subject)).toBeNull();
    const d = await dossier({ returnedBy: counterClerk });
    const shown = await ratings.atCounter(counterClerk.subject);
    expect(shown).toMatchObject({ dossierId: d.id, code: d.code, state: 'open' });
    expect(JSON.stringify(shown)).not.toContain('Nguyễn Văn An');
    // Only the dossier on the tablet's screen, which must still be the one just returned.
    expect(
      (
        await refusal(
          ratings.rateAtCounter({ id: device.id, clerkSubject: counterClerk.subject }, elsewhere.id, {
            level: 'satisfied',
          }),
        )
      ).details.extensions,
    ).toEqual({ reason: 'counter_moved_on' });
    await ratings.rateAtCounter({ id: device.id, clerkSubject: counterClerk.subject }, d.id, {
      level: 'very_satisfied',
      criteria: { dd: 'very_satisfied' },
    });
    expect(await stored(d.id)).toMatchObject([
      { channel: 'counter', clerk_subject: counterClerk.subject, level: 'very_satisfied' },
    ]);
    expect((await ratings.atCounter(counterClerk.subject))?.state).toBe('editable');
    // The next person at the desk cannot change it from the tablet.
    const again = await refusal(
      ratings.rateAtCounter({ id: device.id, clerkSubject: counterClerk.subject }, d.id, { level: 'unsatisfied' }),
    );
    expect(again.details.extensions).toEqual({ reason: 'already_rated' });

    // The window passes: the tablet has nothing to show.
    ahead = (DEFAULT_RATING_OPTIONS.counterWindowMinutes + 1) * 60_000;
    expect(await ratings.atCounter(counterClerk.subject)).toBeNull();
    ahead = 0;

    // Only its clerk unpairs it; then its cookie opens nothing.
    expect(await devices.listForClerk(counterClerk)).toEqual([
      expect.objectContaining({ id: device.id, state: 'paired' }),
    ]);
    expect((await refusal(devices.unpair(otherClerk, device.id))).code).toBe('not_found');
    await devices.unpair(counterClerk, device.id);
    expect(await devices.byToken(token)).toBeNull();
    expect(await devices.listForClerk(counterClerk)).toEqual([]);

    // A code not used in time pairs nothing; a pairing runs out by itself.
    const stale = await devices.startPairing(counterClerk, 'Quầy số 2');
    ahead = (DEFAULT_RATING_OPTIONS.pairingCodeMinutes + 1) * 60_000;
    expect((await refusal(devices.completePairing(stale.code))).code).toBe('not_found');
    ahead = 0;
    const fresh = await devices.completePairing((await devices.startPairing(counterClerk, 'Quầy số 3')).code);
    ahead = (DEFAULT_RATING_OPTIONS.devicePairingHours * 3600 + 60) * 1000;
    expect(await devices.byToken(fresh.token)).toBeNull();
  });

  it('counts ratings per level by agency, deciding agency, procedure and clerk over a period', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    const before = await ratings.count({ from: today, to: today, agencyCode: DECIDING }, 'agency');
    const a = await dossier();
    const b = await dossier({ deciding: true, returnedBy: otherClerk });
    await ratings.rateWithKey(a.code, a.key, { level: 'satisfied', criteria: { a: 'satisfied', c: 'unsatisfied' } });
    await ratings.rateWithKey(b.code, b.key, { level: 'very_satisfied', criteria: { a: 'very_satisfied' } });

    const byClerk = await ratings.count({ from: today, to: today }, 'clerk');
    expect(byClerk.find((r) => r.key === otherClerk.subject)).toEqual({
      key: otherClerk.subject,
      name: 'Phan Văn Nhận',
      very_satisfied: 1,
      satisfied: 0,
      unsatisfied: 0,
      total: 1,
    });
    // Kim Long answers only for the dossier it decided, counted under the desk that received it…
    const kimLong = await ratings.count({ from: today, to: today, agencyCode: DECIDING }, 'agency');
    const deskRow = (rows: typeof kimLong) => rows.find((r) => r.key === DESK);
    expect((deskRow(kimLong)?.very_satisfied ?? 0) - (deskRow(before)?.very_satisfied ?? 0)).toBe(1);
    expect((deskRow(kimLong)?.satisfied ?? 0) - (deskRow(before)?.satisfied ?? 0)).toBe(0);
    // …and under itself as the deciding agency.
    const deciding = await ratings.count({ from: today, to: today, agencyCode: DECIDING }, 'deciding_agency');
    expect(deciding.map((r) => r.key)).toEqual([DECIDING]);
    const byProcedure = await ratings.count({ from: today, to: today, agencyCode: DESK }, 'procedure');
    expect(byProcedure).toEqual([
      expect.objectContaining({ key: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân' }),
    ]);
    const total = byProcedure[0];
    expect(total && total.very_satisfied + total.satisfied + total.unsatisfied).toBe(total?.total);
    const criteria = await ratings.countCriteria({ from: today, to: today, agencyCode: DESK });
    expect(criteria.find((c) => c.criterion === 'c')).toMatchObject({ unsatisfied: expect.any(Number) as number });

    // Another period has none of them; a period the wrong way round or not a date is refused, naming the field.
    expect(await ratings.count({ from: '2025-01-01', to: '2025-01-31' }, 'agency')).toEqual([]);
    const wrong = await refusal(ratings.count({ from: today, to: '2025-01-01' }, 'agency'));
    expect(wrong.details.errors?.map((e) => e.field)).toEqual(['to']);
    const junk = await refusal(ratings.count({ from: '01/12/2026', to: today }, 'clerk'));
    expect(junk.details.errors?.map((e) => e.field)).toEqual(['from']);
  });
});
