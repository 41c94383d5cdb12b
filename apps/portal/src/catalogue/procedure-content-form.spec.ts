import type { FormSchema } from '@app/procedures';
import { readStructured, structuredInputId, structuredRowsOf } from './procedure-content-form';

const schema: FormSchema = {
  fields: [
    { key: 'fullName', label: { vi: 'Họ và tên', en: 'Full name' }, type: 'text', required: true, maxLength: 100 },
    {
      key: 'purpose',
      label: { vi: 'Mục đích', en: 'Purpose' },
      type: 'select',
      options: [
        { value: 'ket_hon', label: { vi: 'Để kết hôn', en: 'To marry' } },
        { value: 'khac', label: { vi: 'Khác', en: 'Other' } },
      ],
    },
  ],
};

describe('the form editor of steps, components and e-form fields', () => {
  it('shows each item as a row, keeps the properties it has no input for, and offers a blank row', () => {
    const rows = structuredRowsOf({ steps: [{ title: 'Nộp hồ sơ' }], components: [], formSchema: schema });
    expect(rows.steps).toEqual([
      { title: 'Nộp hồ sơ', description: '', position: '1' },
      { title: '', description: '', position: '2' },
    ]);
    expect(rows.components).toHaveLength(1);
    expect(rows.formFields[0]).toMatchObject({ key: 'fullName', required: 'true', extra: '{"maxLength":100}' });
    expect(rows.formFields[1]?.options).toBe('ket_hon = Để kết hôn = To marry\nkhac = Khác = Other');
  });

  it('reads rows back in the order of their positions, dropping removed and blank rows, adding a filled one', () => {
    const body = {
      'steps-0-title': 'Nộp hồ sơ',
      'steps-0-position': '2',
      'steps-1-title': 'Tiếp nhận',
      'steps-1-description': 'Kiểm tra',
      'steps-1-position': '1',
      'steps-2-title': 'Bỏ',
      'steps-2-position': '3',
      'steps-2-remove': 'true',
      'steps-3-title': '',
      'steps-3-position': '4',
      'formFields-0-key': 'fullName',
      'formFields-0-labelVi': 'Họ và tên',
      'formFields-0-labelEn': 'Full name',
      'formFields-0-type': 'text',
      'formFields-0-extra': '{"maxLength":100}',
      'formFields-0-position': '1',
      'formFields-1-key': 'birthDate',
      'formFields-1-labelVi': 'Ngày sinh',
      'formFields-1-labelEn': 'Date of birth',
      'formFields-1-type': 'date',
      'formFields-1-required': 'true',
      'formFields-1-position': '1',
      'formFields-2-type': 'text',
      'formFields-2-position': '3',
    };
    const parsed = readStructured(body);
    expect(parsed.errors).toEqual([]);
    expect(parsed.content.steps).toEqual([{ title: 'Tiếp nhận', description: 'Kiểm tra' }, { title: 'Nộp hồ sơ' }]);
    expect(parsed.content.components).toEqual([]);
    // Two rows at position 1: the earlier row first.
    expect(parsed.content.formSchema.fields).toEqual([
      { key: 'fullName', label: { vi: 'Họ và tên', en: 'Full name' }, type: 'text', maxLength: 100 },
      { key: 'birthDate', label: { vi: 'Ngày sinh', en: 'Date of birth' }, type: 'date', required: true },
    ]);
    expect(parsed.rows.steps.map((r) => r.position)).toEqual(['1', '2', '3']);
  });

  it('names the row input of a bad choice line or extra, and maps service problems to row inputs', () => {
    const parsed = readStructured({
      'formFields-0-key': 'purpose',
      'formFields-0-labelVi': 'Mục đích',
      'formFields-0-labelEn': 'Purpose',
      'formFields-0-type': 'select',
      'formFields-0-options': 'ket_hon = Để kết hôn',
      'formFields-0-extra': '[1]',
    });
    expect(parsed.errors.map((e) => e.id).sort()).toEqual(['formFields-0-extra', 'formFields-0-options']);
    expect(structuredInputId('formSchema.fields[2].label')).toBe('formFields-2-labelVi');
    expect(structuredInputId('formSchema.fields[2].pattern')).toBe('formFields-2-extra');
    expect(structuredInputId('steps[0].title')).toBe('steps-0-title');
    expect(structuredInputId('components[1].authority')).toBe('components-1-authority');
    expect(structuredInputId('fees[0].rule')).toBeNull();
  });
});
