// Starts one embedded PostgreSQL for the whole test run and migrates a template database that
// every test file clones (or uses DATABASE_URL's server when given, e.g. in CI with a server).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { findFreePort } from '../src/free-port.ts';
import { enableAppRole, migrate } from '../src/db/migrate.ts';

const TEMPLATE_DB = 'skyddsnat_template';
// The application role is cluster-wide: every test process must use this one password.
const TEST_APP_PASSWORD = 'skyddsnat-app-test-password';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    /** The migrated database every test file clones. */
    pgTemplateDatabase: string;
    /** Password of the cluster-wide application role skyddsnat_app. */
    pgAppPassword: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl: string;
  let stop: () => Promise<void> = async () => undefined;
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    serverUrl = external;
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), 'skyddsnat-test-'));
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await findFreePort(),
      database: 'postgres',
    });
    serverUrl = embedded.ownerUrl;
    stop = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  await migrate(templateUrl.toString());
  await enableAppRole(templateUrl.toString(), TEST_APP_PASSWORD);
  project.provide('pgServerUrl', serverUrl);
  project.provide('pgTemplateDatabase', TEMPLATE_DB);
  project.provide('pgAppPassword', TEST_APP_PASSWORD);
  return stop;
}
