import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { verifyExchangeLog, verifyWebhook } from '@app/routing';
import {
  clientCredentials,
  eventually,
  fillForm,
  freePort,
  passwordGrant,
  pdfText,
  PortalHarness,
  publishedProcedure,
  RunningProcess,
  spawnApp,
  startPortal,
  TEST_ALLOWED_NETWORKS,
  waitForHttp,
  WORKER_MAIN,
  first,
} from '@app/testing';

const PROCEDURE = 'LT.KS-TT-BHYT';
const WARD = '000.17.22.H56';
const POLICE = '000.31.22.H56';
const BHXH = '000.40.17.H56';
/** A minimal valid PDF: what an agency system attaches to its result. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

type Json = Record<string, unknown>;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Three agencies on one route, each a real party: the ward's desk through the API, the police's system as a real
 * HTTP server receiving signed pushes and answering through the API with its client-credentials token, and social
 * insurance's system pulling with its own token. The worker is the built process.
 */
describe('liên thông: a three-agency route end to end (portal + worker, real Keycloak)', () => {
  let portal: PortalHarness;
  let worker: RunningProcess;
  let police: Server;
  let ds: DataSource;
  let policeSecret = '';
  const received: Array<{ id: string; verified: string | null; body: Json }> = [];
  const tokens = { tiepnhan: '', chuyenvien: '', quantri: '', police: '', bhxh: '' };

  async function call(
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${portal.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : {}) as Json };
  }

  beforeAll(async () => {
    portal = await startPortal();
    ds = createDataSource({ url: portal.db.url, poolSize: 2 });
    await ds.initialize();
    for (const user of ['tiepnhan', 'chuyenvien', 'quantri'] as const)
      tokens[user] = (await passwordGrant(user)).access_token;
    tokens.police = (await clientCredentials('agency-police', 'dev-agency-police-secret')).access_token;
    tokens.bhxh = (await clientCredentials('agency-bhxh', 'dev-agency-bhxh-secret')).access_token;

    // The police's system: verifies each push, then works the case through the API as its own client.
    police = createServer((req, res) => {
      void (async () => {
        const body = await readBody(req);
        const problem = verifyWebhook(
          policeSecret,
          {
            'webhook-id': req.headers['webhook-id'] as string | undefined,
            'webhook-timestamp': req.headers['webhook-timestamp'] as string | undefined,
            'webhook-signature': req.headers['webhook-signature'] as string | undefined,
          },
          body,
        );
        const message = JSON.parse(body) as Json;
        received.push({ id: String(req.headers['webhook-id']), verified: problem, body: message });
        res.writeHead(problem ? 401 : 204).end();
        if (problem || message.type !== 'agency_case.opened') return;
        const caseId = (message.case as Json).id as string;
        await call(
          tokens.police,
          'POST',
          `/agency-cases/${caseId}/acknowledge`,
          {},
          { 'idempotency-key': `ack-${caseId}` },
        );
        await call(tokens.police, 'POST', `/agency-cases/${caseId}/status`, { subStatus: '3' });
        await call(tokens.police, 'POST', `/agency-cases/${caseId}/result`, {
          summary: 'Đã đăng ký thường trú cho trẻ',
          documents: [{ fileName: 'thong-bao-thuong-tru.pdf', contentBase64: PDF.toString('base64') }],
        });
      })();
    });
    await new Promise<void>((resolve) => police.listen(0, '127.0.0.1', resolve));
    const policeUrl = `http://127.0.0.1:${(police.address() as AddressInfo).port}/motcua/webhook`;

    // The admin switches the police to push (a secret is created) and hands the secret over.
    const patched = await call(tokens.quantri, 'PATCH', `/admin/delivery-targets/${POLICE}`, {
      mode: 'push',
      url: policeUrl,
    });
    expect(patched.status).toBe(200);
    const rotated = await call(tokens.quantri, 'POST', `/admin/delivery-targets/${POLICE}/rotate-secret`, {
      overlapHours: 0,
    });
    expect(rotated.status).toBe(200);
    policeSecret = rotated.json.secret as string;
    expect((await call(tokens.quantri, 'PATCH', `/admin/delivery-targets/${BHXH}`, { mode: 'pull' })).status).toBe(200);

    const port = await freePort();
    worker = spawnApp(WORKER_MAIN, [], {
      DATABASE_URL: portal.db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: portal.redisPrefix,
      WORKER_HEALTH_PORT: String(port),
      LOG_LEVEL: 'warn',
      // The police's test server listens on loopback, which deliveries refuse unless the deployment allows it.
      DELIVERY_ALLOWED_NETWORKS: TEST_ALLOWED_NETWORKS,
    });
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, worker);
  });

  afterAll(async () => {
    await worker?.stop();
    await new Promise((resolve) => police?.close(resolve));
    await ds?.destroy();
    await portal?.stop();
  });

  it('forwards, gets both agencies’ acknowledgements and results, joins them and hands the dossier back', async () => {
    const procedure = await publishedProcedure(portal.db.url, PROCEDURE);
    const opened = await call(tokens.tiepnhan, 'POST', '/dossiers', {
      procedureCode: PROCEDURE,
      agencyCode: WARD,
      channel: 1,
      applicant: { fullName: 'Hồ Thị Mai', idNumber: '046190001234', phone: '0905000111' },
      formData: fillForm(procedure.formSchema),
    });
    expect(opened.status).toBe(201);
    const id = opened.json.id as string;
    await call(tokens.tiepnhan, 'POST', `/dossiers/${id}/actions/submit`, {});
    const reception = await call(tokens.tiepnhan, 'POST', `/dossiers/${id}/actions/receive`, {});
    const code = reception.json.code as string;
    const me = await call(tokens.chuyenvien, 'GET', '/me');
    await call(tokens.tiepnhan, 'POST', `/dossiers/${id}/actions/assign`, { assignee: me.json.subject });
    const forwarded = await call(tokens.chuyenvien, 'POST', `/dossiers/${id}/actions/forward_to_agency`, {});
    expect(forwarded.json).toMatchObject({ status: 'awaiting_agency' });

    // Social insurance's system pulls: the new case appears in its list, and in no one else's.
    const bhxhCase = await eventually(
      async () => {
        const list = await call(tokens.bhxh, 'GET', '/agency-cases?status=new');
        return ((list.json.items as Json[]) ?? []).find((c) => c.dossierCode === code)?.stepCode ?? null;
      },
      'the-bhyt',
      30_000,
    );
    expect(bhxhCase).toBe('the-bhyt');
    const bhxhItems = (await call(tokens.bhxh, 'GET', '/agency-cases?status=new')).json.items as Json[];
    const bhxhCaseId = bhxhItems.find((c) => c.dossierCode === code)?.id as string;
    const detail = await call(tokens.bhxh, 'GET', `/agency-cases/${bhxhCaseId}`);
    expect(detail.json).toMatchObject({ dossierCode: code, applicant: { fullName: 'Hồ Thị Mai' } });
    expect((detail.json.route as Json[]).map((r) => r.agencyCode).sort()).toEqual([POLICE, BHXH]);

    // The police's system received a signed push and worked its case meanwhile.
    await eventually(() => Promise.resolve(received.some((r) => r.body.type === 'agency_case.opened')), true, 30_000);
    expect(received.every((r) => r.verified === null)).toBe(true);
    const policeCase = (first(received, 'push').body.case as Json).id as string;
    await eventually(
      async () => first(await ds.query<Json[]>(`SELECT status FROM agency_case WHERE id = $1`, [policeCase])).status,
      'done',
      30_000,
    );
    // One agency done, the other still working: the parallel stage is not joined yet.
    expect((await call(tokens.chuyenvien, 'GET', `/dossiers/${id}`)).json.status).toBe('awaiting_agency');

    const ack = await call(
      tokens.bhxh,
      'POST',
      `/agency-cases/${bhxhCaseId}/acknowledge`,
      {},
      { 'idempotency-key': 'b-1' },
    );
    expect(ack.status).toBe(200);
    const ackAgain = await call(
      tokens.bhxh,
      'POST',
      `/agency-cases/${bhxhCaseId}/acknowledge`,
      {},
      { 'idempotency-key': 'b-1' },
    );
    expect(ackAgain.headers.get('idempotent-replayed')).toBe('true');
    const result = await call(tokens.bhxh, 'POST', `/agency-cases/${bhxhCaseId}/result`, {
      summary: 'Đã cấp thẻ BHYT',
      documents: [{ fileName: 'the-bhyt.pdf', contentBase64: PDF.toString('base64') }],
    });
    expect(result.json).toMatchObject({ status: 'done' });

    // Both results are back: the dossier is the ward's again, with both agencies' documents.
    expect((await call(tokens.chuyenvien, 'GET', `/dossiers/${id}`)).json.status).toBe('in_process');
    const events = (await call(tokens.chuyenvien, 'GET', `/dossiers/${id}/events`)).json as unknown as Json[];
    const actions = events.map((e) => e.action);
    expect(actions.filter((a) => a === 'agency_case_opened')).toHaveLength(2);
    expect(actions.filter((a) => a === 'agency_acknowledged')).toHaveLength(2);
    expect(actions.filter((a) => a === 'agency_result')).toHaveLength(2);
    expect(actions.slice(-1)).toEqual(['agency_answered']);
    expect(events.find((e) => e.action === 'agency_result' && e.actorAgency === POLICE)).toBeDefined();

    // The exchange log holds the signed push, the pull hand-over and every answer, and its chain is intact.
    const log = await ds.query<
      Array<{ direction: string; counterparty: string; message_type: string; signature: string | null }>
    >(`SELECT direction, counterparty, message_type, signature FROM exchange_log WHERE dossier_id = $1 ORDER BY id`, [
      id,
    ]);
    expect(log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ direction: 'out', counterparty: POLICE, signature: expect.stringMatching(/^v1,/) }),
        expect.objectContaining({ direction: 'out', counterparty: BHXH, message_type: 'agency_case.opened' }),
        expect.objectContaining({ direction: 'in', counterparty: POLICE, message_type: 'agency_case.result' }),
        expect.objectContaining({ direction: 'in', counterparty: BHXH, message_type: 'agency_case.result' }),
      ]),
    );
    expect((await verifyExchangeLog(ds, { dossierId: id })).problems).toEqual([]);

    // The Phiếu chuyển xử lý (NĐ 118/2025 Điều 20 khoản 2): each agency with its work and time limit, for staff.
    const slip = await fetch(`${portal.url}/api/v1/dossiers/${id}/forms/transfer-slip`, {
      headers: { authorization: `Bearer ${tokens.tiepnhan}` },
    });
    expect(slip.status).toBe(200);
    const slipText = await pdfText(Buffer.from(await slip.arrayBuffer()));
    for (const expected of ['PHIẾU CHUYỂN XỬ LÝ', code, 'Cơ quan chủ trì giải quyết', 'ngày làm việc'])
      expect(slipText).toContain(expected);
    const agencies = await ds.query<Array<{ name: string }>>(`SELECT name FROM agency WHERE code = ANY ($1)`, [
      [POLICE, BHXH],
    ]);
    for (const a of agencies) expect(slipText).toContain(a.name);
  });
});
