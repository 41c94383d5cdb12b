import sharp from 'sharp';
import exifr from 'exifr';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { FeedbackHarness, launchChromium, PageAudit, signInOnKeycloak, startFeedback } from '@app/testing';

/** A phone photo: EXIF with the camera and a GPS position in phường Thủy Xuân (16°27'12" N, 107°33'30" E). */
function phonePhoto(shade: number): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 40, g: shade, b: 90 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneCam', Model: 'X1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '16/1 27/1 1200/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '107/1 33/1 3000/100',
      },
    })
    .toBuffer();
}

/**
 * A street report's whole life through the feedback app's pages: a citizen reports with a photo whose GPS places it,
 * the operations desk routes it, the ward's unit answers with an "after" photo, the public page shows the answer
 * without the reporter or the camera's data, and the reporter rates it. Every page at 375 px and through axe.
 */
describe('a street report from the phone to the public answer', () => {
  let browser: Browser;
  let feedback: FeedbackHarness;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [browser, feedback] = await Promise.all([launchChromium(), startFeedback()]);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await feedback?.stop();
  });

  async function signedIn(username: string, path: string): Promise<{ page: Page; audit: PageAudit }> {
    const { context, audit } = await PageAudit.context(browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${feedback.url}/auth/login?returnTo=${encodeURIComponent(path)}`);
    await signInOnKeycloak(page, username);
    await page.waitForURL(`${feedback.url}${path}`);
    return { page, audit };
  }

  it('is reported, routed, answered, published and rated', async () => {
    // The citizen reports: no location typed, the photo's GPS places it.
    const { page: citizen, audit: citizenAudit } = await signedIn('congdan', '/reports/new');
    await citizenAudit.check(citizen);
    await citizen.click('[data-testid="report-submit"]');
    await citizen.waitForSelector('.govuk-error-summary');
    expect(await citizen.locator('.govuk-error-summary').textContent()).toContain('Chọn lĩnh vực phản ánh');
    await citizenAudit.check(citizen);
    await citizen.check('input[name="categoryCode"][value="chieu_sang"]');
    await citizen.fill('#description', 'Ba cột đèn đường trên kiệt 12 không sáng từ tối thứ Hai.');
    await citizen.setInputFiles('#photos', {
      name: 'den-duong.jpg',
      mimeType: 'image/jpeg',
      buffer: await phonePhoto(120),
    });
    await citizen.click('[data-testid="report-submit"]');
    await citizen.waitForURL(/\/my\/reports\/[0-9a-f-]+\?done=sent$/);
    const number = (await citizen.getByTestId('sent-number').textContent())!.trim();
    expect(number).toMatch(/^PA-\d{4}-\d{6}$/);
    expect(await citizen.getByTestId('report-summary').textContent()).toContain('16.45333, 107.55833');
    await citizenAudit.check(citizen);
    const reportUrl = citizen.url().replace(/\?.*$/, '');
    const reportId = reportUrl.split('/').pop()!;

    // Not public yet.
    expect((await citizen.request.get(`${feedback.url}/reports/${number}`)).status()).toBe(404);

    // The operations desk routes it to the ward's own staff.
    const { page: desk, audit: deskAudit } = await signedIn('dieuhanh', '/desk');
    expect(await desk.getByTestId('staff-list').textContent()).toContain(number);
    await deskAudit.check(desk);
    await desk.goto(`${feedback.url}/desk/reports/${reportId}`);
    expect(await desk.getByTestId('reporter').textContent()).toContain('Nguyễn Văn An');
    await deskAudit.check(desk);
    await desk.click('[data-testid="assign"]');
    await desk.waitForURL(/done=1/);
    expect(await desk.getByTestId('report-summary').textContent()).toContain('Ủy ban nhân dân phường Thủy Xuân');
    await deskAudit.check(desk);

    // The unit (the ward's specialist) takes it up and answers with an "after" photo.
    const { page: unit, audit: unitAudit } = await signedIn('chuyenvien', '/unit');
    expect(await unit.getByTestId('staff-list').textContent()).toContain(number);
    await unitAudit.check(unit);
    await unit.goto(`${feedback.url}/unit/reports/${reportId}`);
    await unit.click('[data-testid="acknowledge"]');
    await unit.waitForURL(/done=1/);
    await unit.fill('#text', 'Đã thay bóng đèn và sửa dây cho ba cột đèn, đèn sáng lại từ tối nay.');
    await unit.setInputFiles('#photos', { name: 'sau.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto(200) });
    await unit.click('[data-testid="answer"]');
    await unit.waitForURL(/done=1/);
    expect(await unit.getByTestId('report-answer').textContent()).toContain('Đã thay bóng đèn');
    await unitAudit.check(unit);

    // The public: the answer and photos, never the reporter nor the camera's data.
    const { context: publicContext, audit: publicAudit } = await PageAudit.context(browser);
    contexts.push(publicContext);
    const visitor = await publicContext.newPage();
    await visitor.goto(`${feedback.url}/reports`);
    expect(await visitor.getByTestId('report-list').textContent()).toContain(number);
    await publicAudit.check(visitor);
    await visitor.goto(`${feedback.url}/reports/${number}`);
    const main = (await visitor.locator('main').textContent()) ?? '';
    expect(main).toContain('Đã thay bóng đèn');
    expect(main).not.toContain('Nguyễn Văn An');
    expect(main).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await publicAudit.check(visitor);
    const src = await visitor.locator('[data-testid="report-photos"] img').first().getAttribute('src');
    const image = await visitor.request.get(`${feedback.url}${src}`);
    expect(image.headers()['content-type']).toBe('image/jpeg');
    expect(await exifr.parse(Buffer.from(await image.body()), { gps: true, tiff: true, exif: true })).toBeUndefined();
    expect((await visitor.request.get(`${feedback.url}${src}/original`)).status()).not.toBe(200);
    const geo = (await (await visitor.request.get(`${feedback.url}/reports.geojson`)).json()) as {
      features: Array<{ properties: Record<string, unknown> }>;
    };
    expect(geo.features.map((f) => f.properties['number'])).toContain(number);
    expect(JSON.stringify(geo)).not.toContain('Nguyễn');

    // The reporter rates it.
    await citizen.goto(reportUrl);
    await citizen.check('input[name="level"][value="very_satisfied"]');
    await citizen.click('[data-testid="rate"]');
    await citizen.waitForURL(/done=rated/);
    expect(await citizen.getByTestId('rated').textContent()).toContain('Rất hài lòng');
    await citizenAudit.check(citizen);

    await citizenAudit.assertClean();
    await deskAudit.assertClean();
    await unitAudit.assertClean();
    await publicAudit.assertClean();
  });
});
