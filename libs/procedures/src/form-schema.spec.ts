import { FormSchema, validateFormData, validateFormSchema } from './form-schema';

const L = (vi: string, en: string) => ({ vi, en });

const schema: FormSchema = {
  fields: [
    { key: 'fullName', label: L('Họ và tên', 'Full name'), type: 'text', required: true, maxLength: 10 },
    { key: 'cccd', label: L('Số định danh cá nhân', 'Citizen ID number'), type: 'cccd', required: true },
    { key: 'birthDate', label: L('Ngày sinh', 'Date of birth'), type: 'date', required: true, max: 'today' },
    { key: 'copies', label: L('Số bản sao', 'Copies'), type: 'number', min: 1, max: 10 },
    {
      key: 'relationship',
      label: L('Quan hệ với người được khai sinh', 'Relationship'),
      type: 'select',
      required: true,
      options: [
        { value: 'parent', label: L('Cha, mẹ', 'Parent') },
        { value: 'other', label: L('Khác', 'Other') },
      ],
    },
    {
      key: 'authorization',
      label: L('Số văn bản ủy quyền', 'Power of attorney number'),
      type: 'text',
      required: true,
      showIf: { field: 'relationship', equals: 'other' },
    },
    { key: 'phone', label: L('Số điện thoại', 'Phone'), type: 'phone' },
    { key: 'email', label: L('Thư điện tử', 'Email'), type: 'email' },
    { key: 'wantsCopy', label: L('Cấp bản sao', 'Wants a copy'), type: 'checkbox' },
  ],
};

const valid = {
  fullName: '  Nguyễn An ',
  cccd: '046 190 012 345',
  birthDate: '2025-02-28',
  relationship: 'parent',
};

describe('validateFormData', () => {
  const check = (data: Record<string, unknown>) => validateFormData(schema, data, { today: '2025-06-01' });
  const fieldsOf = (data: Record<string, unknown>) => {
    const r = check(data);
    return r.ok ? [] : r.errors.map((e) => e.field);
  };

  it('normalizes a valid submission: trimmed text, digits-only CCCD, ISO date, booleans', () => {
    expect(check({ ...valid, copies: '3', phone: '+84 912 345 678', wantsCopy: 'on' })).toEqual({
      ok: true,
      value: {
        fullName: 'Nguyễn An',
        cccd: '046190012345',
        birthDate: '2025-02-28',
        copies: 3,
        relationship: 'parent',
        phone: '0912345678',
        wantsCopy: true,
      },
    });
  });

  it('names every missing required field, in Vietnamese by default and in English on request', () => {
    const r = check({});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual(['fullName', 'cccd', 'birthDate', 'relationship']);
    expect(r.errors[0].messages).toEqual(['Nhập Họ và tên']);
    expect(r.errors[3].messages).toEqual(['Chọn Quan hệ với người được khai sinh']);
    const en = validateFormData(schema, {}, { lang: 'en', today: '2025-06-01' });
    expect(en.ok ? [] : en.errors[0].messages).toEqual(['Enter Full name']);
  });

  it('requires a conditional field only when it is shown, and drops it when hidden', () => {
    expect(fieldsOf({ ...valid, relationship: 'other' })).toEqual(['authorization']);
    expect(check({ ...valid, relationship: 'other', authorization: 'UQ-12' })).toMatchObject({
      ok: true,
      value: { authorization: 'UQ-12' },
    });
    const hidden = check({ ...valid, authorization: 'UQ-12' });
    expect(hidden.ok && 'authorization' in hidden.value).toBe(false);
  });

  it('rejects fields the form does not have', () => {
    expect(fieldsOf({ ...valid, isAdmin: true })).toEqual(['isAdmin']);
  });

  it.each(['04619001234', '0461900123456', '04619001234a', 'abcdefghijkl'])('rejects CCCD %p', (cccd) => {
    const r = check({ ...valid, cccd });
    expect(r.ok ? null : r.errors).toEqual([
      { field: 'cccd', messages: ['Số định danh cá nhân (CCCD) gồm đúng 12 chữ số'] },
    ]);
  });

  it('accepts dates as ISO or day/month/year and rejects impossible or future ones', () => {
    expect(check({ ...valid, birthDate: '5/3/2025' })).toMatchObject({ ok: true, value: { birthDate: '2025-03-05' } });
    expect(fieldsOf({ ...valid, birthDate: '2025-02-29' })).toEqual(['birthDate']);
    expect(fieldsOf({ ...valid, birthDate: '31/04/2025' })).toEqual(['birthDate']);
    expect(fieldsOf({ ...valid, birthDate: '2025-06-02' })).toEqual(['birthDate']);
    expect(fieldsOf({ ...valid, birthDate: '2025-06-01' })).toEqual([]);
  });

  it('checks numbers and their range', () => {
    expect(fieldsOf({ ...valid, copies: 'ba' })).toEqual(['copies']);
    expect(fieldsOf({ ...valid, copies: 0 })).toEqual(['copies']);
    expect(fieldsOf({ ...valid, copies: '11' })).toEqual(['copies']);
    expect(fieldsOf({ ...valid, copies: 10 })).toEqual([]);
  });

  it('checks text length, select options, phone and email', () => {
    expect(fieldsOf({ ...valid, fullName: 'Nguyễn Văn Anh' })).toEqual(['fullName']);
    expect(fieldsOf({ ...valid, relationship: 'neighbour' })).toEqual(['relationship']);
    expect(fieldsOf({ ...valid, phone: '12345' })).toEqual(['phone']);
    expect(fieldsOf({ ...valid, email: 'not-an-email' })).toEqual(['email']);
    expect(fieldsOf({ ...valid, wantsCopy: 'maybe' })).toEqual(['wantsCopy']);
  });
});

