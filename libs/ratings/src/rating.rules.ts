import type { FieldProblem } from '@app/observability';

/** The three levels a citizen rates the handling of a dossier with (QĐ 766/QĐ-TTg's satisfaction indicator). */
export const RATING_LEVELS = ['very_satisfied', 'satisfied', 'unsatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

/** The level's own words, as the rules and the national portal say them. */
export const RATING_LEVEL_TEXT: Readonly<Record<RatingLevel, { vi: string; en: string }>> = {
  very_satisfied: { vi: 'Rất hài lòng', en: 'Very satisfied' },
  satisfied: { vi: 'Hài lòng', en: 'Satisfied' },
  unsatisfied: { vi: 'Không hài lòng', en: 'Not satisfied' },
};

export interface RatingCriterion {
  /** Stored key (ASCII: `dd` for the letter đ). */
  key: string;
  /** The point's letter in the article. */
  letter: string;
  /** The decree's words, as published. */
  vi: string;
  /** Our translation, for the English pages. */
  en: string;
}

/**
 * What citizens evaluate the handling of a procedure on: NĐ 118/2025/NĐ-CP Điều 33 khoản 1, points a–i, word for word
 * (the trailing ";" of each point dropped). Each is answered with one of the three levels, or left without an opinion.
 */
export const RATING_CRITERIA: readonly RatingCriterion[] = [
  {
    key: 'a',
    letter: 'a',
    vi: 'Thời gian trả kết quả giải quyết, xử lý hồ sơ thủ tục hành chính so với quy định hoặc yêu cầu của cơ quan, đơn vị chủ trì',
    en: 'When the result of the procedure was returned, compared with the rules or with what the lead agency required',
  },
  {
    key: 'b',
    letter: 'b',
    vi: 'Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ thủ tục hành chính',
    en: 'How many agencies, units and organisations you had to contact to complete the dossier',
  },
  {
    key: 'c',
    letter: 'c',
    vi: 'Số lần phải liên hệ với cơ quan tiếp nhận để hoàn thiện hồ sơ thủ tục hành chính',
    en: 'How many times you had to contact the receiving agency to complete the dossier',
  },
  {
    key: 'd',
    letter: 'd',
    vi: 'Tính chính xác, đầy đủ, kịp thời của thông tin thủ tục hành chính được công khai so với quy định',
    en: 'How accurate, complete and timely the published information on the procedure is, compared with the rules',
  },
  {
    key: 'dd',
    letter: 'đ',
    vi: 'Thái độ ứng xử của cán bộ, công chức, viên chức hướng dẫn, tiếp nhận hồ sơ, giải quyết thủ tục hành chính',
    en: 'The conduct of the officials who guided you, received the dossier and handled the procedure',
  },
  {
    key: 'e',
    letter: 'e',
    vi: 'Sự phù hợp với pháp luật của kết quả giải quyết thủ tục hành chính và chi phí thực hiện thủ tục hành chính; các chi phí phát sinh ngoài quy định của pháp luật khi thực hiện các thủ tục hành chính',
    en: 'Whether the result and the cost of the procedure conform to the law; any cost beyond what the law provides',
  },
  {
    key: 'g',
    letter: 'g',
    vi: 'Thời gian và chất lượng ý kiến giải trình của cơ quan có thẩm quyền, cán bộ, công chức, viên chức đối với các ý kiến phản ánh, kiến nghị, khiếu nại, tố cáo của tổ chức, cá nhân',
    en: 'How soon and how well the competent agency and its officials answered feedback, petitions, complaints and denunciations',
  },
  {
    key: 'h',
    letter: 'h',
    vi: 'Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến của cơ quan có thẩm quyền',
    en: 'How quickly and how well the competent agency provides its online public services',
  },
  {
    key: 'i',
    letter: 'i',
    vi: 'Các nội dung khác theo đánh giá của tổ chức, cá nhân',
    en: 'Anything else, as you judge it',
  },
];

export const CRITERION_KEYS: readonly string[] = RATING_CRITERIA.map((c) => c.key);

/** The longest comment kept, in characters. */
export const RATING_COMMENT_MAX = 1000;

/** A rating as given: the overall level, the criteria answered, and the comment (null when none). */
export interface RatingInput {
  level: RatingLevel;
  criteria: Partial<Record<string, RatingLevel>>;
  comment: string | null;
}

export function isRatingLevel(value: unknown): value is RatingLevel {
  return typeof value === 'string' && (RATING_LEVELS as readonly string[]).includes(value);
}

/** Line breaks normalised, other control characters refused. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Checks a rating as sent (a page's fields or an API body): `level` one of the three; `criteria` an object whose keys
 * are criteria and whose values are levels (a missing, empty or `none` answer is no opinion); `comment` optional text of
 * at most RATING_COMMENT_MAX characters. Problems name the field (`level`, `criteria.dd`, `comment`).
 */
export function checkRating(raw: {
  level?: unknown;
  criteria?: unknown;
  comment?: unknown;
}): { ok: true; value: RatingInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!isRatingLevel(raw.level)) {
    problems.push({
      field: 'level',
      code: 'required',
      messages: [`must be one of ${RATING_LEVELS.join(', ')}`],
    });
  }
  const criteria: Partial<Record<string, RatingLevel>> = {};
  if (raw.criteria !== undefined && raw.criteria !== null) {
    if (typeof raw.criteria !== 'object' || Array.isArray(raw.criteria)) {
      problems.push({ field: 'criteria', messages: ['must be an object of criterion → level'] });
    } else {
      for (const [key, value] of Object.entries(raw.criteria as Record<string, unknown>)) {
        if (!CRITERION_KEYS.includes(key)) {
          problems.push({ field: `criteria.${key}`, messages: [`is not a criterion (${CRITERION_KEYS.join(', ')})`] });
        } else if (value === undefined || value === null || value === '' || value === 'none') {
          continue;
        } else if (!isRatingLevel(value)) {
          problems.push({ field: `criteria.${key}`, messages: [`must be one of ${RATING_LEVELS.join(', ')} or none`] });
        } else {
          criteria[key] = value;
        }
      }
    }
  }
  let comment: string | null = null;
  if (raw.comment !== undefined && raw.comment !== null) {
    if (typeof raw.comment !== 'string') {
      problems.push({ field: 'comment', messages: ['must be text'] });
    } else {
      const text = raw.comment.replace(/\r\n?/g, '\n').trim();
      if ([...text].length > RATING_COMMENT_MAX) {
        problems.push({
          field: 'comment',
          code: 'too_large',
          messages: [`must be at most ${RATING_COMMENT_MAX} characters`],
        });
      } else if (CONTROL.test(text)) {
        problems.push({ field: 'comment', messages: ['must not contain control characters'] });
      } else {
        comment = text === '' ? null : text;
      }
    }
  }
  if (problems.length > 0 || !isRatingLevel(raw.level)) return { ok: false, problems };
  return { ok: true, value: { level: raw.level, criteria, comment } };
}
