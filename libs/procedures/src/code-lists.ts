import type { FormOption } from './form-schema';

/**
 * The 54 ethnic groups of Việt Nam with their codes, as in the Danh mục các dân tộc Việt Nam (Quyết định
 * 121-TCTK/PPCĐ of the General Statistics Office, 02/03/1979), the list civil-status and residence records use.
 */
export const ETHNIC_GROUPS: ReadonlyArray<readonly [code: string, name: string]> = [
  ['01', 'Kinh'],
  ['02', 'Tày'],
  ['03', 'Thái'],
  ['04', 'Hoa'],
  ['05', 'Khơ-me'],
  ['06', 'Mường'],
  ['07', 'Nùng'],
  ['08', 'Mông'],
  ['09', 'Dao'],
  ['10', 'Gia-rai'],
  ['11', 'Ngái'],
  ['12', 'Ê-đê'],
  ['13', 'Ba-na'],
  ['14', 'Xơ-đăng'],
  ['15', 'Sán Chay'],
  ['16', 'Cơ-ho'],
  ['17', 'Chăm'],
  ['18', 'Sán Dìu'],
  ['19', 'Hrê'],
  ['20', 'Mnông'],
  ['21', 'Ra-glai'],
  ['22', 'Xtiêng'],
  ['23', 'Bru-Vân Kiều'],
  ['24', 'Thổ'],
  ['25', 'Giáy'],
  ['26', 'Cơ-tu'],
  ['27', 'Gié-Triêng'],
  ['28', 'Mạ'],
  ['29', 'Khơ-mú'],
  ['30', 'Co'],
  ['31', 'Tà-ôi'],
  ['32', 'Chơ-ro'],
  ['33', 'Kháng'],
  ['34', 'Xinh-mun'],
  ['35', 'Hà Nhì'],
  ['36', 'Chu-ru'],
  ['37', 'Lào'],
  ['38', 'La Chí'],
  ['39', 'La Ha'],
  ['40', 'Phù Lá'],
  ['41', 'La Hủ'],
  ['42', 'Lự'],
  ['43', 'Lô Lô'],
  ['44', 'Chứt'],
  ['45', 'Mảng'],
  ['46', 'Pà Thẻn'],
  ['47', 'Cơ Lao'],
  ['48', 'Cống'],
  ['49', 'Bố Y'],
  ['50', 'Si La'],
  ['51', 'Pu Péo'],
  ['52', 'Brâu'],
  ['53', 'Ơ-đu'],
  ['54', 'Rơ-măm'],
];

/** The ethnic groups as select options: value the code, label the group's name (the same in both languages). */
export function ethnicGroupOptions(): FormOption[] {
  return ETHNIC_GROUPS.map(([code, name]) => ({ value: code, label: { vi: name, en: name } }));
}

/** ISO 3166-1 alpha-2 codes of every country and territory (249). */
export const ISO_3166_ALPHA2 = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
  'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
  'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
  'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
  'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

/**
 * Countries as select options for a nationality: value the ISO 3166-1 alpha-2 code, labels the country's name in
 * Vietnamese and English from the Unicode CLDR data built into Node's ICU; Việt Nam first, then by Vietnamese name.
 */
export function countryOptions(): FormOption[] {
  const vi = new Intl.DisplayNames(['vi'], { type: 'region' });
  const en = new Intl.DisplayNames(['en'], { type: 'region' });
  const all = ISO_3166_ALPHA2.map((code) => ({
    value: code,
    label: { vi: vi.of(code) ?? code, en: en.of(code) ?? code },
  }));
  const collator = new Intl.Collator('vi');
  return [
    ...all.filter((o) => o.value === 'VN'),
    ...all.filter((o) => o.value !== 'VN').sort((a, b) => collator.compare(a.label.vi, b.label.vi)),
  ];
}
