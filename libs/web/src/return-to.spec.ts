import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it.each([
    ['/account', '/account'],
    ['/dossiers?status=new', '/dossiers?status=new'],
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['/auth/logout', '/'],
    ['/x\r\nSet-Cookie: a=b', '/'],
    [undefined, '/'],
    [42, '/'],
  ])('%p → %p', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});
