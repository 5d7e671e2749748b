import { sqlitePath } from './database.js';

describe('sqlitePath', () => {
  it('reads relative, absolute and in-memory URLs', () => {
    expect(sqlitePath('sqlite:///./data/app.db')).toBe('./data/app.db');
    expect(sqlitePath('sqlite:////tmp/app.db')).toBe('/tmp/app.db');
    expect(sqlitePath('sqlite:///:memory:')).toBe(':memory:');
  });

  it('rejects other URLs', () => {
    expect(() => sqlitePath('postgres://localhost/app')).toThrow();
  });
});
