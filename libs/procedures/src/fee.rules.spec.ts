import { computeFee, describeFeeRule, FeeRule, validateFeeItems, validateFeeRule } from './fee.rules';

/** Chứng thực bản sao từ bản chính (TT 226/2016/TT-BTC): 2,000đ/page, 1,000đ/page from page 3, cap 200,000đ/copy. */
const certifiedCopy: FeeRule = {
  kind: 'per_page',
  tiers: [
    { fromPage: 1, perPage: 2000 },
    { fromPage: 3, perPage: 1000 },
  ],
  capPerCopy: 200000,
};

describe('computeFee', () => {
  it.each([
    [1, 2000],
    [2, 4000],
    [3, 5000],
    [10, 12000],
    [198, 200000],
    [300, 200000],
  ])('certified copy of %i page(s) costs %i đồng', (pages, fee) => {
    expect(computeFee(certifiedCopy, { pages })).toBe(fee);
  });

  it('multiplies by copies, the cap applying per copy', () => {
    expect(computeFee(certifiedCopy, { pages: 3, copies: 2 })).toBe(10000);
    expect(computeFee(certifiedCopy, { pages: 300, copies: 2 })).toBe(400000);
  });

  it('is free, free when on time, fixed or the province’s amount', () => {
    expect(computeFee({ kind: 'free' })).toBe(0);
    expect(computeFee({ kind: 'free_when_on_time', lateAmount: 5000 })).toBe(0);
    expect(computeFee({ kind: 'free_when_on_time', lateAmount: 5000 }, { late: true })).toBe(5000);
    expect(computeFee({ kind: 'fixed', amount: 20000 }, { copies: 3 })).toBe(60000);
    expect(computeFee({ kind: 'set_by_province', province: 'Thừa Thiên Huế', amount: 10000 })).toBe(10000);
  });

  it('refuses impossible page counts', () => {
    expect(() => computeFee(certifiedCopy, { pages: 0 })).toThrow(/pages/);
    expect(() => computeFee(certifiedCopy, { pages: 2.5 })).toThrow(/pages/);
  });

  it('describes a rule for people', () => {
    expect(describeFeeRule(certifiedCopy)).toBe('2.000đ/trang; từ trang thứ 3: 1.000đ/trang; tối đa 200.000đ/bản');
  });
});

describe('validateFeeRule', () => {
  it('accepts the rules of the catalogue', () => {
    expect(validateFeeRule(certifiedCopy, 'r')).toEqual([]);
    expect(
      validateFeeRule(
        { kind: 'set_by_province', province: 'Huế', amount: 5000, range: { min: 3000, max: 15000 } },
        'r',
      ),
    ).toEqual([]);
  });

  it('names the field of each problem: non-integer money, unknown kind, amount outside the range', () => {
    expect(validateFeeRule({ kind: 'fixed', amount: 1000.5 }, 'fees[0].rule').map((e) => e.field)).toEqual([
      'fees[0].rule.amount',
    ]);
    expect(validateFeeRule({ kind: 'discount' }, 'r').map((e) => e.field)).toEqual(['r.kind']);
    expect(
      validateFeeRule(
        { kind: 'set_by_province', province: 'Huế', amount: 20000, range: { min: 3000, max: 15000 } },
        'r',
      ).map((e) => e.field),
    ).toEqual(['r.amount']);
    expect(
      validateFeeRule({ kind: 'per_page', tiers: [{ fromPage: 2, perPage: 1000 }] }, 'r').map((e) => e.field),
    ).toEqual(['r.tiers[0].fromPage']);
    expect(validateFeeItems([{ rule: { kind: 'free' } }], 'fees').map((e) => e.field)).toEqual(['fees[0].name']);
  });
});
