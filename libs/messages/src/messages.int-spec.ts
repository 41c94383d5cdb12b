import type { ParsedMail } from 'mailparser';
import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import { AgencyService } from '@app/agency';
import type { Principal, Role } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import { CalendarDeadlines, DossierService, OpenDossierInput } from '@app/dossiers';
import { RegimeService } from '@app/regimes';
import { DEMO_AGENCIES, seedProcedures } from '@app/seed';
import { createTestDatabase, fillForm, publishedProcedure, TestDatabase, TestSmtpServer } from '@app/testing';
import { MessageEvent } from './message-kinds';
import { MessageData, planCitizenMessages } from './message-planner';
import { foldVietnamese } from './sms/esms-transport';
import { CitizenInbox } from './citizen-inbox';
import { MessageAdmin } from './message-admin';
import { MailTransport, MessageSender, MessageSenderOptions } from './message-sender';
import { MessageTemplates } from './message-templates';

const WARD = '000.17.22.H56';
const at = (local: string) => new Date(`${local}+07:00`);

function staff(subject: string, role: Role): Principal {
  return {
    subject,
    kind: 'user',
    username: subject,
    name: subject,
    email: null,
    roles: [role],
    agency: WARD,
    agencyName: null,
    clientId: 'portal-web',
  };
}
const clerk = staff('clerk-msg', 'clerk');

