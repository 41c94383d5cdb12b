import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { DomainError } from '@app/observability';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { CalendarService, DEFAULT_CALENDAR_CODE, seedCalendar } from './calendar.service';
import { CalendarYearNotCoveredError } from './calendar-year-not-covered.error';
import { CALENDAR_ENTITIES } from './index';
import { LABOUR_CODE_BASIS } from './official-notices';

const CODE = DEFAULT_CALENDAR_CODE;
const quantri = { subject: '4d7c1f52-0000-4000-8000-000000000001', username: 'quantri' };

describe('CalendarService on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: CalendarService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, entities: CALENDAR_ENTITIES });
    await ds.initialize();
    service = new CalendarService(ds);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const count = async (table: string) => Number((await ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  it('seeds VN-default for 2025–2027 from the notices and the statutory rules, and changes nothing the second time', async () => {
    expect(await seedCalendar(ds)).toBeGreaterThan(30);
    const days = await count('calendar_day');
    expect(await seedCalendar(ds)).toBe(0);
    expect(await count('calendar_day')).toBe(days);

    const y2025 = await service.listYear(CODE, 2025);
    expect(y2025?.days.find((d) => d.date === '2025-01-27')).toMatchObject({ kind: 'holiday', source: 'notice' });
    expect(y2025?.days.find((d) => d.date === '2025-04-26')).toMatchObject({ kind: 'working_day', weekday: 6 });
    expect(y2025?.days.map((d) => d.date)).not.toContain('2025-02-03');
    expect(y2025?.days.find((d) => d.date === '2025-05-02')?.basis).toBe(
      'Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024 của Bộ Lao động – Thương binh và Xã hội',
    );
    const y2026 = await service.listYear(CODE, 2026);
    expect(y2026?.days.filter((d) => d.kind === 'working_day').map((d) => [d.date, d.basis])).toEqual([
      ['2026-01-10', 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ'],
      ['2026-08-22', 'Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ'],
    ]);
    expect(y2026?.days.find((d) => d.date === '2026-04-27')).toMatchObject({
      source: 'statutory',
      basis: LABOUR_CODE_BASIS,
    });
    const y2027 = await service.listYear(CODE, 2027);
    expect(y2027?.days.filter((d) => d.name.startsWith('Nghỉ bù')).map((d) => d.date)).toEqual([
      '2027-02-10',
      '2027-02-11',
      '2027-05-03',
    ]);
    expect(await service.listYear(CODE, 2030)).toBeNull();
    expect((await service.getCalendar(CODE)).years).toEqual([2025, 2026, 2027]);
  });

  it('counts due dates on the seeded data, across the year boundary', async () => {
    const due = await service.due(CODE, new Date('2025-12-31T09:00:00+07:00'), { unit: 'working_days', amount: 3 });
    expect(due.dueDate).toBe('2026-01-07'); // Thu 1 and Fri 2 Jan off
    const swapped = await service.due(CODE, new Date('2026-08-27T09:00:00+07:00'), {
      unit: 'working_days',
      amount: 3,
    });
    expect(swapped.dueDate).toBe('2026-09-04'); // Fri 28 Aug, then Mon 31 Aug – Wed 2 Sep off: Thu 3, Fri 4
    const saturday = await service.due(CODE, new Date('2026-01-09T10:00:00+07:00'), {
      unit: 'working_days',
      amount: 1,
    });
    expect(saturday.dueDate).toBe('2026-01-10');
    await expect(
      service.due(CODE, new Date('2031-03-02T09:00:00+07:00'), { unit: 'working_days', amount: 1 }),
    ).rejects.toBeInstanceOf(CalendarYearNotCoveredError);
  });

  it('writes an admin edit and its calendar_change row together, and the next load sees it', async () => {
    const before = await service.load(CODE);
    expect(before.isWorkingDay('2027-12-31')).toBe(true);
    const other = new CalendarService(ds); // another portal instance with its own cache
    expect((await other.load(CODE)).isWorkingDay('2027-12-31')).toBe(true);

    const changes = await count('calendar_change');
    const res = await service.upsertDay(
      CODE,
      '2027-12-31',
      { kind: 'holiday', name: 'Nghỉ cuối năm', reason: 'Quyết định của UBND tỉnh' },
      quantri,
    );
    expect(res).toMatchObject({ before: null, after: { kind: 'holiday', source: 'admin', weekday: 5 } });
    expect(await count('calendar_change')).toBe(changes + 1);
    const [change] = await ds.query(`SELECT * FROM calendar_change ORDER BY id DESC LIMIT 1`);
    expect(change).toMatchObject({
      actor_subject: quantri.subject,
      actor_username: 'quantri',
      before: null,
      after: { kind: 'holiday', name: 'Nghỉ cuối năm', source: 'admin' },
      reason: 'Quyết định của UBND tỉnh',
    });
    expect((await service.load(CODE)).isWorkingDay('2027-12-31')).toBe(false);
    expect((await other.load(CODE)).isWorkingDay('2027-12-31')).toBe(false);
  });

  it('rolls the day back when its history row cannot be written', async () => {
    const tooLong = { subject: quantri.subject, username: 'x'.repeat(300) };
    await expect(
      service.upsertDay(
        CODE,
        '2027-12-30',
        { kind: 'holiday', name: 'Thử', reason: 'không ghi được lịch sử' },
        tooLong,
      ),
    ).rejects.toThrow();
    expect(await ds.query(`SELECT 1 FROM calendar_day WHERE day = '2027-12-30'`)).toEqual([]);
  });

  it('re-seeding an official year brings an older seed up to the notices, with their citations', async () => {
    // A database seeded before the 2026 swaps were known: Fri 2 Jan a working day, no basis anywhere.
    await ds.query(`DELETE FROM calendar_day WHERE day IN ('2026-01-02', '2026-01-10', '2026-08-22', '2026-08-31')`);
    await ds.query(`UPDATE calendar_day SET basis = NULL, source = 'notice' WHERE year = 2026`);
    await ds.query(
      `INSERT INTO calendar_day (calendar_id, day, kind, name, source)
       SELECT id, '2026-02-21', 'holiday', 'Ngày cũ không còn trong thông báo', 'notice' FROM work_calendar WHERE code = $1`,
      [CODE],
    );
    const result = await service.seedYear(CODE, 2026);
    expect(result).toMatchObject({ inserted: 4, removed: 1 });
    const days = (await service.listYear(CODE, 2026))?.days ?? [];
    expect(days.every((d) => d.basis !== null)).toBe(true);
    expect(days.find((d) => d.date === '2026-02-21')).toBeUndefined();
    expect((await service.load(CODE)).isWorkingDay('2026-01-02')).toBe(false);
    expect(await service.seedYear(CODE, 2026)).toMatchObject({ inserted: 0, updated: 0, removed: 0 });
  });

  it('keeps the basis an admin cites for a day, in the day and in its history', async () => {
    await service.upsertDay(
      CODE,
      '2027-12-24',
      {
        kind: 'holiday',
        name: 'Nghỉ theo quyết định của tỉnh',
        reason: 'áp dụng quyết định',
        basis: 'Quyết định 12/QĐ-UBND ngày 01/12/2027',
      },
      quantri,
    );
    const day = (await service.listYear(CODE, 2027))?.days.find((d) => d.date === '2027-12-24');
    expect(day).toMatchObject({ source: 'admin', basis: 'Quyết định 12/QĐ-UBND ngày 01/12/2027' });
    const [change] = await ds.query(`SELECT after FROM calendar_change WHERE day = '2027-12-24'`);
    expect(change.after).toMatchObject({ basis: 'Quyết định 12/QĐ-UBND ngày 01/12/2027' });
    const err = (await service
      .upsertDay(CODE, '2027-12-23', { kind: 'holiday', name: 'X', reason: 'lý do', basis: 'x'.repeat(301) }, quantri)
      .catch((e: unknown) => e)) as DomainError;
    expect((err.details.errors ?? []).map((e) => e.field)).toEqual(['basis']);
  });

  it('re-seeding keeps what an admin set, renamed or removed', async () => {
    await service.upsertDay(
      CODE,
      '2027-01-01',
      { kind: 'holiday', name: 'Tết Dương lịch 2027', reason: 'đổi tên theo thông báo' },
      quantri,
    );
    await service.removeDay(CODE, '2027-05-03', 'thông báo năm 2027 không nghỉ bù ngày này', quantri);
    const result = await service.seedYear(CODE, 2027);
    expect(result).toMatchObject({ inserted: 0, updated: 0, removed: 0 });
    expect(result.kept).toBeGreaterThanOrEqual(2);
    const days = (await service.listYear(CODE, 2027))?.days ?? [];
    expect(days.find((d) => d.date === '2027-01-01')).toMatchObject({ name: 'Tết Dương lịch 2027', source: 'admin' });
    expect(days.find((d) => d.date === '2027-05-03')).toBeUndefined();
    expect(days.find((d) => d.date === '2027-12-31')).toMatchObject({ source: 'admin' });
    const [removal] = await ds.query(`SELECT before, after FROM calendar_change WHERE day = '2027-05-03'`);
    expect(removal).toMatchObject({ before: { source: 'statutory' }, after: null });
  });

  it('refuses an invalid edit, naming the fields, and writes nothing', async () => {
    const days = await count('calendar_day');
    const changes = await count('calendar_change');
    const version = (await ds.query(`SELECT version FROM work_calendar WHERE code = $1`, [CODE]))[0].version;
    const attempts: Array<[Promise<unknown>, string[]]> = [
      [service.upsertDay(CODE, '2027-02-30', { kind: 'holiday', name: 'X', reason: 'lý do' }, quantri), ['date']],
      [
        service.upsertDay(CODE, '2027-03-01', { kind: 'half_day', name: ' ', reason: '' }, quantri),
        ['kind', 'name', 'reason'],
      ],
      [
        service.upsertDay(CODE, '2027-03-01', { kind: 'working_day', name: 'Thứ Hai', reason: 'lý do' }, quantri),
        ['kind'],
      ],
      [service.upsertDay(CODE, '2031-03-01', { kind: 'holiday', name: 'X', reason: 'lý do' }, quantri), ['date']],
      [service.removeDay(CODE, '2027-04-16', '', quantri), ['reason']],
    ];
    for (const [attempt, fields] of attempts) {
      await expect(attempt).rejects.toMatchObject({ code: 'validation_failed' });
      const err = (await attempt.catch((e: unknown) => e)) as DomainError;
      expect((err.details.errors ?? []).map((e) => e.field)).toEqual(fields);
    }
    await expect(service.removeDay(CODE, '2027-03-02', 'không có ngày này', quantri)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      service.upsertDay('VN-nowhere', '2027-03-01', { kind: 'holiday', name: 'X', reason: 'lý do' }, quantri),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await count('calendar_day')).toBe(days);
    expect(await count('calendar_change')).toBe(changes);
    expect((await ds.query(`SELECT version FROM work_calendar WHERE code = $1`, [CODE]))[0].version).toBe(version);
  });

  it('keeps the history append-only and days inside seeded years, in the database itself', async () => {
    await expect(ds.query(`DELETE FROM calendar_change`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`UPDATE calendar_change SET reason = 'sửa'`)).rejects.toThrow(/append-only/);
    await expect(
      ds.query(
        `INSERT INTO calendar_day (calendar_id, day, kind, name, source)
         SELECT id, '2031-01-01', 'holiday', 'X', 'admin' FROM work_calendar WHERE code = $1`,
        [CODE],
      ),
    ).rejects.toThrow(/calendar_day_year_fk/);
  });
});
