import { SnakeNamingStrategy, toSnakeCase } from './snake-naming.strategy';

describe('SnakeNamingStrategy', () => {
  it('turns class and property names into singular snake_case', () => {
    const s = new SnakeNamingStrategy();
    expect(s.tableName('UserProfile', undefined)).toBe('user_profile');
    expect(s.tableName('UserProfile', 'custom')).toBe('custom');
    expect(s.columnName('lastLoginAt', undefined, [])).toBe('last_login_at');
    expect(s.columnName('id', undefined, ['address'])).toBe('address_id');
    expect(s.joinColumnName('parent', 'id')).toBe('parent_id');
    expect(toSnakeCase('HTTPServerURL')).toBe('http_server_url');
  });
});
