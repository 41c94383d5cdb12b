import { firstRow } from './rows';

describe('firstRow', () => {
  it('returns the first row of a result', () => {
    expect(firstRow([{ id: 'a' }, { id: 'b' }], 'dossier')).toEqual({ id: 'a' });
  });

  it('names what is missing when the query returned no row', () => {
    expect(() => firstRow([], 'procedure version')).toThrow(
      'Expected a procedure version row; the query returned none',
    );
  });
});
