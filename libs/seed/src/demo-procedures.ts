import type { DataSource } from 'typeorm';
import {
  countryOptions,
  ethnicGroupOptions,
  FeeItem,
  FormField,
  FormFieldType,
  insertProcedureSeeds,
  LegalDocument,
  ProcedureSeed,
  RequiredDocument,
  VersionContent,
} from '@app/procedures';

/** Every seeded procedure starts as published version 1 in force from this date. */
export const SEED_EFFECTIVE_FROM = '2025-01-01';
/** Province-level unit whose fee resolutions apply to the demo wards (a centrally governed city since 01/01/2025). */
export const SEED_PROVINCE = 'thành phố Huế';

function f(
  key: string,
  vi: string,
  en: string,
  type: FormFieldType,
  extra: Partial<Omit<FormField, 'key' | 'label' | 'type'>> = {},
): FormField {
  return { key, label: { vi, en }, type, ...extra };
}

function opt(value: string, vi: string, en: string) {
  return { value, label: { vi, en } };
}

function doc(name: string, originals: number, copies: number, extra: Partial<RequiredDocument> = {}): RequiredDocument {
  return { name, originals, copies, required: true, ...extra };
}

const LAW = {
  hoTich: { title: 'Luật Hộ tịch', number: '60/2014/QH13', issuedOn: '2014-11-20' },
  nd123: {
    title: 'Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch',
    number: '123/2015/NĐ-CP',
    issuedOn: '2015-11-15',
  },
  tt04: {
    title: 'Thông tư quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định 123/2015/NĐ-CP',
    number: '04/2020/TT-BTP',
    issuedOn: '2020-05-28',
  },
  tt85: {
    title: 'Thông tư hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của HĐND tỉnh',
    number: '85/2019/TT-BTC',
    issuedOn: '2019-11-29',
  },
  nd23: {
    title:
      'Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và hợp đồng, giao dịch',
    number: '23/2015/NĐ-CP',
    issuedOn: '2015-02-16',
  },
  tt01btp: {
    title: 'Thông tư quy định chi tiết, hướng dẫn thi hành Nghị định 23/2015/NĐ-CP',
    number: '01/2020/TT-BTP',
    issuedOn: '2020-03-03',
  },
  tt226: {
    title: 'Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực',
    number: '226/2016/TT-BTC',
    issuedOn: '2016-11-11',
  },
  cuTru: { title: 'Luật Cư trú', number: '68/2020/QH14', issuedOn: '2020-11-13' },
  nd62: {
    title: 'Nghị định quy định chi tiết một số điều của Luật Cư trú',
    number: '62/2021/NĐ-CP',
    issuedOn: '2021-06-29',
  },
  tt55: {
    title: 'Thông tư quy định chi tiết một số điều của Luật Cư trú và Nghị định 62/2021/NĐ-CP',
    number: '55/2021/TT-BCA',
    issuedOn: '2021-05-15',
  },
  nd01: { title: 'Nghị định về đăng ký doanh nghiệp', number: '01/2021/NĐ-CP', issuedOn: '2021-01-04' },
  tt01kh: {
    title: 'Thông tư hướng dẫn về đăng ký doanh nghiệp (mẫu biểu)',
    number: '01/2021/TT-BKHĐT',
    issuedOn: '2021-03-16',
  },
  bhyt: { title: 'Luật Bảo hiểm y tế (sửa đổi, bổ sung)', number: '46/2014/QH13', issuedOn: '2014-06-13' },
  qd296: {
    title: 'Quyết định về quy trình liên thông thủ tục hành chính nhóm khai sinh, khai tử',
    number: '296/QĐ-VPCP',
  },
} satisfies Record<string, LegalDocument>;

const IN_PERSON_ONLINE_POSTAL: VersionContent['channels'] = [1, 2, 3];

const lateCivilFee = (name: string): FeeItem => ({
  name,
  rule: { kind: 'free_when_on_time', lateAmount: 5000 },
  note: `Miễn lệ phí khi đăng ký đúng hạn (Luật Hộ tịch, Điều 11). Mức thu khi quá hạn do HĐND ${SEED_PROVINCE} quyết định.`,
});

const SAME_DAY_NOTE = 'Ngay trong ngày tiếp nhận; hồ sơ nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.';

const REQUESTER_RELATIONSHIP = f(
  'requesterRelationship',
  'Quan hệ của người đi đăng ký',
  'Requester’s relationship',
  'select',
  {
    required: true,
    options: [
      opt('cha_me', 'Cha hoặc mẹ', 'Father or mother'),
      opt('ong_ba', 'Ông hoặc bà', 'Grandparent'),
      opt('nguoi_than', 'Người thân thích khác', 'Other relative'),
      opt('uy_quyen', 'Người được ủy quyền', 'Authorized person'),
    ],
  },
);
const AUTHORIZATION = f(
  'authorizationDocument',
  'Số, ngày văn bản ủy quyền',
  'Power of attorney (number, date)',
  'text',
  {
    required: true,
    maxLength: 200,
    showIf: { field: 'requesterRelationship', equals: 'uy_quyen' },
  },
);
const SEX = (key: string, vi: string, en: string) =>
  f(key, vi, en, 'select', { required: true, options: [opt('nam', 'Nam', 'Male'), opt('nu', 'Nữ', 'Female')] });

