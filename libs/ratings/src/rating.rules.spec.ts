import { checkRating, CRITERION_KEYS, RATING_COMMENT_MAX, RATING_CRITERIA } from './rating.rules';

describe('the rating a citizen gives', () => {
  it('lists the nine points of NĐ 118/2025 Điều 33 khoản 1 in the decree’s order and words', () => {
    expect(RATING_CRITERIA.map((c) => c.letter)).toEqual(['a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i']);
    expect(CRITERION_KEYS).toEqual(['a', 'b', 'c', 'd', 'dd', 'e', 'g', 'h', 'i']);
    expect(RATING_CRITERIA[4]?.vi).toBe(
      'Thái độ ứng xử của cán bộ, công chức, viên chức hướng dẫn, tiếp nhận hồ sơ, giải quyết thủ tục hành chính',
    );
    expect(RATING_CRITERIA[8]?.vi).toBe('Các nội dung khác theo đánh giá của tổ chức, cá nhân');
    for (const c of RATING_CRITERIA) expect(c.en.length).toBeGreaterThan(10);
  });

  it('takes a level, the points answered and a trimmed comment; no opinion is no answer', () => {
    expect(
      checkRating({
        level: 'unsatisfied',
        criteria: { a: 'satisfied', dd: 'unsatisfied', b: '', c: 'none', d: null },
        comment: '  Chờ lâu.\r\nCần thêm ghế.  ',
      }),
    ).toEqual({
      ok: true,
      value: {
        level: 'unsatisfied',
        criteria: { a: 'satisfied', dd: 'unsatisfied' },
        comment: 'Chờ lâu.\nCần thêm ghế.',
      },
    });
    expect(checkRating({ level: 'very_satisfied', comment: '   ' })).toEqual({
      ok: true,
      value: { level: 'very_satisfied', criteria: {}, comment: null },
    });
  });

  it('names every field it refuses', () => {
    const fields = (raw: Parameters<typeof checkRating>[0]) => {
      const r = checkRating(raw);
      return r.ok ? [] : r.problems.map((p) => p.field);
    };
    expect(fields({})).toEqual(['level']);
    expect(fields({ level: 'Hài lòng' })).toEqual(['level']);
    expect(fields({ level: 'satisfied', criteria: ['a'] })).toEqual(['criteria']);
    expect(fields({ level: 'satisfied', criteria: { f: 'satisfied', a: 'good' } })).toEqual([
      'criteria.f',
      'criteria.a',
    ]);
    expect(fields({ level: 'satisfied', comment: 'x'.repeat(RATING_COMMENT_MAX + 1) })).toEqual(['comment']);
    expect(fields({ level: 'satisfied', comment: 'ổ'.repeat(RATING_COMMENT_MAX) })).toEqual([]);
    expect(fields({ level: 'satisfied', comment: 'a\u0007b' })).toEqual(['comment']);
    expect(fields({ level: 'satisfied', comment: 12 })).toEqual(['comment']);
  });
});
