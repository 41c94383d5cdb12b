import { inputProblems, MAX_INPUT_DEPTH } from './input-rules';

describe('request input PostgreSQL could not store', () => {
  it('names the field of a NUL or an unpaired surrogate, in values and in keys', () => {
    expect(inputProblems({ name: 'a\u0000b' }, '')).toEqual([
      { field: 'name', messages: ['must not contain a NUL character (\\u0000)'] },
    ]);
    expect(inputProblems({ formSchema: { fields: [{}, {}, { key: 'x\uD800' }] } }, '')).toEqual([
      {
        field: 'formSchema.fields[2].key',
        messages: ['must be valid Unicode text (it contains an unpaired surrogate)'],
      },
    ]);
    expect(inputProblems({ data: { ['k\uDC00']: 1 } }, '')).toEqual([
      { field: 'data.k?', messages: ['name must be valid Unicode text (it contains an unpaired surrogate)'] },
    ]);
    expect(inputProblems({ q: '\u0000' }, 'query.')).toEqual([
      { field: 'query.q', messages: ['must not contain a NUL character (\\u0000)'] },
    ]);
    expect(inputProblems('\uDFFF', '')).toEqual([{ field: 'body', messages: [expect.stringMatching(/surrogate/)] }]);
  });

  it('lets well-formed text through, Vietnamese and astral characters included', () => {
    expect(inputProblems({ họTên: 'Nguyễn Thị Ánh 😀', list: ['𝒜', 'ệ'], n: 1, b: true, z: null, e: '' }, '')).toEqual(
      [],
    );
  });

  it('bounds the depth without recursion, whatever the depth', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(inputProblems(deep, '')).toEqual([
      { field: `${'[0]'.repeat(MAX_INPUT_DEPTH)}`, messages: [`is nested deeper than ${MAX_INPUT_DEPTH} levels`] },
    ]);
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) ok = { a: ok };
    expect(inputProblems(ok, '')).toEqual([]);
  });

  it('stops after a bounded number of problems', () => {
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`f${i}`, '\u0000']));
    expect(inputProblems(many, '')).toHaveLength(10);
  });
});