describe('validateFormSchema', () => {
  const fieldsOf = (s: unknown) => {
    const r = validateFormSchema(s);
    return r.ok ? [] : r.errors.map((e) => e.field);
  };

  it('accepts a well-formed schema', () => {
    expect(validateFormSchema(schema)).toEqual({ ok: true, value: schema });
  });

  it('rejects duplicate keys, naming the later field', () => {
    const dup = { fields: [schema.fields[0], schema.fields[1], { ...schema.fields[2], key: 'fullName' }] };
    expect(fieldsOf(dup)).toEqual(['fields[2].key']);
  });

  it('rejects unknown types, a select without options and options on a non-select', () => {
    expect(
      fieldsOf({
        fields: [
          { key: 'a', label: L('A', 'A'), type: 'signature' },
          { key: 'b', label: L('B', 'B'), type: 'select' },
          { key: 'c', label: L('C', 'C'), type: 'text', options: [] },
        ],
      }),
    ).toEqual(['fields[0].type', 'fields[1].options', 'fields[2].options']);
  });

  it('requires showIf to point to an earlier field, with a value the field can take', () => {
    const later = {
      fields: [
        { key: 'a', label: L('A', 'A'), type: 'text', showIf: { field: 'b', equals: 'x' } },
        { key: 'b', label: L('B', 'B'), type: 'text' },
      ],
    };
    expect(fieldsOf(later)).toEqual(['fields[0].showIf.field']);
    const badOption = {
      fields: [schema.fields[4], { ...schema.fields[5], showIf: { field: 'relationship', equals: 'x' } }],
    };
    expect(fieldsOf(badOption)).toEqual(['fields[1].showIf.equals']);
  });

  it('rejects bad keys, missing labels, bad bounds and invalid patterns', () => {
    expect(
      fieldsOf({
        fields: [
          { key: 'Full Name', label: L('A', 'A'), type: 'text' },
          { key: 'b', label: { vi: 'B' }, type: 'text' },
          { key: 'c', label: L('C', 'C'), type: 'number', min: 5, max: 1 },
          { key: 'd', label: L('D', 'D'), type: 'text', pattern: '([' },
          { key: 'e', label: L('E', 'E'), type: 'date', max: 'tomorrow' },
          { key: 'f', label: L('F', 'F'), type: 'text', colour: 'red' },
        ],
      }),
    ).toEqual([
      'fields[0].key',
      'fields[1].label',
      'fields[2].max',
      'fields[3].pattern',
      'fields[4].max',
      'fields[5].colour',
    ]);
    expect(fieldsOf({ fields: 'x' })).toEqual(['fields']);
    expect(fieldsOf(null)).toEqual(['']);
  });
});
