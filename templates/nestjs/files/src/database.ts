import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { migrations } from './migrations/index.js';

/** The part of a better-sqlite3 connection used here. */
interface SqliteConnection {
  pragma(source: string): unknown;
}

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

/**
 * The SQLite settings of every starter of the API contract: a 201 means the record is on
 * disk (synchronous=FULL, in WAL mode), a writer waits up to 5 s for a lock rather than
 * failing, and foreign keys are enforced. better-sqlite3 is synchronous and TypeORM keeps
 * one connection, so writes are serialized by the event loop.
 */
export function applyPragmas(db: SqliteConnection, inMemory: boolean): void {
  if (!inMemory) {
    db.pragma('journal_mode = WAL');
  }
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
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
    prepareDatabase: (db: SqliteConnection) => applyPragmas(db, inMemory),
    timeout: 5000,
    // The schema comes from the migrations in src/migrations, applied on start.
    synchronize: false,
    migrations,
    migrationsRun: true,
    migrationsTableName: 'typeorm_migrations',
  };
}
