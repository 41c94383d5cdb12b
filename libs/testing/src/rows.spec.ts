import { entry, first, last, nth, only } from './rows';

describe('test row helpers', () => {
  const rows = ['a', 'b', 'c'];

  it('return the element asked for', () => {
    expect([first(rows), nth(rows, 1), last(rows), nth(rows, -2)]).toEqual(['a', 'b', 'c', 'b']);
    expect(only(['x'])).toBe('x');
    expect(entry({ police: 'token' }, 'police')).toBe('token');
  });

  it('throw a message naming what is missing instead of returning undefined', () => {
    expect(() => first([], 'delivery')).toThrow('Expected a delivery at index 0, got 0 item(s)');
    expect(() => nth(rows, 3)).toThrow('Expected a row at index 3, got 3 item(s)');
    expect(() => only(rows, 'case')).toThrow('Expected exactly one case, got 3');
    expect(() => entry({}, 'bhxh', 'token')).toThrow('Expected a token for "bhxh"');
  });
});
