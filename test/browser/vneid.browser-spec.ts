import { randomBytes, randomInt } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  adminApi,
  eventually,
  first,
  launchChromium,
  PageAudit,
  PortalHarness,
  signInOnKeycloak,
  startPortal,
  TEST_KEYCLOAK,
} from '@app/testing';

const MARITAL_STATUS = '1.004873';

/** A 12-digit personal identification number no other test uses. */
function newCccd(): string {
  return `0${randomInt(10_000_000_000, 99_999_999_999)}`;
}

interface Person {
  cccd: string;
  firstName: string;
  lastName: string;
  level: '1' | '2';
  birthdate: string;
  gender: 'male' | 'female';
  address: string;
  phone: string;
}

function person(over: Partial<Person> = {}): Person {
  return {
    cccd: newCccd(),
    firstName: 'Hà',
    lastName: 'Đặng Thu',
    level: '2',
    birthdate: '1992-08-15',
    gender: 'female',
    address: 'Số 7 Lê Lợi, phường Thủy Xuân, thành phố Huế',
    phone: '0912345678',
    ...over,
  };
}

function vneidUser(p: Person) {
  return {
    username: p.cccd,
    enabled: true,
    firstName: p.firstName,
    lastName: p.lastName,
    attributes: {
      cccd: [p.cccd],
      birthdate: [p.birthdate],
      gender: [p.gender],
      address: [p.address],
      phoneNumber: [p.phone],
      assuranceLevel: [p.level],
    },
  };
}

/** A citizen of the national identity provider (realm `vneid`), signing in with the CCCD number. */
async function createVneidCitizen(p: Person): Promise<string> {
  await adminApi('/users', {
    realm: 'vneid',
    method: 'POST',
    body: {
      ...vneidUser(p),
      credentials: [{ type: 'password', value: TEST_KEYCLOAK.demoPassword, temporary: false }],
    },
  });
  return idOf('vneid', p.cccd);
}

async function idOf(realm: string, username: string): Promise<string> {
  const users = await adminApi<Array<{ id: string }>>(`/users?username=${encodeURIComponent(username)}&exact=true`, {
    realm,
  });
  return first(users, `user ${username} of realm ${realm}`).id;
}

/** The portal accounts (realm `motcua`) whose CCCD attribute is this number. */
async function motcuaAccountsWithCccd(cccd: string) {
  return adminApi<Array<{ id: string; username: string; email?: string; attributes?: Record<string, string[]> }>>(
    `/users?q=${encodeURIComponent(`cccd:${cccd}`)}`,
  );
}

async function federatedIdentities(userId: string) {
  return adminApi<Array<{ identityProvider: string; userName: string }>>(`/users/${userId}/federated-identity`);
}

/** A portal account (realm `motcua`) with a password, optionally in an agency group with a staff role. */
async function createMotcuaAccount(opts: {
  username: string;
  cccd: string;
  firstName: string;
  lastName: string;
  staffRole?: string;
}): Promise<string> {
  await adminApi('/users', {
    method: 'POST',
    body: {
      username: opts.username,
      enabled: true,
      email: `${opts.username}@motcua.example`,
      emailVerified: true,
      firstName: opts.firstName,
      lastName: opts.lastName,
      attributes: { cccd: [opts.cccd] },
      credentials: [{ type: 'password', value: TEST_KEYCLOAK.demoPassword, temporary: false }],
      ...(opts.staffRole ? { groups: ['/agencies/ubnd-thuy-bieu'] } : {}),
    },
  });
  const id = await idOf('motcua', opts.username);
  if (opts.staffRole) await grantRealmRole(id, opts.staffRole);
  return id;
}

async function grantRealmRole(userId: string, role: string): Promise<void> {
  const rep = await adminApi<{ id: string; name: string }>(`/roles/${role}`);
  await adminApi(`/users/${userId}/role-mappings/realm`, { method: 'POST', body: [{ id: rep.id, name: rep.name }] });
}