describe('messages to citizens: planned from the outbox, sent over SMTP', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let smtp: TestSmtpServer;
  let service: DossierService;
  let sender: MessageSender;
  let formData: Record<string, unknown>;
  let now = at('2026-12-07T09:00:00');
  const options: MessageSenderOptions = {
    publicUrl: 'https://motcua.example.gov.vn',
    from: 'Một Cửa phường Thủy Xuân <no-reply@motcua.example.gov.vn>',
    maxAttempts: 3,
    retryBaseSeconds: 30,
    maxBackoffSeconds: 3600,
    leaseSeconds: 60,
    batchSize: 10,
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 4 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedCalendar(ds);
    await seedProcedures(ds);
    service = new DossierService(
      ds,
      new CalendarDeadlines(new CalendarService(ds)),
      new RegimeService(ds),
      undefined,
      () => now,
    );
    formData = fillForm((await publishedProcedure(db.url, '1.004873')).formSchema);
    smtp = await TestSmtpServer.start();
    const transport = createTransport({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
    }) as unknown as MailTransport;
    sender = new MessageSender(ds, { email: transport }, MessageTemplates.load(), options);
  });

  afterAll(async () => {
    await smtp.stop();
    await ds.destroy();
    await db.drop();
  });

  const input = (email: string | null, name = 'Trần Thị Hoà', phone: string | null = null): OpenDossierInput => ({
    procedureCode: '1.004873',
    agencyCode: WARD,
    channel: 1,
    applicant: { fullName: name, idNumber: '046190000777', phone, email, address: 'Thủy Xuân, Huế' },
    formData,
  });

  /** Plans messages for every event of the dossier not planned yet, as the outbox handler does. */
  async function planAll(dossierId: string): Promise<number> {
    const events = await ds.query<MessageEvent[]>(
      `SELECT id, event_type, payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY created_at, id`,
      [dossierId],
    );
    let planned = 0;
    for (const event of events) planned += await ds.transaction((em) => planCitizenMessages(em, event));
    return planned;
  }

  const messagesOf = (dossierId: string) =>
    ds.query<
      Array<{
        id: string;
        kind: string;
        status: string;
        attempts: number;
        last_error: string | null;
        recipient: string;
      }>
    >(
      `SELECT id, kind, status, attempts, last_error, recipient FROM dossier_message WHERE dossier_id = $1 ORDER BY created_at`,
      [dossierId],
    );

  it('tells the applicant the dossier was received, once, in Vietnamese, with the code, date and lookup link', async () => {
    now = at('2026-12-07T09:00:00');
    const opened = await service.open(clerk, input('hoa.tran@example.vn'));
    await service.act(clerk, opened.id, 'submit');
    const received = await service.act(clerk, opened.id, 'receive');
    // Submitting tells nothing (the desk registered it in front of the applicant); receiving does.
    expect(await planAll(opened.id)).toBe(1);
    // The event handled again (a redelivery, a replay) plans nothing more.
    expect(await planAll(opened.id)).toBe(0);

    const before = smtp.received.length;
    expect(await sender.runOnce(now)).toMatchObject({ sent: 1, failed: 0, givenUp: 0 });
    expect(await sender.runOnce(now)).toMatchObject({ sent: 0, failed: 0, givenUp: 0 });
    expect(smtp.received.length).toBe(before + 1);
    const mail = smtp.received[smtp.received.length - 1]?.mail as ParsedMail;
    const [row] = await messagesOf(opened.id);
    expect(row).toMatchObject({ kind: 'received', status: 'sent', attempts: 1, recipient: 'hoa.tran@example.vn' });

    expect(mail.subject).toBe(`Hồ sơ ${received.code} đã được tiếp nhận`);
    expect(mail.messageId).toBe(`<${row?.id}@motcua.example.gov.vn>`);
    expect(mail.from?.text).toBe('"Một Cửa phường Thủy Xuân" <no-reply@motcua.example.gov.vn>');
    const lookup = `https://motcua.example.gov.vn/lookup?code=${encodeURIComponent(received.code ?? '')}&key=${received.lookup_key}`;
    expect(mail.text).toContain('Kính gửi Ông/Bà Trần Thị Hoà,');
    expect(mail.text).toContain(`Mã hồ sơ: ${received.code}`);
    expect(mail.text).toContain(`Mã tra cứu: ${received.lookup_key}`);
    expect(mail.text).toMatch(/Ngày hẹn trả kết quả: \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);
    expect(mail.text).toContain(lookup);
    // A walk-in has no online dossier page: that line is left out, in both parts.
    expect(mail.text).not.toContain('/dossiers/');
    expect(mail.html).toContain(`<a href="${lookup.replace(/&/g, '&amp;')}">`);
    expect(mail.html).not.toContain('/dossiers/');
    expect(mail.html).toContain('<html lang="vi">');
    expect(mail.text).not.toMatch(/\{\{|\d{4}-\d{2}-\d{2}T/);
  });

  it('retries a mail server that fails, then recovers, and delivers the message exactly once', async () => {
    now = at('2026-12-07T10:00:00');
    const opened = await service.open(clerk, input('retry@example.vn'));
    await service.act(clerk, opened.id, 'submit');
    await service.act(clerk, opened.id, 'receive');
    await planAll(opened.id);
    const before = smtp.received.length;

    smtp.answers.push(451, 421);
    expect(await sender.runOnce(now)).toMatchObject({ sent: 0, failed: 1, givenUp: 0 });
    let [row] = await messagesOf(opened.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row?.last_error).toContain('451');
    // Not due again before its backoff (30 s, then 60 s)…
    expect(await sender.runOnce(new Date(now.getTime() + 29_000))).toMatchObject({ sent: 0, failed: 0, givenUp: 0 });
    expect(await sender.runOnce(new Date(now.getTime() + 30_000))).toMatchObject({ sent: 0, failed: 1, givenUp: 0 });
    expect(await sender.runOnce(new Date(now.getTime() + 89_000))).toMatchObject({ sent: 0, failed: 0, givenUp: 0 });
    // …and sent when the server takes it.
    expect(await sender.runOnce(new Date(now.getTime() + 90_000))).toMatchObject({ sent: 1, failed: 0, givenUp: 0 });
    [row] = await messagesOf(opened.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    expect(smtp.received.length).toBe(before + 1);
  });

  it('gives up on a permanent refusal with the server’s reason, and after the last attempt', async () => {
    now = at('2026-12-07T11:00:00');
    const refused = await service.open(clerk, input('nobody@example.vn'));
    await service.act(clerk, refused.id, 'submit');
    await service.act(clerk, refused.id, 'receive');
    await planAll(refused.id);
    smtp.answers.push(550);
    expect(await sender.runOnce(now)).toMatchObject({ sent: 0, failed: 0, givenUp: 1 });
    const [row] = await messagesOf(refused.id);
    expect(row).toMatchObject({ status: 'given_up', attempts: 1 });
    expect(row?.last_error).toContain('550');

    const flaky = await service.open(clerk, input('flaky@example.vn'));
    await service.act(clerk, flaky.id, 'submit');
    await service.act(clerk, flaky.id, 'receive');
    await planAll(flaky.id);
    smtp.answers.push(451, 451, 451);
    expect(await sender.runOnce(now)).toMatchObject({ failed: 1 });
    expect(await sender.runOnce(new Date(now.getTime() + 30_000))).toMatchObject({ failed: 1 });
    expect(await sender.runOnce(new Date(now.getTime() + 90_000))).toMatchObject({ givenUp: 1 });
    expect((await messagesOf(flaky.id))[0]).toMatchObject({ status: 'given_up', attempts: 3 });
  });

  it('takes over a message whose sender died mid-send once its lease has run out', async () => {
    now = at('2026-12-07T12:00:00');
    const opened = await service.open(clerk, input('lease@example.vn'));
    await service.act(clerk, opened.id, 'submit');
    await service.act(clerk, opened.id, 'receive');
    await planAll(opened.id);
    // Another sender claimed it and vanished.
    await ds.query(
      `UPDATE dossier_message SET status = 'sending', attempts = 1, lease_until = $2 WHERE dossier_id = $1`,
      [opened.id, new Date(now.getTime() + 60_000)],
    );
    expect(await sender.runOnce(new Date(now.getTime() + 59_000))).toMatchObject({ sent: 0, failed: 0, givenUp: 0 });
    expect(await sender.runOnce(new Date(now.getTime() + 60_000))).toMatchObject({ sent: 1, failed: 0, givenUp: 0 });
    expect((await messagesOf(opened.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('asks for the supplement with what is missing; writes to nobody without an address; speaks English', async () => {
    now = at('2026-12-07T14:00:00');
    const opened = await service.open(clerk, input('bosung@example.vn'));
    await service.act(clerk, opened.id, 'submit');
    await service.act(clerk, opened.id, 'request_supplement', {
      reason: 'Bản sao giấy khai sinh có chứng thực',
    });
    expect(await planAll(opened.id)).toBe(1);
    await ds.query(`UPDATE dossier_message SET locale = 'en' WHERE dossier_id = $1`, [opened.id]);
    expect(await sender.runOnce(now)).toMatchObject({ sent: 1 });
    const mail = smtp.received[smtp.received.length - 1]?.mail as ParsedMail;
    // Asked at intake, before reception: no code yet, so the procedure names it.
    expect(mail.subject).toBe('Dossier “Cấp Giấy xác nhận tình trạng hôn nhân” needs more documents');
    expect(mail.text).not.toContain('Dossier code:');
    // Nor a public lookup link: the lookup takes the code. The form at the counter says what to bring.
    expect(mail.text).not.toContain('/lookup');
    expect(mail.text).toContain('What is needed: Bản sao giấy khai sinh có chứng thực');
    expect(mail.html).toContain('<html lang="en">');

    const silent = await service.open(clerk, input(null, 'Lê Văn Không Thư'));
    await service.act(clerk, silent.id, 'submit');
    await service.act(clerk, silent.id, 'receive');
    expect(await planAll(silent.id)).toBe(0);
  });

  it('texts an applicant with no e-mail, and one who asked for SMS; never beyond the dossier code', async () => {
    const channelsOf = async (id: string) =>
      (
        await ds.query<Array<{ kind: string; channel: string; recipient: string }>>(
          `SELECT kind, channel, recipient FROM dossier_message WHERE dossier_id = $1 ORDER BY kind, channel`,
          [id],
        )
      ).map((m) => `${m.kind}/${m.channel}/${m.recipient}`);
    // A walk-in with a phone and no e-mail: SMS only, in the national form of the number.
    const phoneOnly = await service.open(clerk, input(null, 'Hồ Văn Điện', '+84 905 222 333'));
    await service.act(clerk, phoneOnly.id, 'submit');
    await service.act(clerk, phoneOnly.id, 'receive');
    expect(await planAll(phoneOnly.id)).toBe(1);
    expect(await channelsOf(phoneOnly.id)).toEqual(['received/sms/0905222333']);
    // Both: e-mail only, unless the account that owns it asked for SMS as well.
    const both = await service.open(clerk, input('hai.kenh@example.vn', 'Võ Thị Hai', '0905444555'));
    await service.act(clerk, both.id, 'submit');
    await service.act(clerk, both.id, 'receive');
    expect(await planAll(both.id)).toBe(1);
    expect(await channelsOf(both.id)).toEqual(['received/email/hai.kenh@example.vn']);
    const owner = 'citizen-sms-always';
    const inbox = new CitizenInbox(ds, MessageTemplates.load(), options.publicUrl);
    await inbox.savePreferences(owner, { email: true, sms: 'always', locale: 'vi' });
    const always = await service.open(clerk, input('luon.sms@example.vn', 'Võ Thị Hai', '0905444555'));
    await service.act(clerk, always.id, 'submit');
    await ds.query(`UPDATE dossier SET owner_subject = $2 WHERE id = $1`, [always.id, owner]);
    await service.act(clerk, always.id, 'receive');
    await planAll(always.id);
    expect(await channelsOf(always.id)).toEqual([
      'received/email/luon.sms@example.vn',
      `received/inapp/${owner}`,
      'received/sms/0905444555',
    ]);
    // "Never", and no e-mail to carry it: a notice the rules require still goes by SMS; another does not.
    await inbox.savePreferences(owner, { email: false, sms: 'never', locale: 'vi' });
    const never = await service.open(clerk, input(null, 'Phan Văn Ít', '0905666777'));
    await service.act(clerk, never.id, 'submit');
    await ds.query(`UPDATE dossier SET owner_subject = $2 WHERE id = $1`, [never.id, owner]);
    await service.act(clerk, never.id, 'receive');
    await service.act(staff('leader-msg', 'leader'), never.id, 'stop', { reason: 'Người nộp đề nghị dừng' });
    await planAll(never.id);
    expect(await channelsOf(never.id)).toEqual([
      `received/inapp/${owner}`,
      `stopped/inapp/${owner}`,
      'stopped/sms/0905666777',
    ]);

    // The text: the code and the date, folded to plain GSM by the eSMS adapter; short enough for one SMS.
    const [row] = await ds.query<Array<{ kind: 'received'; locale: 'vi'; data: MessageData }>>(
      `SELECT kind, locale, data FROM dossier_message WHERE dossier_id = $1 AND channel = 'sms'`,
      [phoneOnly.id],
    );
    const text = sender.composeSms(row as { kind: 'received'; locale: 'vi'; data: MessageData });
    expect(text).toMatch(/^Hồ sơ 000\.17\.22\.H56-261207-\d{4} đã được tiếp nhận, hẹn trả kết quả \d\d:\d\d ngày /);
    expect(text).not.toContain('Hồ Văn Điện');
    expect(foldVietnamese(text).length).toBeLessThanOrEqual(160);
    // This sender has no SMS gateway: the SMS stay queued; the e-mails go.
    expect(await sender.runOnce(now)).toMatchObject({ sent: 2, channels: { sms: { sent: 0 } } });
  });

  it('e-mails the specialist a dossier is assigned to, with the desk page to open', async () => {
    const agency = await ds.query<Array<{ id: string }>>(`SELECT id FROM agency WHERE code = $1`, [WARD]);
    await ds.query(
      `INSERT INTO user_profile (subject, username, email, roles, agency_id)
       VALUES ('cv-assign', 'cv-assign', 'chuyenvien.hotich@thuyxuan.example.gov.vn', '{specialist}', $1)`,
      [agency[0]?.id],
    );
    const d = await service.open(clerk, input(null, 'Ngô Thị Giao'));
    await service.act(clerk, d.id, 'submit');
    await service.act(clerk, d.id, 'receive');
    await service.act(clerk, d.id, 'assign', { assignee: 'cv-assign' });
    expect(await planAll(d.id)).toBe(1);
    const before = smtp.received.length;
    expect(await sender.runOnce(now)).toMatchObject({ sent: 1 });
    const mail = smtp.received[before]?.mail as ParsedMail;
    expect(mail.to).toMatchObject({ text: 'chuyenvien.hotich@thuyxuan.example.gov.vn' });
    expect(mail.subject).toMatch(/^Hồ sơ 000\.17\.22\.H56-\d{6}-\d{4} được phân công cho đồng chí$/);
    expect(mail.text).toContain(`${options.publicUrl}/desk/dossiers/${d.id}`);
    // Nothing personal of the applicant's beyond what the desk page shows the officer anyway: no lookup key.
    expect(mail.text).not.toContain('/lookup');
  });

  it('shows operators the failures with their reasons and queues a given-up message again, once', async () => {
    const admin = new MessageAdmin(ds);
    const { items } = await admin.list('problems');
    const givenUp = items.find((m) => m.recipient === 'nobody@example.vn');
    expect(givenUp).toMatchObject({ status: 'given_up', kind: 'received', channel: 'email', nextAttemptAt: null });
    expect(givenUp?.lastError).toContain('550');
    expect(items.every((m) => m.status === 'failed' || m.status === 'given_up')).toBe(true);
    expect((await admin.list('all')).items.some((m) => m.status === 'sent')).toBe(true);
    expect(await admin.totals()).toEqual(
      expect.arrayContaining([expect.objectContaining({ channel: 'email', status: 'given_up', count: 2 })]),
    );

    expect(await admin.retry(givenUp?.id ?? '')).toBe(true);
    // A sent message, or one already queued again, is not retried.
    expect(await admin.retry(givenUp?.id ?? '')).toBe(false);
    const sent = (await admin.list('all')).items.find((m) => m.status === 'sent');
    expect(await admin.retry(sent?.id ?? '')).toBe(false);
    const before = smtp.received.length;
    expect(await sender.runOnce(new Date())).toMatchObject({ sent: 1 });
    expect(smtp.received.length).toBe(before + 1);
  });

  it('keeps every message for the owner account, in its language, and e-mails only what it chose or the rules require', async () => {
    now = at('2026-12-08T09:00:00');
    const citizen: Principal = { ...staff('citizen-msg', 'citizen'), agency: null };
    await ds.query(`INSERT INTO user_profile (subject, username, email, roles) VALUES ($1, $1, $2, '{citizen}')`, [
      citizen.subject,
      'owner@example.vn',
    ]);
    const inbox = new CitizenInbox(ds, MessageTemplates.load(), options.publicUrl);
    await inbox.savePreferences(citizen.subject, { email: false, sms: 'never', locale: 'en' });
    expect(await inbox.preferences(citizen.subject)).toEqual({ email: false, sms: 'never', locale: 'en' });

    // A dossier the citizen's account owns (filed online; its papers are not the point here).
    const owned = async () => {
      const d = await service.open(clerk, input(null, 'Đỗ Thị Chủ'));
      await service.act(clerk, d.id, 'submit');
      await ds.query(`UPDATE dossier SET owner_subject = $2 WHERE id = $1`, [d.id, citizen.subject]);
      return d;
    };
    const opened = await owned();
    await service.act(clerk, opened.id, 'receive');
    // Received: in the list only (the owner opted out of e-mail for what the rules do not require).
    expect(await planAll(opened.id)).toBe(1);
    expect((await messagesOf(opened.id)).map((m) => [m.kind, m.status, m.recipient])).toEqual([
      ['received', 'sent', citizen.subject],
    ]);

    const list = await inbox.list(citizen.subject, 'vi');
    expect(list).toHaveLength(1);
    expect(list[0]?.subject).toMatch(/^Hồ sơ 000\.17\.22\.H56-261208-\d{4} đã được tiếp nhận$/);
    // No greeting and no links in the list: the page links to the dossier itself.
    const text = list[0]?.paragraphs.flat().join('\n') ?? '';
    expect(text).not.toContain('Kính gửi');
    expect(text).not.toContain('http');
    expect(text).toContain('Mã tra cứu:');
    expect(await inbox.unreadCount(citizen.subject)).toBe(1);
    expect(await inbox.markAllRead(citizen.subject)).toBe(1);
    expect(await inbox.unreadCount(citizen.subject)).toBe(0);
    // Nobody else's list holds it, and operators see only what is sent (e-mail), not the in-portal copies.
    expect(await inbox.list('someone-else', 'vi')).toEqual([]);
    expect((await new MessageAdmin(ds).list('all')).items.some((m) => m.recipient === citizen.subject)).toBe(false);

    // A refusal the rules require goes out by e-mail all the same, in the language the owner chose.
    const refusedDossier = await owned();
    await service.act(clerk, refusedDossier.id, 'refuse', { reason: 'Thủ tục không thuộc thẩm quyền của phường' });
    expect(await planAll(refusedDossier.id)).toBe(2);
    const before = smtp.received.length;
    expect(await sender.runOnce(now)).toMatchObject({ sent: 1 });
    const mail = smtp.received[before]?.mail as ParsedMail;
    expect(mail.subject).toMatch(/was not accepted$/);
    expect(mail.text).toContain('Reason: Thủ tục không thuộc thẩm quyền của phường');
    expect(mail.text).toContain(`${options.publicUrl}/dossiers/${refusedDossier.id}`);
  });
});
