import { Client } from 'pg';
import { createDataSource } from '@app/database';
import { pointNationalTarget } from '@app/routing';
import {
  clientCredentials,
  eventually,
  freePort,
  NationalPortalSim,
  passwordGrant,
  PortalHarness,
  startNationalPortalSim,
  startPortal,
  TEST_ALLOWED_NETWORKS,
  TEST_KEYCLOAK,
  WorkerProcess,
} from '@app/testing';

const WARD = '000.17.22.H56';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

type Json = Record<string, unknown>;

/**
 * NĐ 118/2025 Điều 17: an online dossier filed on the national portal reaches the province's system, the desk is
 * alerted, receives it under the national code, and the status goes back. Portal, worker and the national-portal
 * simulator run as their own processes; tokens come from the real Keycloak.
 */
describe('online dossiers from the national portal (portal, worker and simulator as processes)', () => {
  let portal: PortalHarness;
  let sim: NationalPortalSim;
  let worker: WorkerProcess;
  let pg: Client;
  let clerk: string;

  beforeAll(async () => {
    const simPort = await freePort();
    portal = await startPortal({ env: { NATIONAL_PORTAL_FILE_ORIGIN: `http://127.0.0.1:${simPort}` } });
    const ds = createDataSource({ url: portal.db.url, poolSize: 1 });
    await ds.initialize();
    const target = await pointNationalTarget(ds, {
      url: `http://127.0.0.1:${simPort}/webhooks/status`,
      knownSecret: null,
      allowedNetworks: TEST_ALLOWED_NETWORKS.split(','),
    });
    await ds.destroy();
    sim = await startNationalPortalSim({
      portalUrl: portal.url,
      tokenUrl: `${TEST_KEYCLOAK.issuer}/protocol/openid-connect/token`,
      webhookSecret: target.secret,
      port: simPort,
    });
    worker = await WorkerProcess.start({
      databaseUrl: portal.db.url,
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: portal.redisPrefix,
      env: { DEADLINE_SCAN_INTERVAL_SECONDS: '1', OUTBOX_POLL_INTERVAL_MS: '200' },
    });
    pg = new Client({ connectionString: portal.db.url });
    await pg.connect();
    clerk = (await passwordGrant('tiepnhan')).access_token;
  });

  afterAll(async () => {
    await pg?.end();
    await worker?.stop();
    await sim?.stop();
    await portal?.stop();
  });

  async function api(token: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${portal.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : {}) as Json };
  }

  const count = async (sql: string, params: unknown[] = []) =>
    (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]?.n ?? -1;

  it('files, alerts the desk, is received under the national code, and the status goes back; a resend changes nothing', async () => {
    const filed = await sim.file({
      procedureCode: '1.004873',
      agencyCode: WARD,
      applicant: { fullName: 'Trần Thị Mai', idNumber: '046190000777', phone: '0905000777' },
      summary: 'Xác nhận tình trạng hôn nhân để đăng ký kết hôn',
      documents: [
        {
          code: 'doc-1',
          name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân',
          fileName: 'to-khai.pdf',
          contentBase64: PDF.toString('base64'),
        },
      ],
      fees: [{ name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', amount: 5000 }],
    });
    expect(filed.httpStatus).toBe(200);
    expect(filed.portalAnswer).toMatchObject({
      error_code: '0',
      results: [{ MaHoSo: filed.maHoSo, result: 'created', TrangThaiHoSo: '1' }],
    });
    const { rows } = await pg.query<{ id: string }>(`SELECT id FROM dossier WHERE code = $1`, [filed.maHoSo]);
    const id = rows[0]?.id ?? '';

    // The desk sees it as a submitted online dossier with its file; no citizen account of this portal owns it.
    const seen = await api(clerk, 'GET', `/dossiers/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.json).toMatchObject({ code: filed.maHoSo, status: 'submitted', channel: 2 });
    const citizen = (await passwordGrant('congdan')).access_token;
    expect((await api(citizen, 'GET', `/dossiers/${id}`)).status).toBe(404);

    // The worker's scan alerts the clerks (Điều 17 khoản 2: within 2 hours).
    await eventually(
      () => count(`notification WHERE dossier_id = $1 AND kind = 'national_dossier_arrived'`, [id]),
      1,
      20_000,
    );

    // A second delivery of the same dossier is a duplicate: answered, nothing written.
    const again = await sim.resend(filed.maHoSo);
    expect(again.portalAnswer).toMatchObject({ results: [{ MaHoSo: filed.maHoSo, result: 'duplicate' }] });
    expect(await count(`dossier WHERE code = $1`, [filed.maHoSo])).toBe(1);
    expect(await count(`dossier_file WHERE dossier_id = $1`, [id])).toBe(1);

    // Received at the desk: the code stays the national one (Điều 28), and "received" (2) reaches the simulator.
    const received = await api(clerk, 'POST', `/dossiers/${id}/actions/receive`, {});
    expect(received.status).toBe(200);
    expect(received.json).toMatchObject({ code: filed.maHoSo, status: 'received', nationalStatus: 2 });
    const status = await eventually(async () => (await sim.dossier(filed.maHoSo))?.status?.code ?? null, 2, 30_000);
    expect(status).toBe(2);
  });

  it('takes dossiers only from the national portal’s service account, and a refused one leaves nothing', async () => {
    const body = (url: string) => ({
      service: 'DongBoHoSoMC',
      isUpdating: 'False',
      data: [
        {
          MaHoSo: 'G22.99-261205-9001',
          MaTTHC: '1.004873',
          DonViXuLy: WARD,
          ChuHoSo: 'Lê Văn Tư',
          NgayTiepNhan: '20250801090000',
          TaiLieuNop: [{ TenTepDinhKem: 'a.pdf', MaThanhPhanHoSo: 'doc-1', DuongDanTaiTepTin: url }],
        },
      ],
    });
    const inside = `${sim.url}/files/khong-co`;
    expect((await api(clerk, 'POST', '/national-portal/DongBoHoSoMC', body(inside))).status).toBe(403);
    const police = (await clientCredentials('agency-police', 'dev-agency-police-secret')).access_token;
    expect((await api(police, 'POST', '/national-portal/DongBoHoSoMC', body(inside))).status).toBe(403);

    const national = (await clientCredentials('national-portal', 'dev-national-portal-secret')).access_token;
    const before = await count('dossier');
    const offOrigin = await api(national, 'POST', '/national-portal/DongBoHoSoMC', body('http://10.1.2.3/a.pdf'));
    expect(offOrigin.status).toBe(400);
    expect(offOrigin.json['errors']).toEqual([
      expect.objectContaining({ field: 'data[0].TaiLieuNop[0].DuongDanTaiTepTin' }),
    ]);
    const missing = await api(national, 'POST', '/national-portal/DongBoHoSoMC', body(inside));
    expect(missing.status).toBe(422);
    expect(missing.json['errors']).toEqual([
      expect.objectContaining({ field: 'data[0].TaiLieuNop[0].DuongDanTaiTepTin' }),
    ]);
    expect(await count('dossier')).toBe(before);
    expect(await count(`dossier_national_intake WHERE national_id = 'G22.99-261205-9001'`)).toBe(0);
  });
});
