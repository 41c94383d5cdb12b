/**
 * E-mail to the applicant: from the commit of a dossier action to the mail server holding the message, next to a bare
 * SMTP send of the same message to the same server, measured in the same run.
 *
 *   npm run bench:citizen-email -- [--actions 100] [--runs 3]
 *
 * System: a clerk's `receive` through DossierService (dossier, audit entry and outbox event in one transaction) → the
 * built router worker relays the outbox event (LISTEN/NOTIFY), plans the applicant's message while it handles the
 * event, wakes its sender, which claims the message and sends it over SMTP (nodemailer) to a local smtp-server.
 * Commit = DossierService.act resolved; arrival = the server has the whole message (end of DATA).
 * Baseline: nodemailer sending the same rendered message straight to the same server (no database, no queue), from
 * the call to the end of DATA: what the protocol alone costs.
 * Actions run one at a time, each after the previous message arrived (unloaded latency).
 *
 * Runs against the machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) with a database and key prefix
 * of its own, both removed at the end. Build the worker first: npm run build.
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import type { Principal } from '@app/auth';
import { CalendarService } from '@app/calendar';
import { createDataSource, runMigrations } from '@app/database';
import { CalendarDeadlines, DossierService } from '@app/dossiers';
import { MailTransport, MessageTemplates } from '@app/messages';
import { RegimeService } from '@app/regimes';
import { fillForm, nth, publishedProcedure, seedLienThongDatabase, TestSmtpServer, WorkerProcess } from '@app/testing';

const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = 'redis://127.0.0.1:6379';
const WARD = '000.17.22.H56';
const clerk: Principal = {
  subject: 'bench-clerk',
  kind: 'user',
  username: 'bench-clerk',
  name: 'bench-clerk',
  email: null,
  roles: ['clerk'],
  agency: WARD,
  agencyName: null,
  clientId: 'portal-web',
};

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return nth(sorted, rank, 'latency');
}

function spread(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = nth(sorted, Math.floor(sorted.length / 2));
  return `${mid.toFixed(1)} (${nth(sorted, 0).toFixed(1)}–${nth(sorted, sorted.length - 1).toFixed(1)})`;
}

async function main(): Promise<void> {
  const actions = option('actions', 100);
  const runs = option('runs', 3);
  const tag = randomBytes(4).toString('hex');
  const dbName = `motcua_bench_mail_${tag}`;
  const dbUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: PG_ADMIN });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${dbName}`);
  const smtp = await TestSmtpServer.start();
  let worker: WorkerProcess | null = null;
  const ds = createDataSource({ url: dbUrl, poolSize: 4 });
  try {
    await runMigrations(dbUrl);
    await seedLienThongDatabase(dbUrl);
    await ds.initialize();
    worker = await WorkerProcess.start({
      databaseUrl: dbUrl,
      redisUrl: REDIS_URL,
      redisPrefix: `bench-mail-${tag}`,
      env: { MAIL_SMTP_URL: smtp.url, PUBLIC_URL: 'https://motcua.example.gov.vn', LOG_LEVEL: 'warn' },
    });
    const service = new DossierService(ds, new CalendarDeadlines(new CalendarService(ds)), new RegimeService(ds));
    const formData = fillForm((await publishedProcedure(dbUrl, '1.004873')).formSchema);
    const transport = createTransport({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
    }) as unknown as MailTransport;
    const templates = MessageTemplates.load();

    const system = async (run: number, warmUp: boolean): Promise<number[]> => {
      const latencies: number[] = [];
      const count = warmUp ? 10 : actions;
      for (let i = 0; i < count; i += 1) {
        const to = `bench-${run}-${i}-${warmUp ? 'w' : 'm'}@example.vn`;
        const opened = await service.open(clerk, {
          procedureCode: '1.004873',
          agencyCode: WARD,
          channel: 1,
          applicant: { fullName: 'Nguyễn Văn Đo', idNumber: null, phone: null, email: to, address: 'Huế' },
          formData,
        });
        await service.act(clerk, opened.id, 'submit');
        await service.act(clerk, opened.id, 'receive');
        const committed = Date.now();
        if ((await smtp.mailsTo(to, 1, 30_000)).length === 0) throw new Error(`no mail for ${to}`);
        const arrived = smtp.received.find((r) => JSON.stringify(r.mail.to).includes(to));
        latencies.push((arrived?.at ?? NaN) - committed);
      }
      return latencies;
    };

    const baseline = async (run: number, warmUp: boolean): Promise<number[]> => {
      const latencies: number[] = [];
      const count = warmUp ? 10 : actions;
      for (let i = 0; i < count; i += 1) {
        const to = `base-${run}-${i}-${warmUp ? 'w' : 'm'}@example.vn`;
        const rendered = templates.renderEmail('received', 'vi', {
          applicantName: 'Nguyễn Văn Đo',
          code: `${WARD}-261207-0001`,
          dossierRef: `${WARD}-261207-0001`,
          lookupKey: 'ABCDEF12',
          procedureName: 'Cấp Giấy xác nhận tình trạng hôn nhân',
          agencyName: 'Ủy ban nhân dân phường Thủy Xuân',
          dueAt: '17:00 ngày 10/12/2026',
          reason: null,
          supplementDueAt: null,
          newDueAt: null,
          lookupUrl: 'https://motcua.example.gov.vn/lookup?code=X&key=ABCDEF12',
          dossierUrl: null,
        });
        const started = Date.now();
        await transport.sendMail({
          ...rendered,
          from: 'Một Cửa <no-reply@motcua.local>',
          to,
          messageId: `<${randomBytes(8).toString('hex')}@motcua.example.gov.vn>`,
          headers: {},
        });
        const arrived = smtp.received.find((r) => JSON.stringify(r.mail.to).includes(to));
        latencies.push((arrived?.at ?? NaN) - started);
      }
      return latencies;
    };

    await system(0, true);
    await baseline(0, true);
    const rows: Array<{ sys: number[]; base: number[] }> = [];
    for (let run = 1; run <= runs; run += 1)
      rows.push({ sys: await system(run, false), base: await baseline(run, false) });

    const p = (key: 'sys' | 'base', q: number) => rows.map((r) => percentile(r[key], q));
    const ratio = (q: number) => rows.map((r) => percentile(r.sys, q) / percentile(r.base, q));
    console.log(
      [
        '',
        `Citizen e-mail latency — ${actions} actions per run, ${runs} runs after a warm-up of 10, one at a time; ` +
          `Node ${process.version}, ${cpus().length} CPUs. Milliseconds; median of the runs (min–max).`,
        '',
        '| | system: commit → SMTP server | baseline: bare SMTP send | ratio |',
        '| --- | --- | --- | --- |',
        `| p50 | ${spread(p('sys', 50))} | ${spread(p('base', 50))} | ${spread(ratio(50))} |`,
        `| p95 | ${spread(p('sys', 95))} | ${spread(p('base', 95))} | ${spread(ratio(95))} |`,
        '',
      ].join('\n'),
    );
  } finally {
    await worker?.stop();
    await ds.destroy().catch(() => undefined);
    await smtp.stop();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