const section = (vi: string, en: string) => ({ section: { vi, en } });

const birthFields = (childBirthDate: Partial<FormField>): FormField[] => [
  f('childFullName', 'Họ, chữ đệm và tên của trẻ', 'Child’s full name', 'text', {
    required: true,
    maxLength: 100,
    ...section('Thông tin của trẻ', 'About the child'),
  }),
  SEX('childSex', 'Giới tính', 'Sex'),
  f('childBirthDate', 'Ngày, tháng, năm sinh', 'Date of birth', 'date', {
    required: true,
    max: 'today',
    ...childBirthDate,
  }),
  f('childBirthPlace', 'Nơi sinh', 'Place of birth', 'text', { required: true, maxLength: 250 }),
  f('childEthnicity', 'Dân tộc', 'Ethnicity', 'select', { required: true, options: ethnicGroupOptions() }),
  f('childNationality', 'Quốc tịch', 'Nationality', 'select', { required: true, options: countryOptions() }),
  f('motherFullName', 'Họ, chữ đệm và tên người mẹ', 'Mother’s full name', 'text', {
    required: true,
    maxLength: 100,
    ...section('Thông tin của cha, mẹ', 'About the parents'),
  }),
  f('motherCccd', 'Số định danh cá nhân của người mẹ', 'Mother’s citizen ID number', 'cccd', { required: true }),
  f('fatherKnown', 'Có thông tin người cha', 'The father is known', 'checkbox'),
  f('fatherFullName', 'Họ, chữ đệm và tên người cha', 'Father’s full name', 'text', {
    required: true,
    maxLength: 100,
    showIf: { field: 'fatherKnown', equals: true },
  }),
  f('fatherCccd', 'Số định danh cá nhân của người cha', 'Father’s citizen ID number', 'cccd', {
    required: true,
    showIf: { field: 'fatherKnown', equals: true },
  }),
  { ...REQUESTER_RELATIONSHIP, ...section('Người đi đăng ký', 'The person registering') },
  AUTHORIZATION,
  f('copies', 'Số bản sao Giấy khai sinh đề nghị cấp', 'Copies of the birth certificate', 'number', {
    min: 0,
    max: 10,
  }),
  f('phone', 'Số điện thoại liên hệ', 'Contact phone', 'phone', { required: true }),
];

const BIRTH_FIELDS = birthFields({});

/** Liên thông for children under six (QĐ 296/QĐ-VPCP): the child must be under six on the day of submission. */
const UNDER_SIX_BIRTH_FIELDS = birthFields({
  min: 'today-6y+1d',
  rangeMessage: {
    vi: 'Thủ tục liên thông này dành cho trẻ em dưới 6 tuổi: ngày sinh phải sau cùng ngày này 6 năm trước và không sau hôm nay',
    en: 'This joint procedure is for children under 6: the date of birth must be after this day six years ago and not after today',
  },
});

const KHAI_SINH_DOCS: RequiredDocument[] = [
  doc('Tờ khai đăng ký khai sinh theo mẫu', 1, 0, { template: 'Mẫu tờ khai đăng ký khai sinh (TT 04/2020/TT-BTP)' }),
  doc('Giấy chứng sinh; nếu không có thì văn bản của người làm chứng hoặc giấy cam đoan về việc sinh', 1, 0),
  doc('Giấy tờ tùy thân của người đi đăng ký (xuất trình)', 1, 0, {
    note: 'Không phải nộp nếu thông tin đã có trong Cơ sở dữ liệu quốc gia về dân cư',
  }),
  doc('Giấy chứng nhận kết hôn của cha, mẹ (xuất trình)', 1, 0, {
    required: false,
    note: 'Khi cha, mẹ đã đăng ký kết hôn',
  }),
  doc('Văn bản ủy quyền có chứng thực', 1, 0, { required: false, note: 'Khi đăng ký thay theo ủy quyền' }),
];

