import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { databaseOptions, sqlitePath } from './database.js';

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

describe('databaseOptions', () => {
  it('sets the pragmas of the contract on a file database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'db-'));
    const options = databaseOptions(`sqlite:///${dir}/app.db`) as DataSourceOptions;
    const source = await new DataSource(options).initialize();
    try {
      const pragma = (name: string) => source.query(`PRAGMA ${name}`);
      expect(await pragma('journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await pragma('synchronous')).toEqual([{ synchronous: 2 }]);
      expect(await pragma('busy_timeout')).toEqual([{ timeout: 5000 }]);
      expect(await pragma('foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await source.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
