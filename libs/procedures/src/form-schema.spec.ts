import {
  FormSchema,
  PATTERN_INPUT_LIMIT,
  resolveDateBound,
  unsafePatternReason,
  validateFormData,
  validateFormSchema,
} from './form-schema';
import { nth } from '@app/testing';

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
    expect(nth(r.errors, 0).messages).toEqual(['Nhập Họ và tên']);
    expect(nth(r.errors, 3).messages).toEqual(['Chọn Quan hệ với người được khai sinh']);
    const en = validateFormData(schema, {}, { lang: 'en', today: '2025-06-01' });
    expect(en.ok ? [] : nth(en.errors, 0).messages).toEqual(['Enter Full name']);
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

describe('eligibility rules: dates relative to the submission, ranges across fields', () => {
  const child: FormSchema = {
    fields: [
      {
        key: 'childBirthDate',
        label: L('Ngày sinh của trẻ', "Child's date of birth"),
        type: 'date',
        required: true,
        min: 'today-6y+1d',
        max: 'today',
        rangeMessage: L(
          'Trẻ phải dưới 6 tuổi tại ngày nộp hồ sơ',
          'The child must be under 6 on the day of submission',
        ),
      },
      { key: 'marriageDate', label: L('Ngày kết hôn', 'Date of marriage'), type: 'date' },
      {
        key: 'divorceDate',
        label: L('Ngày ly hôn', 'Date of divorce'),
        type: 'date',
        notBefore: 'marriageDate',
        max: 'today',
      },
    ],
  };
  const check = (data: Record<string, unknown>, today = '2026-12-04') =>
    validateFormData(child, data, { today, lang: 'vi' });

  it('refuses a child born in 2015 for an "under 6" procedure, naming the field with the eligibility message', () => {
    const r = check({ childBirthDate: '2015-05-01' });
    expect(r).toEqual({
      ok: false,
      errors: [{ field: 'childBirthDate', messages: ['Trẻ phải dưới 6 tuổi tại ngày nộp hồ sơ'] }],
    });
  });

  it('counts the age on the day of submission: six today is no longer under six', () => {
    expect(check({ childBirthDate: '2020-12-04' }).ok).toBe(false);
    expect(check({ childBirthDate: '2020-12-05' }).ok).toBe(true);
    expect(check({ childBirthDate: '2026-12-05' }).ok).toBe(false); // not born yet
  });

  it('resolves relative bounds by calendar, clamping to the end of the month', () => {
    expect(resolveDateBound('today-6y+1d', '2026-12-04')).toBe('2020-12-05');
    expect(resolveDateBound('today-1y', '2028-02-29')).toBe('2027-02-28');
    expect(resolveDateBound('today+1m', '2026-01-31')).toBe('2026-02-28');
    expect(resolveDateBound('today-30d', '2026-03-01')).toBe('2026-01-30');
    expect(resolveDateBound('2026-01-01', '2026-12-04')).toBe('2026-01-01');
    expect(resolveDateBound('yesterday', '2026-12-04')).toBeNull();
  });

  it('checks a date range across two fields', () => {
    const r = check({ childBirthDate: '2024-01-01', marriageDate: '2020-05-01', divorceDate: '2019-01-01' });
    expect(r.ok ? [] : r.errors).toEqual([
      { field: 'divorceDate', messages: ['Ngày ly hôn không được trước Ngày kết hôn'] },
    ]);
    expect(check({ childBirthDate: '2024-01-01', marriageDate: '2020-05-01', divorceDate: '2020-05-01' }).ok).toBe(
      true,
    );
  });

  it('accepts these rules in a schema and refuses malformed ones, naming the property', () => {
    expect(validateFormSchema(child).ok).toBe(true);
    const bad = validateFormSchema({
      fields: [
        { key: 'a', label: L('A', 'A'), type: 'date', min: 'today-6 years' },
        { key: 'b', label: L('B', 'B'), type: 'text', rangeMessage: L('x', 'x'), notBefore: 'a' },
        { key: 'c', label: L('C', 'C'), type: 'date', notBefore: 'later' },
        { key: 'later', label: L('D', 'D'), type: 'date' },
      ],
    });
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual([
      'fields[0].min',
      'fields[1].rangeMessage',
      'fields[1].notBefore',
      'fields[2].notBefore',
    ]);
  });
});

describe('administrator patterns: no catastrophic backtracking', () => {
  const withPattern = (pattern: string): FormSchema => ({
    fields: [{ key: 'code', label: L('Mã', 'Code'), type: 'text', pattern }],
  });

  it('refuses unsafe patterns when the schema is saved, naming the field', () => {
    for (const pattern of [
      '(a+)+b',
      '(a*)*',
      '(a|aa)+',
      '((ab)*c)+',
      '(\\d+){2,}',
      '(a)\\1',
      '(?<x>a)\\k<x>',
      'a(?=b)',
      '(?<!a)b',
    ]) {
      const r = validateFormSchema(withPattern(pattern));
      expect({ pattern, fields: r.ok ? [] : r.errors.map((e) => e.field) }).toEqual({
        pattern,
        fields: ['fields[0].pattern'],
      });
    }
  });

  it('keeps the ordinary patterns of real forms', () => {
    for (const pattern of [
      '\\d{3}-\\d{4}',
      '[A-Z]{2}\\d{6}',
      '(\\d{3}-)?\\d{4}',
      '(?:ab|cd)',
      '\\p{Lu}\\p{Ll}*',
      '[a-z0-9._-]+',
      '\\d+(\\.\\d+)?',
    ]) {
      expect({ pattern, ok: validateFormSchema(withPattern(pattern)).ok }).toEqual({ pattern, ok: true });
    }
  });

  it('never runs a stored unsafe pattern, nor any pattern on an over-long answer (counted, not timed)', () => {
    const test = jest.spyOn(RegExp.prototype, 'test');
    try {
      // Stored before the rule existed (validateFormSchema would refuse it): answers do not match, the regex never runs.
      const unsafe = validateFormData(withPattern('(a+)+b'), { code: 'a'.repeat(50_000) });
      expect(unsafe.ok).toBe(false);
      expect(validateFormData(withPattern('(a+)+b'), { code: 'aab' }).ok).toBe(false);
      expect(test.mock.contexts.filter((re) => (re as RegExp).source.includes('(a+)+b'))).toHaveLength(0);

      const safe = withPattern('a+b');
      expect(validateFormData(safe, { code: `${'a'.repeat(PATTERN_INPUT_LIMIT - 1)}b` }).ok).toBe(true);
      const runs = test.mock.contexts.filter((re) => (re as RegExp).source.includes('a+b')).length;
      expect(runs).toBe(1);
      expect(validateFormData(safe, { code: `${'a'.repeat(PATTERN_INPUT_LIMIT)}b` }).ok).toBe(false);
      expect(test.mock.contexts.filter((re) => (re as RegExp).source.includes('a+b'))).toHaveLength(runs);
    } finally {
      test.mockRestore();
    }
  });

  it('explains why a pattern is refused', () => {
    expect(unsafePatternReason('(a+)+b')).toMatch(/repeats a group/);
    expect(unsafePatternReason('(a)\\1')).toMatch(/back-reference/);
    expect(unsafePatternReason('a(?!b)')).toMatch(/lookahead/);
    expect(unsafePatternReason('[(+)]+')).toBeNull();
  });
});
