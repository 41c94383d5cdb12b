import type { FormSchema } from '@app/procedures';
import { eformAnswers, eformFields, EformTexts, readFormData } from './eform-fields';

const texts: EformTexts = {
  yes: 'Có',
  no: 'Không',
  dateHint: 'Ngày/tháng/năm',
  cccdHint: '12 chữ số',
  conditional: (field, value) => `Chỉ điền khi “${field}” là “${value}”.`,
};

const schema: FormSchema = {
  fields: [
    { key: 'fullName', label: { vi: 'Họ và tên', en: 'Full name' }, type: 'text', required: true, maxLength: 100 },
    { key: 'birthDate', label: { vi: 'Ngày sinh', en: 'Date of birth' }, type: 'date', required: true },
    { key: 'cccd', label: { vi: 'Số định danh', en: 'ID number' }, type: 'cccd' },
    {
      key: 'purpose',
      label: { vi: 'Mục đích', en: 'Purpose' },
      type: 'select',
      required: true,
      options: [
        { value: 'ket_hon', label: { vi: 'Để kết hôn', en: 'To marry' } },
        { value: 'khac', label: { vi: 'Khác', en: 'Other' } },
      ],
    },
    {
      key: 'partner',
      label: { vi: 'Người dự định kết hôn', en: 'Intended spouse' },
      type: 'text',
      hint: { vi: 'Ghi đầy đủ họ tên', en: 'Full name' },
      showIf: { field: 'purpose', equals: 'ket_hon' },
    },
    { key: 'agree', label: { vi: 'Cam đoan', en: 'I declare' }, type: 'checkbox', required: true },
    { key: 'copies', label: { vi: 'Số bản sao', en: 'Copies' }, type: 'number' },
  ],
};

describe('eformFields', () => {
  it('gives every field, conditional ones too, with labels in the page language and the answers given', () => {
    const fields = eformFields(schema, 'en', { fullName: 'An', birthDate: '1990-03-27', purpose: 'khac' }, [], texts);
    expect(fields.map((f) => f.key)).toEqual([
      'fullName',
      'birthDate',
      'cccd',
      'purpose',
      'partner',
      'agree',
      'copies',
    ]);
    const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
    expect(byKey.fullName).toMatchObject({ id: 'eform-fullName', name: 'formData[fullName]', label: 'Full name' });
    expect(byKey.fullName?.value).toBe('An');
    expect(byKey.birthDate?.value).toBe('27/03/1990');
    expect(byKey.birthDate?.hint).toBe('Ngày/tháng/năm');
    expect(byKey.purpose?.options).toEqual([
      { value: 'ket_hon', text: 'To marry', selected: false },
      { value: 'khac', text: 'Other', selected: true },
    ]);
    expect(byKey.agree?.checked).toBe(false);
  });

  it('says when a conditional field applies, before its own hint', () => {
    const partner = eformFields(schema, 'vi', {}, [], texts).find((f) => f.key === 'partner');
    expect(partner?.condition).toEqual({ field: 'Mục đích', value: 'Để kết hôn' });
    expect(partner?.hint).toBe('Chỉ điền khi “Mục đích” là “Để kết hôn”. Ghi đầy đủ họ tên');
  });

  it('puts each error on its field', () => {
    const fields = eformFields(schema, 'vi', {}, [{ field: 'cccd', messages: ['Sai', 'định dạng'] }], texts);
    expect(fields.find((f) => f.key === 'cccd')?.error).toBe('Sai định dạng');
    expect(fields.filter((f) => f.error !== null)).toHaveLength(1);
  });
});

describe('readFormData', () => {
  it('reads formData[...] nested by the body parser and keeps only the schema keys, as strings', () => {
    const body = { _csrf: 'x', formData: { fullName: ' An ', agree: 'true', evil: 'x', copies: ['1', '2'] } };
    expect(readFormData(schema, body)).toEqual({ fullName: ' An ', agree: 'true', copies: '2' });
  });

  it('reads flat formData[...] names too', () => {
    expect(readFormData(schema, { 'formData[purpose]': 'khac' })).toEqual({ purpose: 'khac' });
  });

  it('leaves an unticked checkbox out (it is then false)', () => {
    expect(readFormData(schema, { formData: { fullName: 'An' } })).toEqual({ fullName: 'An' });
  });
});

describe('eformAnswers', () => {
  it('shows visible answers as people read them and skips fields that do not apply', () => {
    const rows = eformAnswers(
      schema,
      'vi',
      { fullName: 'An', birthDate: '1990-03-27', purpose: 'khac', agree: true, copies: 2 },
      texts,
    );
    expect(rows.map((r) => [r.key, r.value])).toEqual([
      ['fullName', 'An'],
      ['birthDate', '27/03/1990'],
      ['cccd', ''],
      ['purpose', 'Khác'],
      ['agree', 'Có'],
      ['copies', '2'],
    ]);
  });
});

describe('eformFields: sections, conditions for the page script, eligibility in the hint', () => {
  const sectioned: FormSchema = {
    fields: [
      { key: 'intro', label: { vi: 'Ghi chú', en: 'Note' }, type: 'text' },
      {
        key: 'childBirthDate',
        label: { vi: 'Ngày sinh', en: 'Date of birth' },
        type: 'date',
        min: 'today-6y+1d',
        rangeMessage: { vi: 'Trẻ phải dưới 6 tuổi', en: 'The child must be under 6' },
        section: { vi: 'Thông tin của trẻ', en: 'About the child' },
      },
      { key: 'fatherKnown', label: { vi: 'Có thông tin người cha', en: 'Father known' }, type: 'checkbox' },
      {
        key: 'fatherName',
        label: { vi: 'Họ tên người cha', en: 'Father' },
        type: 'text',
        showIf: { field: 'fatherKnown', equals: true },
        section: { vi: 'Cha, mẹ', en: 'Parents' },
      },
    ],
  };

  it('numbers the sections and carries their headings in the page language', () => {
    const fields = eformFields(sectioned, 'vi', {}, [], texts);
    expect(fields.map((f) => [f.key, f.sectionIndex, f.sectionHeading])).toEqual([
      ['intro', -1, null],
      ['childBirthDate', 0, 'Thông tin của trẻ'],
      ['fatherKnown', 0, 'Thông tin của trẻ'],
      ['fatherName', 1, 'Cha, mẹ'],
    ]);
    expect(eformFields(sectioned, 'en', {}, [], texts)[3]?.sectionHeading).toBe('Parents');
  });

  it('gives the page script the key and the answer as text, and says the eligibility rule in the hint', () => {
    const fields = eformFields(sectioned, 'vi', {}, [], texts);
    expect(fields[3]?.showIf).toEqual({ key: 'fatherKnown', equals: 'true' });
    expect(fields[0]?.showIf).toBeNull();
    expect(fields[1]?.hint).toBe('Trẻ phải dưới 6 tuổi Ngày/tháng/năm');
    expect(fields[3]?.hint).toBe('Chỉ điền khi “Có thông tin người cha” là “Có”.');
  });
});