/** The real procedures of the demo ward (PRODUCT.md), as version 1 in force from 2025-01-01. */
export const DEMO_PROCEDURES: readonly ProcedureSeed[] = [
  {
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    content: {
      implementingAgency: 'UBND cấp xã',
      timeLimit: { unit: 'working_days', amount: 0, extendedAmount: null, note: SAME_DAY_NOTE },
      channels: IN_PERSON_ONLINE_POSTAL,
      onlineLevel: 'full',
      interAgency: false,
      supplementPolicy: 'restart',
      applicantTypes: ['individual'],
      steps: [
        { title: 'Nộp hồ sơ', description: 'Trực tiếp tại Bộ phận Một cửa, trực tuyến hoặc qua bưu chính công ích.' },
        { title: 'Kiểm tra, tiếp nhận hồ sơ', description: 'Công chức tư pháp - hộ tịch kiểm tra tính hợp lệ.' },
        { title: 'Ghi Sổ hộ tịch và cập nhật vào Cơ sở dữ liệu hộ tịch điện tử' },
        { title: 'Chủ tịch UBND cấp xã ký Giấy khai sinh' },
        { title: 'Trả kết quả' },
      ],
      requiredDocuments: KHAI_SINH_DOCS,
      fees: [
        lateCivilFee('Lệ phí đăng ký khai sinh'),
        {
          name: 'Phí cấp bản sao trích lục hộ tịch',
          rule: { kind: 'fixed', amount: 8000 },
          note: 'Theo Thông tư 281/2016/TT-BTC: 8.000đ/bản sao.',
        },
      ],
      legalBasis: [LAW.hoTich, LAW.nd123, LAW.tt04, LAW.tt85],
      result: ['Giấy khai sinh (bản chính)', 'Bản sao Giấy khai sinh (nếu có yêu cầu)'],
      conditions: ['Đăng ký đúng hạn trong 60 ngày kể từ ngày sinh thì được miễn lệ phí.'],
      components: [],
      formSchema: { fields: BIRTH_FIELDS },
    },
  },
  {
    code: 'LT.KS-TT-BHYT',
    name: 'Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
    field: 'Hộ tịch',
    content: {
      implementingAgency: 'UBND cấp xã; Công an cấp xã; Bảo hiểm xã hội cấp huyện',
      timeLimit: {
        unit: 'working_days',
        amount: 3,
        extendedAmount: 5,
        note: 'Tổng 03 ngày làm việc (05 ngày nếu phải xác minh): khai sinh trong ngày; đăng ký thường trú không quá 02 ngày; cấp thẻ BHYT không quá 02 ngày.',
      },
      channels: [1, 2],
      onlineLevel: 'full',
      interAgency: true,
      supplementPolicy: 'pause',
      applicantTypes: ['individual'],
      steps: [
        { title: 'Nộp hồ sơ liên thông tại UBND cấp xã hoặc trên Cổng dịch vụ công' },
        { title: 'UBND cấp xã đăng ký khai sinh, cấp số định danh cá nhân cho trẻ' },
        { title: 'Chuyển hồ sơ đến Công an cấp xã để đăng ký thường trú' },
        { title: 'Chuyển hồ sơ đến Bảo hiểm xã hội để cấp thẻ bảo hiểm y tế' },
        { title: 'Trả kết quả Giấy khai sinh, thông báo kết quả đăng ký thường trú và thẻ BHYT' },
      ],
      // The e-form below is the joint declaration (tờ khai điện tử liên thông): no scan of it is asked for.
      requiredDocuments: [
        ...KHAI_SINH_DOCS.slice(1),
        doc('Ý kiến đồng ý của chủ hộ (nếu đăng ký thường trú vào hộ đã có)', 1, 0, { required: false }),
      ],
      fees: [
        lateCivilFee('Lệ phí đăng ký khai sinh'),
        {
          name: 'Lệ phí đăng ký thường trú',
          rule: { kind: 'set_by_province', province: SEED_PROVINCE, amount: 20000 },
          note: 'Mức do HĐND cấp tỉnh quyết định.',
        },
        { name: 'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi', rule: { kind: 'free' } },
      ],
      legalBasis: [LAW.qd296, LAW.hoTich, LAW.nd123, LAW.cuTru, LAW.nd62, LAW.bhyt],
      result: ['Giấy khai sinh', 'Thông báo kết quả đăng ký thường trú', 'Thẻ bảo hiểm y tế của trẻ'],
      conditions: ['Trẻ em dưới 6 tuổi', 'Đủ điều kiện đăng ký thường trú theo Luật Cư trú'],
      components: [
        { code: '1.001193', name: 'Đăng ký khai sinh', authority: 'UBND cấp xã', timeLimit: 'Trong ngày' },
        {
          code: '1.004222',
          name: 'Đăng ký thường trú',
          authority: 'Công an cấp xã',
          timeLimit: 'Không quá 02 ngày làm việc',
        },
        {
          name: 'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
          authority: 'Bảo hiểm xã hội cấp huyện',
          timeLimit: 'Không quá 02 ngày làm việc',
        },
      ],
      formSchema: {
        fields: [
          ...UNDER_SIX_BIRTH_FIELDS,
          f('residenceAddress', 'Địa chỉ nơi đăng ký thường trú', 'Permanent residence address', 'text', {
            required: true,
            maxLength: 250,
            ...section('Đăng ký thường trú cho trẻ', 'Permanent residence of the child'),
          }),
          f('householdHeadName', 'Họ và tên chủ hộ', 'Head of household', 'text', { required: true, maxLength: 100 }),
          f('householdHeadCccd', 'Số định danh cá nhân của chủ hộ', 'Head of household’s citizen ID', 'cccd', {
            required: true,
          }),
          f('relationshipToHead', 'Quan hệ của trẻ với chủ hộ', 'Child’s relationship to the head', 'text', {
            required: true,
            maxLength: 50,
          }),
          f('healthFacility', 'Nơi đăng ký khám chữa bệnh ban đầu', 'Primary health facility', 'text', {
            required: true,
            maxLength: 200,
            ...section('Thẻ bảo hiểm y tế của trẻ', 'Health insurance card of the child'),
          }),
        ],
      },
    },
  },
  {
    code: '1.000894',
    name: 'Đăng ký kết hôn',
    field: 'Hộ tịch',
    // Registering a marriage online needs a level-2 national identity (both parties' identities are relied on).
    onlineIdentityLevel: 2,
    content: {
      implementingAgency: 'UBND cấp xã',
      timeLimit: {
        unit: 'working_days',
        amount: 0,
        extendedAmount: 5,
        note: 'Ngay sau khi nhận đủ giấy tờ hợp lệ; nếu cần xác minh thì không quá 05 ngày làm việc.',
      },
      channels: [1, 2],
      onlineLevel: 'partial',
      interAgency: false,
      supplementPolicy: 'restart',
      applicantTypes: ['individual'],
      steps: [
        { title: 'Nộp tờ khai và giấy tờ' },
        { title: 'Kiểm tra điều kiện kết hôn' },
        { title: 'Hai bên nam, nữ có mặt, ký Giấy chứng nhận kết hôn và Sổ hộ tịch' },
        { title: 'Trao Giấy chứng nhận kết hôn' },
      ],
      requiredDocuments: [
        doc('Tờ khai đăng ký kết hôn theo mẫu', 1, 0, { template: 'Mẫu tờ khai đăng ký kết hôn (TT 04/2020/TT-BTP)' }),
        doc('Giấy tờ tùy thân của hai bên (xuất trình)', 1, 0),
        doc('Giấy xác nhận tình trạng hôn nhân', 1, 0, {
          required: false,
          note: 'Khi đăng ký kết hôn tại nơi không phải nơi thường trú của bên đó',
        }),
      ],
      fees: [{ name: 'Lệ phí đăng ký kết hôn (công dân Việt Nam cư trú trong nước)', rule: { kind: 'free' } }],
      legalBasis: [LAW.hoTich, LAW.nd123, LAW.tt04],
      result: ['Giấy chứng nhận kết hôn (mỗi bên một bản chính)'],
      conditions: [
        'Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi',
        'Việc kết hôn do nam và nữ tự nguyện quyết định',
        'Không bị mất năng lực hành vi dân sự; không thuộc trường hợp cấm kết hôn',
      ],
      components: [],
      formSchema: {
        fields: [
          f('husbandFullName', 'Họ và tên bên nam', 'Husband’s full name', 'text', { required: true, maxLength: 100 }),
          f('husbandBirthDate', 'Ngày sinh bên nam', 'Husband’s date of birth', 'date', {
            required: true,
            max: 'today-20y',
            rangeMessage: {
              vi: 'Bên nam phải từ đủ 20 tuổi (Luật Hôn nhân và gia đình, Điều 8)',
              en: 'The husband must be at least 20 years old (Law on Marriage and Family, Article 8)',
            },
          }),
          f('husbandCccd', 'Số định danh cá nhân bên nam', 'Husband’s citizen ID number', 'cccd', { required: true }),
          f('husbandResidence', 'Nơi cư trú bên nam', 'Husband’s residence', 'text', {
            required: true,
            maxLength: 250,
          }),
          f('wifeFullName', 'Họ và tên bên nữ', 'Wife’s full name', 'text', { required: true, maxLength: 100 }),
          f('wifeBirthDate', 'Ngày sinh bên nữ', 'Wife’s date of birth', 'date', {
            required: true,
            max: 'today-18y',
            rangeMessage: {
              vi: 'Bên nữ phải từ đủ 18 tuổi (Luật Hôn nhân và gia đình, Điều 8)',
              en: 'The wife must be at least 18 years old (Law on Marriage and Family, Article 8)',
            },
          }),
          f('wifeCccd', 'Số định danh cá nhân bên nữ', 'Wife’s citizen ID number', 'cccd', { required: true }),
          f('wifeResidence', 'Nơi cư trú bên nữ', 'Wife’s residence', 'text', { required: true, maxLength: 250 }),
          f('firstMarriage', 'Cả hai bên kết hôn lần đầu', 'First marriage for both', 'checkbox'),
          f('phone', 'Số điện thoại liên hệ', 'Contact phone', 'phone', { required: true }),
        ],
      },
    },
  },
  {
    code: '1.004873',
    name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    field: 'Hộ tịch',
    content: {
      implementingAgency: 'UBND cấp xã',
      timeLimit: {
        unit: 'working_days',
        amount: 3,
        extendedAmount: null,
        note: '03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.',
      },
      channels: IN_PERSON_ONLINE_POSTAL,
      onlineLevel: 'full',
      interAgency: false,
      supplementPolicy: 'restart',
      applicantTypes: ['individual'],
      steps: [
        { title: 'Nộp tờ khai' },
        { title: 'Kiểm tra, xác minh tình trạng hôn nhân' },
        { title: 'Chủ tịch UBND cấp xã ký Giấy xác nhận' },
        { title: 'Trả kết quả' },
      ],
      requiredDocuments: [
        doc('Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu', 1, 0, {
          template: 'Mẫu tờ khai cấp Giấy xác nhận tình trạng hôn nhân (TT 04/2020/TT-BTP)',
        }),
        doc('Giấy tờ chứng minh việc ly hôn hoặc người kia đã chết', 0, 1, {
          required: false,
          note: 'Khi đã từng kết hôn',
        }),
      ],
      fees: [
        {
          name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân',
          rule: { kind: 'set_by_province', province: SEED_PROVINCE, amount: 5000, range: { min: 3000, max: 15000 } },
          note: 'Mức do HĐND cấp tỉnh quyết định trong khung 3.000–15.000đ.',
        },
      ],
      legalBasis: [LAW.hoTich, LAW.nd123, LAW.tt04, LAW.tt85],
      result: ['Giấy xác nhận tình trạng hôn nhân (giá trị 06 tháng)'],
      conditions: [],
      components: [],
      formSchema: {
        fields: [
          f('fullName', 'Họ, chữ đệm và tên', 'Full name', 'text', { required: true, maxLength: 100 }),
          f('birthDate', 'Ngày sinh', 'Date of birth', 'date', { required: true, max: 'today' }),
          f('cccd', 'Số định danh cá nhân', 'Citizen ID number', 'cccd', { required: true }),
          f('residence', 'Nơi cư trú', 'Residence', 'text', { required: true, maxLength: 250 }),
          f('maritalStatus', 'Tình trạng hôn nhân', 'Marital status', 'select', {
            required: true,
            options: [
              opt('chua_ket_hon', 'Chưa kết hôn', 'Never married'),
              opt('ly_hon', 'Đã ly hôn', 'Divorced'),
              opt('goa', 'Vợ/chồng đã chết', 'Widowed'),
            ],
          }),
          f('purpose', 'Mục đích sử dụng', 'Purpose', 'select', {
            required: true,
            options: [
              opt('ket_hon', 'Để đăng ký kết hôn', 'To register a marriage'),
              opt('khac', 'Mục đích khác', 'Other'),
            ],
          }),
          f('partnerName', 'Họ và tên người dự định kết hôn', 'Intended spouse’s full name', 'text', {
            required: true,
            maxLength: 100,
            showIf: { field: 'purpose', equals: 'ket_hon' },
          }),
          f('otherPurpose', 'Mục đích khác', 'Other purpose', 'text', {
            required: true,
            maxLength: 200,
            showIf: { field: 'purpose', equals: 'khac' },
          }),
          f('phone', 'Số điện thoại liên hệ', 'Contact phone', 'phone', { required: true }),
        ],
      },
    },
  },
  {
    code: '2.000815',
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
    field: 'Chứng thực',
    content: {
      implementingAgency: 'UBND cấp xã',
      timeLimit: { unit: 'working_days', amount: 0, extendedAmount: null, note: SAME_DAY_NOTE },
      channels: [1],
      onlineLevel: 'none',
      interAgency: false,
      supplementPolicy: 'restart',
      applicantTypes: ['individual', 'organization'],
      steps: [
        { title: 'Xuất trình bản chính và nộp bản sao cần chứng thực' },
        { title: 'Đối chiếu bản sao với bản chính' },
        { title: 'Ghi lời chứng, ký, đóng dấu và vào sổ chứng thực' },
        { title: 'Trả bản sao đã chứng thực' },
      ],
      requiredDocuments: [
        doc('Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao', 1, 0),
        doc('Bản sao cần chứng thực (nếu người yêu cầu tự chụp)', 0, 1, { required: false }),
      ],
      fees: [
        {
          name: 'Phí chứng thực bản sao từ bản chính',
          rule: {
            kind: 'per_page',
            tiers: [
              { fromPage: 1, perPage: 2000 },
              { fromPage: 3, perPage: 1000 },
            ],
            capPerCopy: 200000,
          },
          note: 'Thông tư 226/2016/TT-BTC: 2.000đ/trang cho hai trang đầu, từ trang thứ ba 1.000đ/trang, tối đa 200.000đ/bản.',
        },
      ],
      legalBasis: [LAW.nd23, LAW.tt01btp, LAW.tt226],
      result: ['Bản sao được chứng thực từ bản chính'],
      conditions: ['Bản chính không thuộc các trường hợp không được chứng thực (Điều 22 Nghị định 23/2015/NĐ-CP)'],
      components: [],
      formSchema: {
        fields: [
          f('requesterName', 'Họ và tên người yêu cầu', 'Requester’s full name', 'text', {
            required: true,
            maxLength: 100,
          }),
          f('requesterCccd', 'Số định danh cá nhân', 'Citizen ID number', 'cccd', { required: true }),
          f('documentName', 'Tên giấy tờ, văn bản', 'Document', 'text', { required: true, maxLength: 200 }),
          f('pages', 'Số trang của bản chính', 'Pages of the original', 'number', {
            required: true,
            min: 1,
            max: 1000,
          }),
          f('copies', 'Số bản sao cần chứng thực', 'Copies to certify', 'number', { required: true, min: 1, max: 50 }),
        ],
      },
    },
  },
  {
    code: '1.004222',
    name: 'Đăng ký thường trú',
    field: 'Cư trú',
    content: {
      implementingAgency: 'Công an cấp xã',
      timeLimit: {
        unit: 'working_days',
        amount: 7,
        extendedAmount: null,
        note: '07 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ và hợp lệ.',
      },
      channels: IN_PERSON_ONLINE_POSTAL,
      onlineLevel: 'full',
      interAgency: false,
      supplementPolicy: 'restart',
      applicantTypes: ['individual'],
      steps: [
        { title: 'Nộp hồ sơ đến cơ quan đăng ký cư trú' },
        { title: 'Kiểm tra, cấp phiếu tiếp nhận' },
        { title: 'Thẩm định, cập nhật thông tin vào Cơ sở dữ liệu về cư trú' },
        { title: 'Thông báo kết quả đăng ký thường trú' },
      ],
      requiredDocuments: [
        doc('Tờ khai thay đổi thông tin cư trú (mẫu CT01)', 1, 0, {
          template: 'Mẫu CT01 (Thông tư 56/2021/TT-BCA)',
          note: 'Ghi rõ ý kiến đồng ý của chủ hộ, chủ sở hữu chỗ ở hợp pháp',
        }),
        doc('Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp', 0, 1, {
          required: false,
          note: 'Trừ trường hợp đã có thông tin trong cơ sở dữ liệu chuyên ngành',
        }),
        doc('Giấy tờ chứng minh quan hệ nhân thân với chủ hộ', 0, 1, {
          required: false,
          note: 'Khi đăng ký vào chỗ ở của người khác theo quan hệ nhân thân',
        }),
      ],
      fees: [
        {
          name: 'Lệ phí đăng ký cư trú (đăng ký thường trú)',
          rule: { kind: 'set_by_province', province: SEED_PROVINCE, amount: 20000 },
          note: 'Mức do HĐND cấp tỉnh quyết định.',
        },
      ],
      legalBasis: [LAW.cuTru, LAW.nd62, LAW.tt55],
      result: ['Thông báo về kết quả giải quyết, cập nhật thông tin vào Cơ sở dữ liệu về cư trú'],
      conditions: ['Có chỗ ở hợp pháp thuộc phạm vi đăng ký (Điều 20 Luật Cư trú)'],
      components: [],
      formSchema: {
        fields: [
          f('fullName', 'Họ, chữ đệm và tên', 'Full name', 'text', { required: true, maxLength: 100 }),
          f('birthDate', 'Ngày sinh', 'Date of birth', 'date', { required: true, max: 'today' }),
          SEX('sex', 'Giới tính', 'Sex'),
          f('cccd', 'Số định danh cá nhân', 'Citizen ID number', 'cccd', { required: true }),
          f('newAddress', 'Địa chỉ đề nghị đăng ký thường trú', 'Address to register', 'text', {
            required: true,
            maxLength: 250,
          }),
          f('basis', 'Căn cứ đăng ký', 'Basis of the registration', 'select', {
            required: true,
            options: [
              opt('so_huu', 'Chỗ ở hợp pháp thuộc sở hữu của mình', 'Own lawful residence'),
              opt('nhan_than', 'Về ở với người thân (quan hệ nhân thân)', 'Living with a relative'),
              opt('thue_muon', 'Thuê, mượn, ở nhờ', 'Rented or borrowed'),
            ],
          }),
          f('householdHeadName', 'Họ và tên chủ hộ', 'Head of household', 'text', {
            required: true,
            maxLength: 100,
            showIf: { field: 'basis', equals: 'nhan_than' },
          }),
          f('householdHeadCccd', 'Số định danh cá nhân của chủ hộ', 'Head of household’s citizen ID', 'cccd', {
            required: true,
            showIf: { field: 'basis', equals: 'nhan_than' },
          }),
          f('relationshipToHead', 'Quan hệ với chủ hộ', 'Relationship to the head', 'text', {
            required: true,
            maxLength: 50,
            showIf: { field: 'basis', equals: 'nhan_than' },
          }),
          f('phone', 'Số điện thoại liên hệ', 'Contact phone', 'phone', { required: true }),
          f('email', 'Thư điện tử', 'Email', 'email'),
        ],
      },
    },
  },
  {
    code: '1.000656',
    name: 'Đăng ký khai tử',
    field: 'Hộ tịch',
    content: {
      implementingAgency: 'UBND cấp xã',
      timeLimit: {
        unit: 'working_days',
        amount: 0,
        extendedAmount: 3,
        note: 'Ngay trong ngày; trường hợp cần xác minh thì không quá 03 ngày làm việc.',
      },
      channels: IN_PERSON_ONLINE_POSTAL,
      onlineLevel: 'full',
      interAgency: false,
      supplementPolicy: 'restart',
      applicantTypes: ['individual', 'organization'],
      steps: [
        { title: 'Nộp tờ khai và Giấy báo tử' },
        { title: 'Kiểm tra hồ sơ, ghi Sổ hộ tịch' },
        { title: 'Chủ tịch UBND cấp xã ký Trích lục khai tử' },
        { title: 'Trả kết quả' },
      ],
      requiredDocuments: [
        doc('Tờ khai đăng ký khai tử theo mẫu', 1, 0, { template: 'Mẫu tờ khai đăng ký khai tử (TT 04/2020/TT-BTP)' }),
        doc('Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử', 1, 0),
        doc('Giấy tờ tùy thân của người đi đăng ký (xuất trình)', 1, 0),
      ],
      fees: [lateCivilFee('Lệ phí đăng ký khai tử')],
      legalBasis: [LAW.hoTich, LAW.nd123, LAW.tt04, LAW.tt85],
      result: ['Trích lục khai tử (bản chính)'],
      conditions: ['Đăng ký trong 15 ngày kể từ ngày có người chết thì được miễn lệ phí.'],
      components: [],
      formSchema: {
        fields: [
          f('deceasedFullName', 'Họ, chữ đệm và tên người chết', 'Deceased’s full name', 'text', {
            required: true,
            maxLength: 100,
          }),
          f('deceasedBirthDate', 'Ngày sinh người chết', 'Deceased’s date of birth', 'date', {
            required: true,
            max: 'today',
          }),
          f('deceasedCccd', 'Số định danh cá nhân người chết', 'Deceased’s citizen ID number', 'cccd', {
            required: true,
          }),
          f('deathDate', 'Ngày chết', 'Date of death', 'date', { required: true, max: 'today' }),
          f('deathPlace', 'Nơi chết', 'Place of death', 'text', { required: true, maxLength: 250 }),
          f('deathCause', 'Nguyên nhân chết', 'Cause of death', 'text', { maxLength: 250 }),
          f('requesterFullName', 'Họ và tên người đi đăng ký', 'Requester’s full name', 'text', {
            required: true,
            maxLength: 100,
          }),
          f('requesterCccd', 'Số định danh cá nhân người đi đăng ký', 'Requester’s citizen ID number', 'cccd', {
            required: true,
          }),
          f('relationship', 'Quan hệ với người chết', 'Relationship to the deceased', 'text', {
            required: true,
            maxLength: 50,
          }),
          f('phone', 'Số điện thoại liên hệ', 'Contact phone', 'phone', { required: true }),
        ],
      },
    },
  },
  {
    code: 'LT.KT-XTT-MTP',
    name: 'Liên thông đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng phí, tử tuất',
    field: 'Hộ tịch',
    content: {
      implementingAgency:
        'UBND cấp xã; Công an cấp xã; Bảo hiểm xã hội cấp huyện hoặc Phòng Lao động - Thương binh và Xã hội',
      timeLimit: {
        unit: 'working_days',
        amount: 5,
        extendedAmount: null,
        note: 'Khai tử trong ngày; xóa đăng ký thường trú và giải quyết mai táng phí theo thời hạn của từng cơ quan. Tổng thời hạn theo quy trình liên thông của tỉnh.',
      },
      channels: [1, 2],
      onlineLevel: 'full',
      interAgency: true,
      supplementPolicy: 'pause',
      applicantTypes: ['individual'],
      steps: [
        { title: 'Nộp hồ sơ liên thông tại UBND cấp xã hoặc trên Cổng dịch vụ công' },
        { title: 'UBND cấp xã đăng ký khai tử' },
        { title: 'Chuyển hồ sơ đến Công an cấp xã để xóa đăng ký thường trú' },
        { title: 'Chuyển hồ sơ đến cơ quan giải quyết mai táng phí, tử tuất' },
        { title: 'Trả kết quả' },
      ],
      requiredDocuments: [
        doc('Tờ khai điện tử liên thông (khai tử, xóa thường trú, mai táng phí) theo mẫu', 1, 0),
        doc('Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử', 1, 0),
        doc('Giấy tờ chứng minh người chết thuộc diện hưởng mai táng phí', 0, 1, { required: false }),
      ],
      fees: [lateCivilFee('Lệ phí đăng ký khai tử'), { name: 'Xóa đăng ký thường trú', rule: { kind: 'free' } }],
      legalBasis: [LAW.qd296, LAW.hoTich, LAW.nd123, LAW.cuTru, LAW.nd62],
      result: ['Trích lục khai tử', 'Thông báo xóa đăng ký thường trú', 'Quyết định hưởng mai táng phí, tử tuất'],
      conditions: [],
      components: [
        { code: '1.000656', name: 'Đăng ký khai tử', authority: 'UBND cấp xã', timeLimit: 'Trong ngày' },
        { name: 'Xóa đăng ký thường trú', authority: 'Công an cấp xã' },
        {
          name: 'Giải quyết mai táng phí, tử tuất',
          authority: 'Bảo hiểm xã hội cấp huyện hoặc Phòng Lao động - Thương binh và Xã hội',
        },
      ],
      formSchema: {
        fields: [
          f('deceasedFullName', 'Họ, chữ đệm và tên người chết', 'Deceased’s full name', 'text', {
            required: true,
            maxLength: 100,
          }),
          f('deceasedCccd', 'Số định danh cá nhân người chết', 'Deceased’s citizen ID number', 'cccd', {
            required: true,
          }),
          f('deathDate', 'Ngày chết', 'Date of death', 'date', { required: true, max: 'today' }),
          f('deathPlace', 'Nơi chết', 'Place of death', 'text', { required: true, maxLength: 250 }),
          f('requesterFullName', 'Họ và tên người đi đăng ký', 'Requester’s full name', 'text', {
            required: true,
            maxLength: 100,
          }),
          f('requesterCccd', 'Số định danh cá nhân người đi đăng ký', 'Requester’s citizen ID number', 'cccd', {
            required: true,
          }),
          f('claimsFuneralAllowance', 'Đề nghị giải quyết mai táng phí', 'Claim the funeral allowance', 'checkbox'),
          f('allowanceRegime', 'Chế độ hưởng', 'Allowance regime', 'select', {
            required: true,
            showIf: { field: 'claimsFuneralAllowance', equals: true },
            options: [
              opt('bhxh', 'Bảo hiểm xã hội', 'Social insurance'),
              opt('nguoi_co_cong', 'Người có công', 'Person with merit'),
              opt('bao_tro_xa_hoi', 'Bảo trợ xã hội', 'Social assistance'),
            ],
          }),
          f('phone', 'Số điện thoại liên hệ', 'Contact phone', 'phone', { required: true }),
        ],
      },
    },
  },
  {
    code: '1.001612',
    name: 'Đăng ký thành lập hộ kinh doanh',
    field: 'Thành lập và hoạt động của hộ kinh doanh',
    content: {
      implementingAgency: 'Cơ quan đăng ký kinh doanh cấp huyện',
      timeLimit: {
        unit: 'working_days',
        amount: 3,
        extendedAmount: null,
        note: '03 ngày làm việc kể từ ngày nhận hồ sơ hợp lệ.',
      },
      channels: IN_PERSON_ONLINE_POSTAL,
      onlineLevel: 'full',
      interAgency: false,
      supplementPolicy: 'restart',
      applicantTypes: ['individual'],
      steps: [
        { title: 'Nộp Giấy đề nghị đăng ký hộ kinh doanh' },
        { title: 'Kiểm tra tính hợp lệ, cấp Giấy biên nhận' },
        { title: 'Cấp Giấy chứng nhận đăng ký hộ kinh doanh hoặc thông báo sửa đổi, bổ sung' },
      ],
      requiredDocuments: [
        doc('Giấy đề nghị đăng ký hộ kinh doanh', 1, 0, { template: 'Phụ lục III-1 (Thông tư 01/2021/TT-BKHĐT)' }),
        doc('Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh', 0, 1, {
          required: false,
          note: 'Khi các thành viên hộ gia đình cùng đăng ký',
        }),
        doc('Văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh doanh', 0, 1, {
          required: false,
        }),
      ],
      fees: [
        {
          name: 'Lệ phí đăng ký hộ kinh doanh',
          rule: { kind: 'set_by_province', province: SEED_PROVINCE, amount: 100000 },
          note: 'Mức do HĐND cấp tỉnh quyết định.',
        },
      ],
      legalBasis: [LAW.nd01, LAW.tt01kh, LAW.tt85],
      result: ['Giấy chứng nhận đăng ký hộ kinh doanh'],
      conditions: [
        'Ngành, nghề đăng ký kinh doanh không bị cấm',
        'Tên hộ kinh doanh đặt theo đúng quy định (Điều 88 Nghị định 01/2021/NĐ-CP)',
      ],
      components: [],
      formSchema: {
        fields: [
          f('businessName', 'Tên hộ kinh doanh', 'Business name', 'text', { required: true, maxLength: 200 }),
          f('address', 'Địa điểm kinh doanh', 'Business address', 'text', { required: true, maxLength: 250 }),
          f('businessLines', 'Ngành, nghề kinh doanh', 'Lines of business', 'textarea', {
            required: true,
            maxLength: 2000,
          }),
          f('capital', 'Vốn kinh doanh (đồng)', 'Capital (đồng)', 'number', { required: true, min: 0 }),
          f('employees', 'Số lượng lao động', 'Employees', 'number', { min: 0, max: 100000 }),
          f('ownerFullName', 'Họ và tên chủ hộ kinh doanh', 'Owner’s full name', 'text', {
            required: true,
            maxLength: 100,
          }),
          f('ownerCccd', 'Số định danh cá nhân của chủ hộ kinh doanh', 'Owner’s citizen ID number', 'cccd', {
            required: true,
          }),
          f('familyMembers', 'Các thành viên hộ gia đình cùng đăng ký', 'Family members registering', 'checkbox'),
          f('membersList', 'Danh sách thành viên (họ tên, số định danh)', 'Members (name, ID number)', 'textarea', {
            required: true,
            maxLength: 2000,
            showIf: { field: 'familyMembers', equals: true },
          }),
          f('phone', 'Số điện thoại', 'Phone', 'phone', { required: true }),
          f('email', 'Thư điện tử', 'Email', 'email'),
        ],
      },
    },
  },
];

/**
 * Loads the demo catalogue: each procedure that is not yet in the catalogue gets its published version 1 in force
 * from 2025-01-01. Procedures already there are left alone (an admin may have versioned them). Idempotent; returns
 * how many procedures were added.
 */
export function seedProcedures(
  dataSource: DataSource,
  seeds: readonly ProcedureSeed[] = DEMO_PROCEDURES,
): Promise<number> {
  return insertProcedureSeeds(dataSource, seeds, SEED_EFFECTIVE_FROM);
}
