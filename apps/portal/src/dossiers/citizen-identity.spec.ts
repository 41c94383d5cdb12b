import type { ProcedureVersionView } from '@app/procedures';
import { accountEformValues, checkDossierForm, dossierFormModel } from './citizen-form';
import { identityFacts, withAccountAnswers } from './citizen-identity';
import { identityOfForm } from './citizen-form';
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
      birthDate: null,
      sex: null,
      address: null,
      level: 0,
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
    expect(model.eformAccountRows.map((r) => r.value)).toEqual(['Nguyễn Văn An', '046090001234', '0905123456']);
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

describe('the national identity (a session brokered from VNeID)', () => {
  const marital = {
    code: '1.004873',
    name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    formSchema: {
      fields: [
        { key: 'fullName', label: L('Họ và tên'), type: 'text', required: true, maxLength: 100 },
        { key: 'birthDate', label: L('Ngày sinh'), type: 'date', required: true, max: 'today' },
        {
          key: 'sex',
          label: L('Giới tính'),
          type: 'select',
          required: true,
          options: [
            { value: 'nam', label: L('Nam') },
            { value: 'nu', label: L('Nữ') },
          ],
        },
        { key: 'cccd', label: L('Số định danh cá nhân'), type: 'cccd', required: true },
        { key: 'residence', label: L('Nơi cư trú'), type: 'text', required: true, maxLength: 250 },
      ],
    },
  } as unknown as ProcedureVersionView;
  const vneid = {
    ...claims,
    email: undefined,
    idp: 'vneid',
    identity_level: '2',
    birthdate: '1990-05-12',
    gender: 'male',
    permanent_address: 'Số 12 Bùi Thị Xuân, phường Thủy Xuân, thành phố Huế',
  };

  it('reads date of birth, sex, permanent address and the level only from a VNeID session', () => {
    expect(identityFacts(vneid)).toMatchObject({
      birthDate: '1990-05-12',
      sex: 'nam',
      address: 'Số 12 Bùi Thị Xuân, phường Thủy Xuân, thành phố Huế',
      level: 2,
    });
    // The same claims in a portal password session (the account kept them from an earlier VNeID sign-in) prove nothing.
    expect(identityFacts({ ...vneid, idp: undefined })).toMatchObject({
      birthDate: null,
      sex: null,
      address: null,
      level: 0,
    });
    expect(identityFacts({ ...vneid, idp: 'other' }).level).toBe(0);
    expect(identityFacts({ ...vneid, identity_level: '3' }).level).toBe(0);
    expect(identityFacts({ ...vneid, birthdate: '1990-02-30' }).birthDate).toBeNull();
  });

  it('pre-fills every field it proves, shown verified, and ignores edits to them', () => {
    const facts = identityFacts(vneid);
    const checked = checkDossierForm(
      marital,
      {
        applicant: { fullName: 'Người Khác', address: 'Nơi khác', idNumber: '999999999999' },
        formData: { birthDate: '2000-01-01', sex: 'nu', cccd: '999999999999', residence: 'Kiệt 5 Lê Lợi' },
      },
      'vi',
      facts,
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.applicant).toMatchObject({
      fullName: 'Nguyễn Văn An',
      idNumber: '046090001234',
      address: 'Số 12 Bùi Thị Xuân, phường Thủy Xuân, thành phố Huế',
    });
    expect(checked.formData).toMatchObject({
      birthDate: '1990-05-12',
      sex: 'nam',
      cccd: '046090001234',
      residence: 'Kiệt 5 Lê Lợi',
    });
    const model = dossierFormModel('vi', marital, { ...checked.state, account: facts });
    expect(model.identityLevel).toBe(2);
    expect(model.fields.map((f) => f.key)).toEqual(['residence']);
    expect(model.eformAccountRows).toEqual([
      { label: 'Họ và tên', value: 'Nguyễn Văn An', verified: true },
      { label: 'Ngày sinh', value: '12/05/1990', verified: true },
      { label: 'Giới tính', value: 'Nam', verified: true },
      { label: 'Số định danh cá nhân', value: '046090001234', verified: true },
    ]);
    expect(model.accountRows.find((r) => r.label === 'Địa chỉ')).toMatchObject({ verified: true });
  });

  it('records which fields came from it, and nothing for a portal password session', () => {
    expect(identityOfForm(marital, identityFacts(vneid))).toEqual({
      provider: 'vneid',
      level: 2,
      fields: ['fullName', 'idNumber', 'birthDate', 'address', 'phone'],
      formKeys: ['fullName', 'birthDate', 'sex', 'cccd'],
    });
    expect(identityOfForm(marital, identityFacts(claims))).toBeNull();
  });
});
