// Connection pools and the typed query builder (Kysely over node-postgres).
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export const APP_ROLE = 'skyddsnat_app';

/** Opens a Kysely instance over a pg pool; the caller owns it and must destroy() it. */
export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    // Statements never run longer than this from the application; bulk jobs set their own.
    statement_timeout: 30_000,
    application_name: 'skyddsnat',
  });
  // An idle connection the server drops (a restart, an operator, shutdown) must not take the
  // process down: the pool discards it and the next query opens a new one.
  pool.on('error', (error) => {
    console.error(`[skyddsnät] idle database connection lost: ${error.message}`);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** The application's connection string: same server and database, least-privileged role. */
export function appConnectionString(ownerUrl: string, appPassword: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = appPassword;
  return url.toString();
}
