import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';

export const DEFAULT_DATABASE_URL = 'sqlite:///./data/app.db';

/**
 * Turns a SQLAlchemy-style URL into a SQLite file path:
 * `sqlite:///relative/path.db`, `sqlite:////absolute/path.db` or `sqlite:///:memory:`.
 */
export function sqlitePath(url: string): string {
  const prefix = 'sqlite:///';
  if (!url.startsWith(prefix) || url.length === prefix.length) {
    throw new Error(`DATABASE_URL must look like ${DEFAULT_DATABASE_URL}`);
  }
  return url.slice(prefix.length);
}

/** TypeORM options for the database named by `DATABASE_URL`; creates its folder. */
export function databaseOptions(
  url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
): TypeOrmModuleOptions {
  const database = sqlitePath(url);
  const inMemory = database === ':memory:';
  if (!inMemory) {
    mkdirSync(dirname(database), { recursive: true });
  }
  return {
    type: 'better-sqlite3',
    database,
    autoLoadEntities: true,
    // Creates the tables on start; switch to migrations once the schema settles.
    synchronize: true,
    enableWAL: !inMemory,
    timeout: 5000,
  };
}
