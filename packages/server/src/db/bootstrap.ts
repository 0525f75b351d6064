// Brings up the database for a process: the embedded server or DATABASE_URL, migrated, with
// the application role enabled. Used by the API, the CLI and the benchmark.
import type { AppConfig } from '../config.ts';
import { appConnectionString, createDb, type Db } from './database.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { enableAppRole, migrate, type MigrationResult } from './migrate.ts';

export interface DatabaseHandle {
  ownerUrl: string;
  appUrl: string;
  /** The least-privileged connection the application uses. */
  db: Db;
  migration: MigrationResult;
  close: () => Promise<void>;
}

export async function openDatabase(
  config: AppConfig,
  log: (message: string) => void,
): Promise<DatabaseHandle> {
  let ownerUrl = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!ownerUrl) {
    log(
      `Starting embedded PostgreSQL in ${config.embeddedPostgres.dir} on port ${config.embeddedPostgres.port}`,
    );
    const embedded = await startEmbeddedPostgres({
      dataDir: config.embeddedPostgres.dir,
      port: config.embeddedPostgres.port,
      database: 'skyddsnat',
    });
    ownerUrl = embedded.ownerUrl;
    stopEmbedded = embedded.stop;
  }
  try {
    const migration = await migrate(ownerUrl);
    if (migration.applied.length > 0) log(`Applied migrations: ${migration.applied.join(', ')}`);
    await enableAppRole(ownerUrl, config.databaseAppPassword);
    const appUrl = appConnectionString(ownerUrl, config.databaseAppPassword);
    const db = createDb(appUrl);
    return {
      ownerUrl,
      appUrl,
      db,
      migration,
      close: async () => {
        await db.destroy();
        await stopEmbedded?.();
      },
    };
  } catch (error) {
    await stopEmbedded?.();
    throw error;
  }
}
