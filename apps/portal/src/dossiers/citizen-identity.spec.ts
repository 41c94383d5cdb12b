import type { ProcedureVersionView } from '@app/procedures';
import { accountEformValues, checkDossierForm, dossierFormModel } from './citizen-form';
import { identityFacts, withAccountAnswers } from './citizen-identity';
import { EMPTY_APPLICANT } from './citizen-applicant';

const L = (vi: string) => ({ vi, en: vi });
const procedure = {
  code: '1.004873',
  name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
  formSchema: {
    fields: [
      { key: 'fullName', label: L('Họ và tên'), type: 'text', required: true, maxLength: 100 },
      { key: 'cccd', label: L('Số định danh cá nhân'), type: 'cccd', required: true },
      { key: 'motherCccd', label: L('Số định danh của mẹ'), type: 'cccd' },
      { key: 'phone', label: L('Số điện thoại'), type: 'phone', required: true },
    ],
  },
} as unknown as ProcedureVersionView;

const claims = {
  name: 'An Nguyễn Văn',
  given_name: 'An',
  family_name: 'Nguyễn Văn',
  email: 'congdan@motcua.example',
  email_verified: true,
  cccd: '046090001234',
  phone_number: '+84905123456',
};

describe('identityFacts', () => {
  it('reads name, CCCD and phone from the ID token, phone in national form', () => {
    expect(identityFacts(claims)).toEqual({
      fullName: 'Nguyễn Văn An',
      email: 'congdan@motcua.example',
      emailVerified: true,
      idNumber: '046090001234',
      phone: '0905123456',
    });
  });

  it('treats malformed or missing claims as absent', () => {
    expect(identityFacts({ cccd: '12345', phone_number: 12 })).toMatchObject({ idNumber: null, phone: null });
    expect(identityFacts(undefined).fullName).toBeNull();
  });
});

describe('e-form answers from the identity account', () => {
  const facts = identityFacts(claims);

  it('fills the applicant’s own fields, never someone else’s', () => {
    expect(accountEformValues(procedure, facts)).toEqual({
      fullName: 'Nguyễn Văn An',
      cccd: '046090001234',
      phone: '0905123456',
    });
  });

  it('takes the account’s values over posted ones, so a forged field cannot change them', () => {
    const checked = checkDossierForm(
      procedure,
      { applicant: { fullName: 'Người Khác' }, formData: { fullName: 'Người Khác', cccd: '999999999999' } },
      'vi',
      facts,
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.applicant).toMatchObject({
      fullName: 'Nguyễn Văn An',
      idNumber: '046090001234',
      phone: '0905123456',
    });
    expect(checked.formData).toMatchObject({ fullName: 'Nguyễn Văn An', cccd: '046090001234', phone: '0905123456' });
  });

  it('shows those answers as from the account instead of asking for them', () => {
    const model = dossierFormModel('vi', procedure, {
      applicant: withAccountAnswers(EMPTY_APPLICANT, facts),
      values: {},
      applicantErrors: {},
      formErrors: [],
      account: facts,
    });
    expect(model.fields.map((f) => f.key)).toEqual(['motherCccd']);
    expect(model.eformAccountRows.map((r) => r.value.text)).toEqual(['Nguyễn Văn An', '046090001234', '0905123456']);
    expect(Object.keys(model.fromAccount).sort()).toEqual(['email', 'fullName', 'idNumber', 'phone']);
  });

  it('asks for everything when there is no account (counter intake)', () => {
    const model = dossierFormModel('vi', procedure, {
      applicant: EMPTY_APPLICANT,
      values: {},
      applicantErrors: {},
      formErrors: [],
    });
    expect(model.fields).toHaveLength(4);
    expect(model.accountRows).toEqual([]);
  });
});
