import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MESSAGE_KINDS, messageKindOf, messageKindsOf, SMS_KINDS } from './message-kinds';
import { phoneOf } from './message-planner';
import { foldVietnamese } from './sms/esms-transport';
import { MessageTemplates, MESSAGE_LOCALES, MessageValues } from './message-templates';
import { formatInstant } from './message-sender';

const values: MessageValues = {
  applicantName: 'Nguyễn Văn <An>',
  code: '000.17.22.H56-261207-0001',
  dossierRef: '000.17.22.H56-261207-0001',
  lookupKey: 'ABC123',
  procedureName: 'Đăng ký khai sinh',
  agencyName: 'Ủy ban nhân dân phường Thủy Xuân',
  dueAt: '16:30 ngày 08/12/2026',
  reason: 'Thiếu "bản sao" & giấy tờ',
  supplementDueAt: null,
  newDueAt: null,
  lookupUrl: 'https://motcua.example/lookup?code=X&key=ABC123',
  dossierUrl: null,
};

describe('message templates', () => {
  const templates = MessageTemplates.load();

  it('has a subject, a text and an HTML part for every kind in every language, with no placeholder left', () => {
    for (const locale of MESSAGE_LOCALES) {
      for (const kind of MESSAGE_KINDS) {
        const mail = templates.renderEmail(kind, locale, values);
        expect(mail.subject).toContain('000.17.22.H56-261207-0001');
        for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/\{\{|\}\}/);
        expect(mail.html).toContain(`<html lang="${locale}">`);
      }
    }
  });

  it('escapes values in HTML, links addresses, and leaves out lines whose values are all missing', () => {
    const mail = templates.renderEmail('supplement_requested', 'vi', values);
    expect(mail.text).toContain('Kính gửi Ông/Bà Nguyễn Văn <An>,');
    expect(mail.html).toContain('Kính gửi Ông/Bà Nguyễn Văn &lt;An&gt;,');
    expect(mail.html).toContain('Thiếu &quot;bản sao&quot; &amp; giấy tờ');
    expect(mail.html).toContain(
      '<a href="https://motcua.example/lookup?code=X&amp;key=ABC123">https://motcua.example/lookup?code=X&amp;key=ABC123</a>',
    );
    // No closure date (asked at intake) and no online dossier page (a walk-in): those lines are gone.
    expect(mail.text).not.toContain('Hạn bổ sung');
    expect(mail.text).not.toContain('Hồ sơ trực tuyến của Ông/Bà');
    expect(mail.text).not.toMatch(/\n\n\n/);
    const online = templates.renderEmail('supplement_requested', 'vi', {
      ...values,
      supplementDueAt: '17:00 ngày 22/12/2026',
      dossierUrl: 'https://motcua.example/dossiers/1',
    });
    expect(online.text).toContain('Hạn bổ sung: 17:00 ngày 22/12/2026.');
    expect(online.text).toContain(
      'Hồ sơ trực tuyến của Ông/Bà (đăng nhập để xem và tải giấy tờ): https://motcua.example/dossiers/1',
    );
  });

  it('refuses to boot with a missing template or one naming an unknown value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-templates-'));
    try {
      cpSync(MessageTemplates.defaultDir(), dir, { recursive: true });
      rmSync(join(dir, 'en', 'refused.txt'));
      writeFileSync(join(dir, 'vi', 'returned.txt'), 'Subject: Hồ sơ {{dossierRef}}\n\nXin chào {{hoTen}}\n');
      expect(() => MessageTemplates.load(dir)).toThrow(
        /en\/refused\.txt is missing.*vi\/returned\.txt names an unknown value \{\{hoTen\}\}|vi\/returned\.txt names an unknown value \{\{hoTen\}\}.*en\/refused\.txt is missing/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('messageKindOf', () => {
  const status = (action: string, to: string) => ({
    id: 'e',
    event_type: 'dossier.status_changed',
    payload: { dossierId: 'd', action, to },
  });

  it('tells the applicant about the steps they must hear of, and nothing else', () => {
    expect(messageKindOf(status('receive', 'received'))).toBe('received');
    expect(messageKindOf(status('request_supplement', 'supplement_requested'))).toBe('supplement_requested');
    expect(messageKindOf(status('refuse', 'refused'))).toBe('refused');
    expect(messageKindOf(status('request_financial_obligation', 'awaiting_financial_obligation'))).toBe(
      'financial_obligation',
    );
    expect(messageKindOf(status('financial_obligation_met', 'in_process'))).toBe('payment_received');
    expect(messageKindOf(status('approve', 'result_ready'))).toBe('result_ready');
    expect(messageKindOf(status('return_result', 'returned'))).toBe('returned');
    expect(messageKindOf(status('stop', 'stopped'))).toBe('stopped');
    expect(messageKindOf(status('close_unsupplemented', 'stopped'))).toBe('closed');
    for (const [action, to] of [
      ['submit', 'submitted'],
      ['assign', 'in_process'],
      ['submit_for_approval', 'awaiting_approval'],
      ['forward_to_agency', 'awaiting_agency'],
      ['withdraw', 'withdrawn'],
    ] as const) {
      expect(messageKindOf(status(action, to))).toBeNull();
    }
    const apology = {
      id: 'e',
      event_type: 'dossier.appointment_changed',
      payload: { dossierId: 'd', reason: 'apology' },
    };
    expect(messageKindOf(apology)).toBe('apology');
    expect(messageKindOf({ ...apology, payload: { dossierId: 'd', reason: 'reception' } })).toBeNull();
    expect(messageKindOf({ id: 'e', event_type: 'delivery.scheduled', payload: {} })).toBeNull();
  });
});

describe('formatInstant', () => {
  it('writes Vietnam time, never an ISO string', () => {
    const instant = new Date('2026-12-08T09:30:00Z'); // 16:30 in Huế
    expect(formatInstant(instant, 'vi')).toBe('16:30 ngày 08/12/2026');
    expect(formatInstant(instant, 'en')).toBe('08/12/2026 at 16:30 (Vietnam time)');
  });
});

describe('SMS', () => {
  const templates = MessageTemplates.load();
  const long: MessageValues = {
    code: '000.20.22.H56-261207-0123',
    dueAt: '16:30 ngày 08/12/2026',
    supplementDueAt: '16:30 ngày 18/12/2026',
    newDueAt: '16:30 ngày 15/12/2026',
    amount: '1.250.000 đồng',
  };

  it('fits every SMS in one plain message of 160 characters once folded, in both languages, code included', () => {
    for (const locale of MESSAGE_LOCALES) {
      for (const kind of SMS_KINDS) {
        const text = foldVietnamese(templates.renderSms(kind, locale, long));
        expect(text).toContain(long.code as string);
        expect(text).not.toMatch(/\{\{|\}\}/);
        expect(text.length).toBeLessThanOrEqual(160);
        // Plain GSM text: no letter outside ASCII is left after folding.
        expect(text).toMatch(/^[\x20-\x7e]+$/);
      }
    }
  });

  it('folds Vietnamese to ASCII the way brand-name SMS is sent', () => {
    expect(foldVietnamese('Hồ sơ “Đăng ký khai sinh” đã được tiếp nhận – Thủy Xuân')).toBe(
      'Ho so "Dang ky khai sinh" da duoc tiep nhan - Thuy Xuan',
    );
  });

  it('reads Vietnamese mobile numbers in the forms people write them', () => {
    expect(phoneOf('0905 123 456')).toBe('0905123456');
    expect(phoneOf('+84 905.123.456')).toBe('0905123456');
    expect(phoneOf('84905123456')).toBe('0905123456');
    expect(phoneOf('090512345')).toBeNull();
    expect(phoneOf('(0234) 3822 111 ext 2')).toBeNull();
    expect(phoneOf(null)).toBeNull();
  });

  it('invites the applicant to rate the handling when the result is handed over', () => {
    const returned = {
      id: 'e',
      event_type: 'dossier.status_changed',
      payload: { dossierId: 'd', action: 'return_result', to: 'returned' },
    };
    expect(messageKindsOf(returned)).toEqual(['returned', 'rating_invitation']);
    expect(messageKindsOf({ ...returned, payload: { dossierId: 'd', action: 'receive', to: 'received' } })).toEqual([
      'received',
    ]);
    const mail = templates.renderEmail('rating_invitation', 'vi', {
      ...values,
      ratingUrl: 'https://motcua.example/rate?code=X&key=ABC123',
    });
    expect(mail.text).toContain('Đánh giá (không cần đăng nhập');
    expect(mail.html).toContain('href="https://motcua.example/rate?code=X&amp;key=ABC123"');
  });
});
