// Applies the plain SQL migrations in migrations/ in name order, each once, in a transaction.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
// Any fixed number: serialises concurrent starts so two processes never migrate at once.
const MIGRATION_LOCK_KEY = 7_411_202_602;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

async function readMigrations(): Promise<MigrationFile[]> {
  const names = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    if (!/^\d{4}_[a-z0-9_]+\.sql$/.test(name)) {
      throw new MigrationError(`Migration file name must look like 0001_name.sql: ${name}`);
    }
    const sql = await readFile(MIGRATIONS_DIR + name, 'utf8');
    files.push({ name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return files;
}

/**
 * Runs pending migrations as the owner role. An applied migration whose file changed is an
 * error: migrations are append-only, corrections are new files.
 */
export async function migrate(ownerUrl: string): Promise<MigrationResult> {
  const files = await readMigrations();
  const client = new pg.Client({
    connectionString: ownerUrl,
    application_name: 'skyddsnat-migrate',
  });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS public.schema_migration (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM public.schema_migration ORDER BY name',
    );
    const appliedChecksums = new Map(rows.map((row) => [row.name, row.checksum]));
    for (const [name, checksum] of appliedChecksums) {
      const file = files.find((candidate) => candidate.name === name);
      if (!file)
        throw new MigrationError(`Applied migration ${name} is missing from ${MIGRATIONS_DIR}`);
      if (file.checksum !== checksum) {
        throw new MigrationError(
          `Applied migration ${name} was changed; add a new migration instead`,
        );
      }
    }
    const applied: string[] = [];
    for (const file of files) {
      if (appliedChecksums.has(file.name)) continue;
      try {
        await client.query('BEGIN');
        await client.query(file.sql);
        await client.query('INSERT INTO public.schema_migration (name, checksum) VALUES ($1, $2)', [
          file.name,
          file.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        const message = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`Migration ${file.name} failed: ${message}`);
      }
      applied.push(file.name);
    }
    return { applied, alreadyApplied: appliedChecksums.size };
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await client.end();
  }
}

/** Lets the application role log in with the configured password (roles are cluster-wide). */
export async function enableAppRole(ownerUrl: string, appPassword: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const quoted = (
      await client.query<{ q: string }>('SELECT quote_literal($1) AS q', [appPassword])
    ).rows[0]?.q;
    if (!quoted) throw new MigrationError('Could not quote the application password');
    // ALTER ROLE cannot take bind parameters; the literal is quoted by the server itself.
    await client.query(`ALTER ROLE skyddsnat_app LOGIN PASSWORD ${quoted}`);
  } finally {
    await client.end();
  }
}