/** On the portal's Keycloak sign-in page: "Đăng nhập bằng tài khoản định danh điện tử", then VNeID's own page. */
async function signInWithVneid(page: Page, audit: PageAudit, cccd: string): Promise<void> {
  await page.waitForURL(`${TEST_KEYCLOAK.issuer}/**`);
  const button = page.locator('#social-vneid');
  expect((await button.textContent())?.trim()).toBe('Đăng nhập bằng tài khoản định danh điện tử');
  expect(await audit.check(page)).toBeLessThanOrEqual(375);
  await button.click();
  await page.waitForURL(`${TEST_KEYCLOAK.vneidIssuer}/**`);
  expect(await audit.check(page)).toBeLessThanOrEqual(375);
  await signInOnKeycloak(page, cccd);
}

async function me(page: Page, portal: PortalHarness): Promise<number> {
  return (await page.request.get(`${portal.url}/api/v1/me`)).status();
}

/**
 * Sign-in with the national identity: realm `motcua` brokers realm `vneid` (the stand-in for VNeID), through the real
 * pages of both; first sign-in links by CCCD or creates; the identity's facts pre-fill the e-form, verified; a
 * procedure that needs level 2 is gated and the citizen steps up; signing out at VNeID signs out of the portal.
 */
describe('sign-in with the national identity (VNeID) in the browser', () => {
  let browser: Browser;
  let portal: PortalHarness;
  let context: BrowserContext;
  let page: Page;
  let audit: PageAudit;

  beforeAll(async () => {
    [browser, portal] = await Promise.all([launchChromium(), startPortal()]);
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  beforeEach(async () => {
    ({ context, audit } = await PageAudit.context(browser));
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  it('links the portal account with the same CCCD on first sign-in and pre-fills the e-form, verified', async () => {
    const p = person();
    const username = `lien-ket-${randomBytes(3).toString('hex')}`;
    const accountId = await createMotcuaAccount({
      username,
      cccd: p.cccd,
      firstName: p.firstName,
      lastName: p.lastName,
    });
    await createVneidCitizen(p);

    await page.goto(`${portal.url}/dossiers/new/${MARITAL_STATUS}`);
    await signInWithVneid(page, audit, p.cccd);
    await page.waitForURL(`${portal.url}/dossiers/new/${MARITAL_STATUS}`);
    expect(await page.getByTestId('user-name').textContent()).toBe('Đặng Thu Hà');

    // Linked, not created: one account with this CCCD, the one that existed, now tied to the VNeID identity.
    const accounts = await motcuaAccountsWithCccd(p.cccd);
    expect(accounts.map((a) => a.id)).toEqual([accountId]);
    expect(accounts[0]?.username).toBe(username);
    expect(accounts[0]?.email).toBe(`${username}@motcua.example`);
    expect(await federatedIdentities(accountId)).toEqual([
      expect.objectContaining({ identityProvider: 'vneid', userName: p.cccd }),
    ]);

    // What the identity proves is shown verified and not asked for: name, CCCD, address, date of birth.
    expect(await page.getByTestId('from-account-lead').textContent()).toContain('mức 2');
    const applicant = (await page.getByTestId('from-account').textContent()) ?? '';
    for (const text of ['Đặng Thu Hà', p.cccd, p.address, '0912345678']) expect(applicant).toContain(text);
    const eform = (await page.getByTestId('eform-from-account').textContent()) ?? '';
    expect(eform).toContain('15/08/1992');
    expect(eform).not.toContain('1992-08-15');
    expect(await page.getByTestId('verified-tag').count()).toBeGreaterThanOrEqual(6);
    for (const id of ['#applicant-fullName', '#applicant-idNumber', '#applicant-address', '#eform-birthDate']) {
      expect(await page.locator(id).count()).toBe(0);
    }
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/vneid-prefill.png', fullPage: true });

    // A forged edit of a verified field is ignored by the server.
    await page.evaluate(`(() => {
      const form = document.querySelector('form[data-testid="dossier-form"]');
      for (const [name, value] of [
        ['applicant[fullName]', 'Người Khác'],
        ['applicant[address]', 'Nơi khác'],
        ['formData[birthDate]', '01/01/2000'],
      ]) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.appendChild(input);
      }
    })()`);
    await page.fill('#eform-residence', 'Kiệt 5 Lê Ngô Cát, phường Thủy Xuân, thành phố Huế');
    await page.selectOption('#eform-maritalStatus', 'chua_ket_hon');
    await page.selectOption('#eform-purpose', 'khac');
    await page.fill('#eform-otherPurpose', 'Bổ sung hồ sơ vay vốn');
    await page.getByTestId('save-dossier').click();
    await page.waitForURL(/\/dossiers\/[0-9a-f-]{36}\?done=created$/);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).not.toContain('Người Khác');
    expect(main).not.toContain('Nơi khác');
    expect(await page.getByTestId('applicant').textContent()).toContain(p.address);
    const record = (await page.getByTestId('identity-record').textContent()) ?? '';
    expect(record).toContain('mức 2');
    for (const field of ['Họ và tên', 'Số định danh cá nhân', 'Ngày sinh', 'Nơi thường trú'])
      expect(record).toContain(field);
    expect(await page.getByTestId('answers').textContent()).toContain('15/08/1992');
    expect(await page.getByTestId('submit-dossier').count()).toBe(1);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    await audit.assertClean();
  });

  it('creates the citizen by CCCD when no account has it; a procedure needing level 2 gates a level-1 session until it steps up', async () => {
    // The catalogue admin says the procedure needs level 2 (this test file's own database).
    await page.goto(`${portal.url}/admin/procedures`);
    await signInOnKeycloak(page, 'quantri');
    await page.waitForURL(`${portal.url}/admin/procedures`);
    const form = page.getByTestId(`identity-level-${MARITAL_STATUS}`);
    await form.locator('select').selectOption('2');
    await form.locator('button').click();
    await page.waitForURL(`${portal.url}/admin/procedures?identitySaved=${MARITAL_STATUS}`);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(MARITAL_STATUS);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    await page.goto(`${portal.url}/procedures/${MARITAL_STATUS}`);
    expect(await page.getByTestId('identity-level-2').textContent()).toContain('mức 2');
    expect(await page.getByTestId('procedure-summary').textContent()).toContain(
      'Cần tài khoản định danh điện tử mức 2',
    );
    await page.getByTestId('sign-out').click();
    await page.waitForURL(`${portal.url}/`);

    const p = person({ firstName: 'Dũng', lastName: 'Lê Văn', level: '1', gender: 'male', birthdate: '1988-11-30' });
    const vneidId = await createVneidCitizen(p);
    await page.goto(`${portal.url}/dossiers/new/${MARITAL_STATUS}`);
    await signInWithVneid(page, audit, p.cccd);
    await page.waitForURL(`${portal.url}/dossiers/new/${MARITAL_STATUS}`);
    // Created: the new portal account's user name is the CCCD, and it carries the identity's facts.
    const [created, ...others] = await motcuaAccountsWithCccd(p.cccd);
    expect(others).toEqual([]);
    expect(created?.username).toBe(p.cccd);
    expect(created?.attributes).toMatchObject({
      birthdate: ['1988-11-30'],
      identityLevel: ['1'],
      address: [p.address],
    });

    // Told why and how, before filling anything in.
    const gate = (await page.getByTestId('identity-gate').textContent()) ?? '';
    expect(gate).toContain('mức 2');
    expect(gate).toContain('mức 1');
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    await page.fill('#eform-residence', 'Số 3 Kim Long, phường Kim Long, thành phố Huế');
    await page.selectOption('#eform-maritalStatus', 'chua_ket_hon');
    await page.selectOption('#eform-purpose', 'khac');
    await page.fill('#eform-otherPurpose', 'Làm thủ tục vay vốn');
    await page.getByTestId('save-dossier').click();
    await page.waitForURL(/\/dossiers\/[0-9a-f-]{36}\?done=created$/);
    const dossierUrl = page.url().replace(/\?.*$/, '');
    // The draft offers the step-up instead of submission.
    expect(await page.getByTestId('identity-gate').count()).toBe(1);
    expect(await page.getByTestId('submit-dossier').count()).toBe(0);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/vneid-level2-gate.png', fullPage: true });

    // The server enforces it: a submission posted anyway is refused and says why.
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const refused = await page.request.post(`${dossierUrl}/submit`, { form: { _csrf: csrf } });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain(
      'Hồ sơ chưa được nộp: thủ tục này yêu cầu đăng nhập bằng định danh điện tử mức 2',
    );
    expect(await page.getByTestId('status').textContent()).toBe('Nháp');

    // VNeID raises the account to level 2; the citizen signs in again through it and comes back to the draft.
    await adminApi(`/users/${vneidId}`, {
      realm: 'vneid',
      method: 'PUT',
      body: vneidUser({ ...p, level: '2' }),
    });
    await page.getByTestId('step-up').click();
    await page.waitForURL(`${TEST_KEYCLOAK.vneidIssuer}/**`);
    // The provider's session ended with the portal's: it asks who signs in.
    expect(await page.isVisible('#username')).toBe(true);
    await signInOnKeycloak(page, p.cccd);
    await page.waitForURL(dossierUrl);
    expect(await page.getByTestId('identity-gate').count()).toBe(0);
    expect(await page.getByTestId('submit-dossier').count()).toBe(1);
    await page.getByTestId('submit-dossier').click();
    // Now only the papers are missing, not the identity.
    await page.locator('.govuk-error-summary').waitFor();
    const errors = (await page.locator('.govuk-error-summary').textContent()) ?? '';
    expect(errors).not.toContain('định danh');
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    await audit.assertClean();
  });

  it('signs out of the portal when the citizen signs out at VNeID (back-channel logout through Keycloak)', async () => {
    const p = person({ firstName: 'Cúc', lastName: 'Phạm Thị' });
    await createVneidCitizen(p);
    await page.goto(`${portal.url}/auth/login`);
    await signInWithVneid(page, audit, p.cccd);
    await page.waitForURL(`${portal.url}/`);
    expect(await me(page, portal)).toBe(200);

    await page.goto(`${TEST_KEYCLOAK.vneidIssuer}/protocol/openid-connect/logout`);
    await page.click('#kc-logout');
    await page.waitForLoadState('load');

    expect(await eventually(async () => me(page, portal), 401)).toBe(401);
    await page.goto(`${portal.url}/account`);
    await page.waitForURL(`${TEST_KEYCLOAK.issuer}/**`);
    expect(await page.isVisible('#username')).toBe(true);
    await audit.assertClean();
  });

  it('refuses staff through the citizen provider, and a brokered citizen later given a staff role', async () => {
    // A member of staff whose own CCCD is on VNeID: never linked, never signed in.
    const staff = person({ firstName: 'Lan', lastName: 'Hồ Thị' });
    const staffId = await createMotcuaAccount({
      username: `can-bo-${randomBytes(3).toString('hex')}`,
      cccd: staff.cccd,
      firstName: staff.firstName,
      lastName: staff.lastName,
      staffRole: 'clerk',
    });
    await createVneidCitizen(staff);
    await page.goto(`${portal.url}/auth/login`);
    await signInWithVneid(page, audit, staff.cccd);
    await page.waitForSelector('text=Tài khoản cán bộ không đăng nhập bằng định danh điện tử của công dân');
    expect(page.url().startsWith(TEST_KEYCLOAK.issuer)).toBe(true);
    expect(await audit.check(page)).toBeLessThanOrEqual(375);
    expect(await me(page, portal)).toBe(401);
    expect(await federatedIdentities(staffId)).toEqual([]);
    expect((await motcuaAccountsWithCccd(staff.cccd)).map((a) => a.id)).toEqual([staffId]);

    // A citizen who signed in with VNeID and was then given a staff role cannot use the provider any more (a browser
    // of their own: the staff member above is still signed in at VNeID in this one).
    const citizen = person({ firstName: 'Minh', lastName: 'Trương Văn', gender: 'male' });
    await createVneidCitizen(citizen);
    const before = await browser.newContext();
    const firstPage = await before.newPage();
    await firstPage.goto(`${portal.url}/auth/login`);
    await signInWithVneid(firstPage, PageAudit.of(before), citizen.cccd);
    await firstPage.waitForURL(`${portal.url}/`);
    expect(await me(firstPage, portal)).toBe(200);
    await firstPage.getByTestId('sign-out').click();
    await firstPage.waitForURL(`${portal.url}/`);
    await before.close();
    await grantRealmRole(await idOf('motcua', citizen.cccd), 'clerk');

    const again = await browser.newContext();
    const second = await again.newPage();
    await second.goto(`${portal.url}/auth/login`);
    await signInWithVneid(second, PageAudit.of(again), citizen.cccd);
    await second.waitForSelector('text=Tài khoản cán bộ không đăng nhập bằng định danh điện tử của công dân');
    expect(second.url().startsWith(TEST_KEYCLOAK.issuer)).toBe(true);
    expect(await me(second, portal)).toBe(401);
    await again.close();
    await audit.assertClean();
  });
});
