import type { ParsedMail } from 'mailparser';
import {
  fillForm,
  passwordGrant,
  PortalHarness,
  publishedProcedure,
  startPortal,
  TestSmtpServer,
  WorkerProcess,
} from '@app/testing';

type Json = Record<string, unknown>;

/**
 * The applicant hears back by e-mail: the portal commits a dossier action, the worker plans the message while it
 * handles the outbox event and sends it over SMTP to a real server, where a real MIME parser reads it. Portal and
 * worker run as their own processes; tokens come from the real Keycloak.
 */
describe('e-mail to the applicant (portal and worker as processes, a real SMTP server)', () => {
  let portal: PortalHarness;
  let worker: WorkerProcess;
  let smtp: TestSmtpServer;
  let clerk: string;
  let formData: Json;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    portal = await startPortal();
    worker = await WorkerProcess.start({
      databaseUrl: portal.db.url,
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: portal.redisPrefix,
      env: {
        OUTBOX_POLL_INTERVAL_MS: '200',
        MAIL_SMTP_URL: smtp.url,
        MAIL_FROM: 'UBND phường Thủy Xuân <motcua@thuyxuan.example.gov.vn>',
        MAIL_POLL_INTERVAL_MS: '200',
        PUBLIC_URL: portal.url,
      },
    });
    clerk = (await passwordGrant('tiepnhan')).access_token;
    formData = fillForm((await publishedProcedure(portal.db.url, '1.004873')).formSchema);
  });

  afterAll(async () => {
    await worker?.stop();
    await portal?.stop();
    await smtp?.stop();
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

  async function walkIn(email: string | null, name: string): Promise<string> {
    const opened = await api('POST', '/dossiers', {
      procedureCode: '1.004873',
      agencyCode: '000.17.22.H56',
      channel: 1,
      applicant: { fullName: name, phone: '0905123456', email, address: '12 Lê Ngô Cát, phường Thủy Xuân' },
      formData,
    });
    expect(opened.status).toBe(201);
    const id = opened.json.id as string;
    expect((await api('POST', `/dossiers/${id}/actions/submit`, {})).status).toBe(200);
    return id;
  }

  it('sends the receipt notice once, and the supplement request with what is missing', async () => {
    const id = await walkIn('an.phan@example.vn', 'Phan Văn An');
    const received = await api('POST', `/dossiers/${id}/actions/receive`, {});
    expect(received.status).toBe(200);
    const code = received.json.code as string;

    const [mail] = (await smtp.mailsTo('an.phan@example.vn')) as [ParsedMail];
    expect(mail.subject).toBe(`Hồ sơ ${code} đã được tiếp nhận`);
    expect(mail.from?.text).toBe('"UBND phường Thủy Xuân" <motcua@thuyxuan.example.gov.vn>');
    expect(mail.text).toContain(`Mã hồ sơ: ${code}`);
    expect(mail.text).toContain(`${portal.url}/lookup?code=${encodeURIComponent(code)}&key=`);
    expect(mail.html).toContain(`href="${portal.url}/lookup?code=${encodeURIComponent(code)}&amp;key=`);

    const other = await walkIn('binh.le@example.vn', 'Lê Thị Bình');
    const asked = await api('POST', `/dossiers/${other}/actions/request_supplement`, {
      reason: 'Bổ sung bản sao Căn cước có chứng thực',
    });
    expect(asked.status).toBe(200);
    const [supplement] = (await smtp.mailsTo('binh.le@example.vn')) as [ParsedMail];
    expect(supplement.subject).toBe('Hồ sơ “Cấp Giấy xác nhận tình trạng hôn nhân” cần bổ sung, hoàn thiện');
    expect(supplement.text).toContain('Nội dung cần bổ sung: Bổ sung bản sao Căn cước có chứng thực');
    // Asked at intake: no code yet, so no public lookup link (the lookup takes the code).
    expect(supplement.text).not.toContain('/lookup');

    // Nothing more arrives for either: one message per event, whatever the worker's retries and polls.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await smtp.mailsTo('an.phan@example.vn', 2, 0)).toHaveLength(1);
    expect(await smtp.mailsTo('binh.le@example.vn', 2, 0)).toHaveLength(1);
  });
});
