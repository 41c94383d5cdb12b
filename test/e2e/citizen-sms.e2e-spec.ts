import { Client } from 'pg';
import {
  eventually,
  fillForm,
  MessageCatcherProcess,
  passwordGrant,
  PortalHarness,
  publishedProcedure,
  startPortal,
  WorkerProcess,
} from '@app/testing';

type Json = Record<string, unknown>;

/**
 * The applicant hears back by SMS through a gateway speaking eSMS's brand-name API: the built mail catcher runs as its
 * own process (SMTP and the eSMS API), the worker sends to it, and the gateway's outages — refusing requests, or
 * taking one and losing the answer — change nothing about what arrives: each message, once.
 */
describe('SMS to the applicant (portal, worker and gateway as processes)', () => {
  let portal: PortalHarness;
  let worker: WorkerProcess;
  let catcher: MessageCatcherProcess;
  let db: Client;
  let clerk: string;
  let formData: Json;

  beforeAll(async () => {
    catcher = await MessageCatcherProcess.start();
    portal = await startPortal();
    worker = await WorkerProcess.start({
      databaseUrl: portal.db.url,
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: portal.redisPrefix,
      env: {
        OUTBOX_POLL_INTERVAL_MS: '200',
        ...catcher.workerEnv(),
        MAIL_POLL_INTERVAL_MS: '200',
        MAIL_RETRY_BASE_SECONDS: '1',
        PUBLIC_URL: portal.url,
      },
    });
    db = new Client({ connectionString: portal.db.url });
    await db.connect();
    clerk = (await passwordGrant('tiepnhan')).access_token;
    formData = fillForm((await publishedProcedure(portal.db.url, '1.004873')).formSchema);
  });

  afterAll(async () => {
    await db?.end();
    await worker?.stop();
    await portal?.stop();
    await catcher?.stop();
  });

  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`${portal.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : {}) as Json };
  }

  async function receivedWalkIn(phone: string, email: string | null): Promise<{ id: string; code: string }> {
    const opened = await api('POST', '/dossiers', {
      procedureCode: '1.004873',
      agencyCode: '000.17.22.H56',
      channel: 1,
      applicant: { fullName: 'Trương Văn Tin', phone, email, address: '5 Bùi Thị Xuân, phường Thủy Xuân' },
      formData,
    });
    expect(opened.status).toBe(201);
    const id = opened.json.id as string;
    expect((await api('POST', `/dossiers/${id}/actions/submit`, {})).status).toBe(200);
    const received = await api('POST', `/dossiers/${id}/actions/receive`, {});
    expect(received.status).toBe(200);
    return { id, code: received.json.code as string };
  }

  const smsRow = async (id: string) =>
    (
      await db.query<{ status: string; attempts: number; last_error: string | null }>(
        `SELECT status, attempts, last_error FROM dossier_message WHERE dossier_id = $1 AND channel = 'sms'`,
        [id],
      )
    ).rows;

  it('texts an applicant who gave no e-mail, with the code and the date, and sends no e-mail', async () => {
    const { id, code } = await receivedWalkIn('0905111222', null);
    const [sms] = await catcher.smsTo('0905111222');
    expect(sms).toMatchObject({ brandname: 'UBND-TXUAN', smsType: '2', unicode: false });
    expect(sms?.content).toMatch(
      new RegExp(`^Ho so ${code.replace(/\./g, '\\.')} da duoc tiep nhan, hen tra ket qua `),
    );
    expect(sms?.content).not.toContain('Trương');
    expect(await smsRow(id)).toEqual([{ status: 'sent', attempts: 1, last_error: null }]);
    const mails = (await (await fetch(`${catcher.url}/api/messages`)).json()) as Array<{ subject: string }>;
    expect(mails.some((m) => m.subject.includes(code))).toBe(false);
  });

  it('delivers each SMS exactly once through a gateway that refuses, then loses an answer, then recovers', async () => {
    await catcher.outage(2, 'unavailable');
    const refused = await receivedWalkIn('0905333444', null);
    const [first] = await catcher.smsTo('0905333444');
    expect(first?.content).toContain(refused.code);
    const row = await eventually(async () => (await smsRow(refused.id))[0]?.status, 'sent');
    expect(row).toBe('sent');
    expect((await smsRow(refused.id))[0]).toMatchObject({ attempts: 3 });

    await catcher.outage(1, 'lost_answer');
    const lost = await receivedWalkIn('0905555666', null);
    await eventually(async () => (await smsRow(lost.id))[0]?.status, 'sent');
    // The gateway took the first request; the resend carried the same RequestId and was recognised, not sent again.
    expect((await smsRow(lost.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });

    // However long we wait: one SMS each.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await catcher.smsTo('0905333444', 2, 0)).toHaveLength(1);
    expect(await catcher.smsTo('0905555666', 2, 0)).toHaveLength(1);
    const metrics = await worker.metrics();
    expect(metrics).toMatch(/motcua_citizen_messages_total\{channel="sms",outcome="failed"[^}]*\} 3$/m);
    expect(metrics).toMatch(/motcua_citizen_messages_total\{channel="sms",outcome="sent"[^}]*\} 3$/m);
  });
});
