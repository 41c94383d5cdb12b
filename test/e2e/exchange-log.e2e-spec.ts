import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { appendExchange } from '@app/routing';
import {
  createTestDatabase,
  LEAD_AGENCY,
  LIEN_THONG_PROCEDURE,
  POLICE_AGENCY,
  seedLienThongDatabase,
  spawnApp,
  TestDatabase,
  WORKER_MAIN,
  first,
} from '@app/testing';

interface Report {
  command: string;
  scope: Record<string, unknown>;
  intact: boolean;
  dossiers: number;
  entries: number;
  problems: Array<{ dossierId: string; dossierCode: string | null; entryId: string; problem: string; detail: string }>;
}

describe('verify-exchange-log command', () => {
  let sequence = 0;
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedLienThongDatabase(db.url);
    ds = createDataSource({ url: db.url, poolSize: 2 });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  async function run(args: string[]): Promise<{ code: number | string; report: Report | null; output: string }> {
    const proc = spawnApp(WORKER_MAIN, ['verify-exchange-log', ...args], { DATABASE_URL: db.url });
    const code = await proc.exited;
    const output = proc.output();
    const json = output.slice(output.indexOf('{'));
    return { code, report: output.includes('"command"') ? (JSON.parse(json) as Report) : null, output };
  }

  /** A forwarded dossier with a short exchange with the police: case pushed, acknowledged, result received. */
  async function dossierWithExchange(): Promise<{ id: string; code: string; entryIds: string[] }> {
    sequence += 1;
    const code = `${LEAD_AGENCY}-250407-${String(sequence).padStart(4, '0')}`;
    const dossier = first(
      await ds.query<Array<{ id: string }>>(
        `INSERT INTO dossier (code, status, channel, agency_id, procedure_version_id, applicant, lookup_key, submitted_at,
                            received_at, due_at, created_by_subject)
       SELECT $1, 'awaiting_agency', 1, a.id, v.id, '{"fullName":"Nguyễn Văn An"}', $2, now(), now(),
              now() + interval '3 days', 'test'
         FROM agency a, procedure_version v JOIN procedure p ON p.id = v.procedure_id
        WHERE a.code = $3 AND p.code = $4 AND v.status = 'published'
       RETURNING id`,
        [code, randomBytes(4).toString('hex').toUpperCase(), LEAD_AGENCY, LIEN_THONG_PROCEDURE],
      ),
    );
    const messages: Array<['out' | 'in', string, string]> = [
      ['out', 'agency_case.opened', JSON.stringify({ type: 'agency_case.opened', dossierCode: code })],
      ['in', 'agency_case.acknowledged', JSON.stringify({ acknowledged: true })],
      ['in', 'agency_case.result', JSON.stringify({ summary: 'Đã đăng ký thường trú', documents: [] })],
    ];
    for (const [direction, messageType, body] of messages) {
      await ds.transaction((em) =>
        appendExchange(em, {
          dossierId: dossier.id,
          agencyCaseId: null,
          direction,
          counterparty: POLICE_AGENCY,
          messageType,
          messageId: randomBytes(8).toString('hex'),
          body,
          signature: direction === 'out' ? `v1,${randomBytes(32).toString('base64')}` : null,
        }),
      );
    }
    const entries = await ds.query<Array<{ id: string }>>(
      `SELECT id FROM exchange_log WHERE dossier_id = $1 ORDER BY id`,
      [dossier.id],
    );
    return { id: dossier.id, code, entryIds: entries.map((e) => String(e.id)) };
  }

  /** What only a privileged hand can do: the append-only trigger is switched off around the change. */
  async function tamper(sql: string, params: unknown[]): Promise<void> {
    await ds.transaction(async (em) => {
      await em.query(`ALTER TABLE exchange_log DISABLE TRIGGER exchange_log_append_only`);
      await em.query(sql, params);
      await em.query(`ALTER TABLE exchange_log ENABLE TRIGGER exchange_log_append_only`);
    });
  }

  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

  it('reports an intact chain with exit 0, then exit 3 naming the one entry changed', async () => {
    const a = await dossierWithExchange();
    const b = await dossierWithExchange();

    const byCode = await run(['--dossier', a.code]);
    expect(byCode.code).toBe(0);
    expect(byCode.report).toMatchObject({ intact: true, dossiers: 1, entries: 3, problems: [] });
    expect(byCode.report?.scope).toEqual({ dossierId: a.id, dossierCode: a.code });
    const byPeriod = await run(['--from', today, '--to', today]);
    expect(byPeriod.code).toBe(0);
    expect(byPeriod.report).toMatchObject({ intact: true, dossiers: 2, entries: 6 });

    await expect(ds.query(`UPDATE exchange_log SET body = 'x' WHERE id = $1`, [a.entryIds[1]])).rejects.toThrow(
      /append-only/,
    );
    await tamper(`UPDATE exchange_log SET body = $2 WHERE id = $1`, [
      a.entryIds[1],
      JSON.stringify({ acknowledged: false }),
    ]);

    const tampered = await run(['--dossier', a.id]);
    expect(tampered.code).toBe(3);
    expect(tampered.report?.intact).toBe(false);
    expect(tampered.report?.problems).toEqual([
      {
        dossierId: a.id,
        dossierCode: a.code,
        entryId: a.entryIds[1],
        problem: 'hash_mismatch',
        detail: expect.any(String) as string,
      },
    ]);
    const period = await run(['--from', today, '--to', today]);
    expect(period.code).toBe(3);
    expect(period.report?.problems.map((p) => p.entryId)).toEqual([a.entryIds[1]]);
    expect((await run(['--dossier', b.code])).code).toBe(0);
  });

  it('names the entry after one that was removed', async () => {
    const c = await dossierWithExchange();
    await tamper(`DELETE FROM exchange_log WHERE id = $1`, [c.entryIds[1]]);
    const result = await run(['--dossier', c.code]);
    expect(result.code).toBe(3);
    expect(result.report?.problems).toEqual([
      expect.objectContaining({ entryId: c.entryIds[2], problem: 'broken_link', dossierCode: c.code }),
    ]);
  });

  it.each([
    [['--dossier', '000.17.22.H56-991231-9999'], /--dossier: no dossier 000\.17\.22\.H56-991231-9999/],
    [['--from', '2025-04-31', '--to', '2025-05-01'], /--from must be a date YYYY-MM-DD, got "2025-04-31"/],
    [['--from', '2025-04-01'], /--from and --to are given together/],
    [['--since', 'yesterday'], /unknown argument --since/],
  ])('exits 2 on bad arguments %j', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(message);
    expect(result.output).toMatch(/usage: main\.js/);
  });
});
