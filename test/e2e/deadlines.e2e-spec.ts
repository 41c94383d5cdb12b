import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import {
  createTestDatabase,
  eventually,
  LEAD_AGENCY,
  LIEN_THONG_PROCEDURE,
  metricValue,
  POLICE_AGENCY,
  seedLienThongDatabase,
  testRedisPrefix,
  TestDatabase,
  WorkerProcess,
  nth,
  only,
} from '@app/testing';

const REDIS_URL = 'redis://127.0.0.1:6379';
const SPECIALIST = 'chuyenvien-subject';

describe('deadlines kept by the worker process', () => {
  let sequence = 0;
  let db: TestDatabase;
  let pg: Client;
  const prefix = testRedisPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedLienThongDatabase(db.url);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg.end();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`*${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await db.drop();
  });

  /**
   * A dossier forwarded to the police whose step falls due `dueInMs` from now (the dossier's own appointment is a
   * month away), written directly: what the router leaves behind when it opens a case.
   */
  async function forwardedCase(dueInMs: number): Promise<{ dossierId: string; caseId: string; code: string }> {
    sequence += 1;
    const code = `${LEAD_AGENCY}-250407-${String(sequence).padStart(4, '0')}`;
    const { rows: dossiers } = await pg.query<{ id: string }>(
      `INSERT INTO dossier (code, status, channel, agency_id, procedure_version_id, applicant, assignee_subject, lookup_key,
                            submitted_at, received_at, due_at, created_by_subject)
       SELECT $1, 'awaiting_agency', 1, a.id, v.id, '{"fullName":"Nguyễn Văn An"}', $2, $3, now(), now(),
              now() + interval '30 days', 'test'
         FROM agency a, procedure_version v JOIN procedure p ON p.id = v.procedure_id
        WHERE a.code = $4 AND p.code = $5 AND v.status = 'published'
       RETURNING id`,
      [code, SPECIALIST, randomBytes(4).toString('hex').toUpperCase(), LEAD_AGENCY, LIEN_THONG_PROCEDURE],
    );
    const dossierId = nth(dossiers, 0).id;
    const { rows: cases } = await pg.query<{ id: string }>(
      `INSERT INTO agency_case (dossier_id, stage, step_code, step_name, agency_id, status, budget_unit, budget_amount,
                                opened_at, due_at)
       SELECT $1, 1, 'thuong-tru', 'Đăng ký thường trú cho trẻ', a.id, 'new', 'working_days', 2, now(),
              now() + $3 * interval '1 millisecond'
         FROM agency a WHERE a.code = $2
       RETURNING id`,
      [dossierId, POLICE_AGENCY, dueInMs],
    );
    return { dossierId, caseId: nth(cases, 0).id, code };
  }

  const caseFlags = async (caseId: string) =>
    only(
      (
        await pg.query<{ near: Date | null; overdue: Date | null; past_due: boolean }>(
          `SELECT near_due_notified_at AS near, overdue_flagged_at AS overdue, due_at <= now() AS past_due
           FROM agency_case WHERE id = $1`,
          [caseId],
        )
      ).rows,
      'agency case',
    );

  it('an overdue step is flagged after the worker was restarted across its deadline', async () => {
    const { dossierId, caseId } = await forwardedCase(5_000);
    const worker = await WorkerProcess.start({
      databaseUrl: db.url,
      redisUrl: REDIS_URL,
      redisPrefix: prefix,
      env: { DEADLINE_SCAN_INTERVAL_SECONDS: '1', DEADLINE_NEAR_DUE_HOURS: '24', LOG_LEVEL: 'info' },
    });
    try {
      // Inside the 24-hour window: the first scan after boot warns the police officers.
      expect(await eventually(async () => (await caseFlags(caseId)).near !== null, true)).toBe(true);
      expect((await caseFlags(caseId)).overdue).toBeNull();

      await worker.kill();
      // The due time passes while no worker runs: nothing can flag the step meanwhile.
      expect(await eventually(async () => (await caseFlags(caseId)).past_due, true, 15_000)).toBe(true);
      expect((await caseFlags(caseId)).overdue).toBeNull();

      await worker.restart();
      const flagged = await eventually(async () => (await caseFlags(caseId)).overdue !== null, true);
      expect({ flagged, output: flagged ? '' : worker.output() }).toEqual({ flagged: true, output: '' });
      // Let the worker complete at least one more scan after the flag: it must find nothing new to record.
      const seenAt = Date.now() / 1000;
      const lastScan = async () =>
        metricValue(await worker.metrics(), 'motcua_deadline_last_scan_timestamp_seconds') ?? 0;
      expect(await eventually(async () => (await lastScan()) > seenAt + 1, true)).toBe(true);
    } finally {
      expect(await worker.stop()).toBe(0);
    }

    const { rows: notifications } = await pg.query<{
      agency: string;
      role: string | null;
      subject: string | null;
      kind: string;
    }>(
      `SELECT a.code AS agency, n.recipient_role AS role, n.recipient_subject AS subject, n.kind
         FROM notification n JOIN agency a ON a.id = n.agency_id WHERE n.agency_case_id = $1 ORDER BY n.id`,
      [caseId],
    );
    expect(notifications).toEqual([
      { agency: POLICE_AGENCY, role: 'agency_officer', subject: null, kind: 'case_near_due' },
      { agency: POLICE_AGENCY, role: 'agency_officer', subject: null, kind: 'case_overdue' },
      { agency: LEAD_AGENCY, role: 'leader', subject: null, kind: 'case_overdue' },
      { agency: LEAD_AGENCY, role: null, subject: SPECIALIST, kind: 'case_overdue' },
    ]);
    const { rows: trail } = await pg.query<{ action: string; actor_role: string; data: Record<string, unknown> }>(
      `SELECT action, actor_role, data FROM dossier_event WHERE dossier_id = $1 ORDER BY id`,
      [dossierId],
    );
    expect(trail.map((e) => [e.action, e.actor_role, e.data.caseId])).toEqual([
      ['deadline_near_due', 'system', caseId],
      ['deadline_overdue', 'system', caseId],
    ]);
  });

  it('closes a dossier whose supplement time ran out while no worker ran, once, with the article', async () => {
    sequence += 1;
    const code = `${LEAD_AGENCY}-250407-${String(sequence).padStart(4, '0')}`;
    // Waiting for an appraisal-stage supplement whose 15 days ended a minute ago (NĐ 118/2025 Điều 19 khoản 5).
    const { rows } = await pg.query<{ id: string }>(
      `INSERT INTO dossier (code, status, resume_status, channel, agency_id, procedure_version_id, applicant,
                            assignee_subject, lookup_key, submitted_at, received_at, due_at, paused_at,
                            supplement_due_at, created_by_subject)
       SELECT $1, 'supplement_requested', 'in_process', 1, a.id, v.id, '{"fullName":"Trần Văn Bình"}', $2, $3,
              now() - interval '20 days', now() - interval '20 days', now() + interval '10 days',
              now() - interval '16 days', now() - interval '1 minute', 'test'
         FROM agency a, procedure_version v JOIN procedure p ON p.id = v.procedure_id
        WHERE a.code = $4 AND p.code = $5 AND v.status = 'published'
       RETURNING id`,
      [code, SPECIALIST, randomBytes(4).toString('hex').toUpperCase(), LEAD_AGENCY, LIEN_THONG_PROCEDURE],
    );
    const dossierId = nth(rows, 0).id;
    const state = async () =>
      only(
        (await pg.query<{ status: string }>(`SELECT status FROM dossier WHERE id = $1`, [dossierId])).rows,
        'dossier',
      ).status;
    const worker = await WorkerProcess.start({
      databaseUrl: db.url,
      redisUrl: REDIS_URL,
      redisPrefix: prefix,
      env: { DEADLINE_SCAN_INTERVAL_SECONDS: '1', DEADLINE_NEAR_DUE_HOURS: '24', LOG_LEVEL: 'info' },
    });
    try {
      expect(await eventually(state, 'stopped')).toBe('stopped');
      const seenAt = Date.now() / 1000;
      const lastScan = async () =>
        metricValue(await worker.metrics(), 'motcua_deadline_last_scan_timestamp_seconds') ?? 0;
      expect(await eventually(async () => (await lastScan()) > seenAt + 1, true)).toBe(true);
    } finally {
      expect(await worker.stop()).toBe(0);
    }
    const { rows: trail } = await pg.query<{ action: string; actor_role: string; reason: string }>(
      `SELECT action, actor_role, reason FROM dossier_event WHERE dossier_id = $1 AND action = 'close_unsupplemented'`,
      [dossierId],
    );
    expect(trail).toHaveLength(1);
    expect(nth(trail, 0)).toMatchObject({ actor_role: 'system' });
    expect(nth(trail, 0).reason).toContain('NĐ 118/2025 Điều 19 khoản 5');
    const { rows: outbox } = await pg.query<{ national: number }>(
      `SELECT (payload->>'nationalStatus')::int AS national FROM outbox_event
        WHERE aggregate_id = $1 AND payload->>'action' = 'close_unsupplemented'`,
      [dossierId],
    );
    expect(outbox).toEqual([{ national: 8 }]);
    const { rows: told } = await pg.query<{ role: string | null; subject: string | null }>(
      `SELECT recipient_role AS role, recipient_subject AS subject FROM notification
        WHERE dossier_id = $1 AND kind = 'dossier_closed' ORDER BY id`,
      [dossierId],
    );
    expect(told).toEqual([
      { role: 'clerk', subject: null },
      { role: null, subject: SPECIALIST },
    ]);
  });
});
