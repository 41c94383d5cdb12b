import { fillForm, passwordGrant, PortalHarness, publishedProcedure, startPortal } from '@app/testing';

const PROCEDURE = '1.004873';
const WARD = '000.17.22.H56';
const NATIONAL_PORTAL = 'http://127.0.0.1:3999';

/**
 * A province that takes online applications only through Cổng Dịch vụ công quốc gia (NĐ 118/2025 Điều 17) switches
 * the portal's own online intake off: the procedure page sends citizens to the national portal, the pages that start
 * an online dossier lead there, the API refuses an online dossier, and the desk works as before.
 */
describe('the portal’s own online intake switched off', () => {
  let portal: PortalHarness;

  beforeAll(async () => {
    portal = await startPortal({
      env: { OWN_ONLINE_INTAKE_ENABLED: 'false', NATIONAL_PORTAL_PUBLIC_URL: NATIONAL_PORTAL },
    });
  });

  afterAll(async () => {
    await portal?.stop();
  });

  it('points citizens to the national portal and refuses online dossiers; the desk still registers its own', async () => {
    const page = await (await fetch(`${portal.url}/procedures/${PROCEDURE}`)).text();
    expect(page).toContain('data-testid="apply-national"');
    expect(page).toContain(`href="${NATIONAL_PORTAL}"`);
    expect(page).toContain('Nộp trên Cổng Dịch vụ công quốc gia');
    expect(page).not.toContain('data-testid="apply-online"');

    const citizen = (await passwordGrant('congdan')).access_token;
    const start = await fetch(`${portal.url}/dossiers/new/${PROCEDURE}`, {
      headers: { authorization: `Bearer ${citizen}` },
      redirect: 'manual',
    });
    expect(start.status).toBe(303);
    expect(start.headers.get('location')).toBe(`/procedures/${PROCEDURE}`);

    const formData = fillForm((await publishedProcedure(portal.db.url, PROCEDURE)).formSchema);
    const open = (token: string, channel: number) =>
      fetch(`${portal.url}/api/v1/dossiers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          procedureCode: PROCEDURE,
          agencyCode: WARD,
          channel,
          applicant: { fullName: 'Nguyễn Văn Bảy', idNumber: '046090007777', phone: '0905777777' },
          formData,
        }),
      });
    const online = await open(citizen, 2);
    expect(online.status).toBe(409);
    expect(await online.json()).toMatchObject({ missing: 'own_online_intake' });
    const clerk = (await passwordGrant('tiepnhan')).access_token;
    expect((await open(clerk, 1)).status).toBe(201);
  });
});
