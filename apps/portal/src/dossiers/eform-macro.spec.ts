import { join } from 'node:path';
import nunjucks from 'nunjucks';
import type { FormSchema } from '@app/procedures';
import { translate } from '../i18n/messages';
import { packageDir, VIEWS_DIR } from '../portal-paths';
import { eformFields, eformTexts } from './eform-fields';

const env = new nunjucks.Environment(
  new nunjucks.FileSystemLoader([VIEWS_DIR, join(packageDir('govuk-frontend'), 'dist')]),
  { autoescape: true },
);

const t = (key: string, params?: Record<string, string>) => translate('vi', key, params);

const schema: FormSchema = {
  fields: [
    { key: 'name', label: { vi: 'Họ & tên', en: 'Name' }, type: 'text', required: true },
    { key: 'note', label: { vi: 'Ghi chú', en: 'Note' }, type: 'textarea', hint: { vi: 'Ngắn gọn', en: 'Short' } },
    { key: 'copies', label: { vi: 'Số bản', en: 'Copies' }, type: 'number', required: true },
    { key: 'born', label: { vi: 'Ngày sinh', en: 'Born' }, type: 'date', required: true },
    {
      key: 'kind',
      label: { vi: 'Loại', en: 'Kind' },
      type: 'select',
      required: true,
      options: [
        { value: 'a', label: { vi: 'Loại A', en: 'Kind A' } },
        { value: 'b', label: { vi: 'Loại B', en: 'Kind B' } },
      ],
    },
    { key: 'agree', label: { vi: 'Cam đoan', en: 'Declare' }, type: 'checkbox', required: true },
    { key: 'cccd', label: { vi: 'CCCD', en: 'ID' }, type: 'cccd', showIf: { field: 'kind', equals: 'b' } },
    { key: 'phone', label: { vi: 'Điện thoại', en: 'Phone' }, type: 'phone' },
    { key: 'email', label: { vi: 'Thư', en: 'Email' }, type: 'email' },
  ],
};

function render(values: Record<string, unknown>, errors: Array<{ field: string; messages: string[] }> = []): string {
  const fields = eformFields(schema, 'vi', values, errors, eformTexts(t));
  return env.renderString('{% from "dossiers/_eform.njk" import eform %}{{ eform(t, fields) }}', { t, fields });
}

describe('the _eform.njk macro', () => {
  it('renders a labelled govuk input of the right kind for every field type', () => {
    const html = render({ name: 'An', born: '1990-03-27', kind: 'b', agree: true, copies: 2 });
    expect(html).toMatch(/<input[^>]+id="eform-name"[^>]+name="formData\[name\]"[^>]+type="text"[^>]+value="An"/);
    expect(html).toContain('<label class="govuk-label govuk-label--s" for="eform-name">');
    expect(html).toContain('Họ &amp; tên'); // escaped once, not twice
    expect(html).toMatch(/<textarea[^>]+id="eform-note"[^>]+name="formData\[note\]"/);
    expect(html).toMatch(
      /id="eform-copies"[^>]+name="formData\[copies\]"[^>]+type="text"[^>]+value="2"[^>]+inputmode="decimal"/,
    );
    expect(html).toMatch(/id="eform-born"[^>]+value="27\/03\/1990"/);
    expect(html).toMatch(/<select[^>]+id="eform-kind"[^>]+name="formData\[kind\]"/);
    expect(html).toMatch(/<option value="b" selected>Loại B<\/option>/);
    expect(html).toMatch(
      /<input[^>]+id="eform-agree"[^>]+name="formData\[agree\]"[^>]+type="checkbox"[^>]+value="true"[^>]+checked/,
    );
    expect(html).toMatch(/id="eform-cccd"[^>]+inputmode="numeric"/);
    expect(html).toMatch(/id="eform-phone"[^>]+type="tel"/);
    expect(html).toMatch(/id="eform-email"[^>]+type="email"/);
    expect(html).toContain('Ghi chú (không bắt buộc)');
  });

  it('renders conditional fields with a note saying which answer makes them apply', () => {
    const html = render({});
    expect(html).toContain('id="eform-cccd-hint"');
    expect(html).toContain('Chỉ điền khi “Loại” là “Loại B”.');
  });

  it('shows each field’s error message beside it', () => {
    const html = render({}, [{ field: 'born', messages: ['Nhập Ngày sinh'] }]);
    expect(html).toMatch(
      /<p id="eform-born-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">[^<]*<\/span> Nhập Ngày sinh/,
    );
    expect(html).toContain('govuk-input--error');
  });
});
