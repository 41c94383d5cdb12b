import type { DataSource } from 'typeorm';

/** The ward's people's committee and its police: the units of the demo categories. */
const WARD = '000.17.22.H56';
const POLICE = '000.31.22.H56';

interface CategorySeed {
  code: string;
  vi: string;
  en: string;
  descVi: string;
  descEn: string;
  group: [string, string];
  agency: string;
  limit: [number, 'working_hours' | 'working_days'];
  urgent?: boolean;
}

const INFRA: [string, string] = ['Hạ tầng đô thị', 'Urban infrastructure'];
const ENV: [string, string] = ['Môi trường', 'Environment'];
const ORDER: [string, string] = ['Trật tự, an ninh', 'Order and security'];

/**
 * The demo's report categories, after the fields Huế's Hue-S "phản ánh hiện trường" lists (môi trường, giao thông,
 * trật tự đô thị, chiếu sáng, cấp thoát nước, cây xanh, an ninh trật tự …), each with the unit that handles it by
 * default and its response limit on the working calendar. Urgent ones alert the operations desk at once.
 */
export const DEMO_FEEDBACK_CATEGORIES: readonly CategorySeed[] = [
  {
    code: 'moi_truong',
    vi: 'Vệ sinh môi trường, rác thải',
    en: 'Rubbish and sanitation',
    descVi: 'Rác thải, xả thải, ô nhiễm, vệ sinh nơi công cộng.',
    descEn: 'Rubbish, dumping, pollution, public cleanliness.',
    group: ENV,
    agency: WARD,
    limit: [3, 'working_days'],
  },
  {
    code: 'giao_thong',
    vi: 'Hạ tầng giao thông',
    en: 'Roads and pavements',
    descVi: 'Ổ gà, hư hỏng mặt đường, vỉa hè, biển báo, đèn tín hiệu.',
    descEn: 'Potholes, damaged roads and pavements, signs, traffic lights.',
    group: INFRA,
    agency: WARD,
    limit: [5, 'working_days'],
  },
  {
    code: 'trat_tu_do_thi',
    vi: 'Trật tự đô thị',
    en: 'Urban order',
    descVi: 'Lấn chiếm vỉa hè, lòng đường; xây dựng không phép; quảng cáo sai quy định.',
    descEn: 'Encroached pavements and roads, unlicensed building, illegal advertising.',
    group: ORDER,
    agency: WARD,
    limit: [5, 'working_days'],
  },
  {
    code: 'chieu_sang',
    vi: 'Chiếu sáng công cộng',
    en: 'Street lighting',
    descVi: 'Đèn đường không sáng, sáng ban ngày, cột đèn hư hỏng.',
    descEn: 'Street lights out or on by day, damaged lamp posts.',
    group: INFRA,
    agency: WARD,
    limit: [3, 'working_days'],
  },
  {
    code: 'cap_thoat_nuoc',
    vi: 'Cấp, thoát nước',
    en: 'Water and drainage',
    descVi: 'Ngập úng, tắc cống, mất nắp hố ga, vỡ ống nước.',
    descEn: 'Flooding, blocked drains, missing manhole covers, burst pipes.',
    group: INFRA,
    agency: WARD,
    limit: [2, 'working_days'],
  },
  {
    code: 'cay_xanh',
    vi: 'Cây xanh',
    en: 'Trees and green spaces',
    descVi: 'Cây nghiêng, cành khô cần cắt tỉa, chặt phá cây xanh.',
    descEn: 'Leaning trees, dead branches to prune, trees cut down.',
    group: ENV,
    agency: WARD,
    limit: [5, 'working_days'],
  },
  {
    code: 'cay_do_dien_ho',
    vi: 'Cây đổ, dây điện đứt, sự cố nguy hiểm',
    en: 'Fallen tree, broken power line, danger',
    descVi: 'Sự cố đang gây nguy hiểm: cây đổ chắn đường, dây điện đứt, hố sâu không rào chắn.',
    descEn: 'A present danger: a fallen tree across the road, a broken power line, an unfenced hole.',
    group: INFRA,
    agency: WARD,
    limit: [4, 'working_hours'],
    urgent: true,
  },
  {
    code: 'an_ninh_trat_tu',
    vi: 'An ninh trật tự',
    en: 'Public order and safety',
    descVi: 'Gây rối, tụ tập, tiếng ồn ban đêm, trộm cắp.',
    descEn: 'Disturbances, gatherings, night noise, theft.',
    group: ORDER,
    agency: POLICE,
    limit: [1, 'working_days'],
  },
];

/** Loads the demo categories (idempotent: each category keeps its settings once an administrator changed them). */
export async function seedFeedbackCategories(ds: DataSource): Promise<void> {
  for (const [i, c] of DEMO_FEEDBACK_CATEGORIES.entries()) {
    await ds.query(
      `INSERT INTO feedback_category (code, name_vi, name_en, description_vi, description_en, group_vi, group_en,
              default_agency_id, limit_value, limit_unit, urgent, sort)
       SELECT $1, $2, $3, $4, $5, $6, $7, a.id, $9, $10, $11, $12 FROM agency a WHERE a.code = $8
       ON CONFLICT (code) DO NOTHING`,
      [
        c.code,
        c.vi,
        c.en,
        c.descVi,
        c.descEn,
        c.group[0],
        c.group[1],
        c.agency,
        c.limit[0],
        c.limit[1],
        c.urgent ?? false,
        i,
      ],
    );
  }
}
