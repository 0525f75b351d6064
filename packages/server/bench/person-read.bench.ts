// Benchmark: person-page reads per second with access logging, without it, and a plain indexed
// SELECT loop on the same database as the machine's baseline. All measured in the same run, in
// alternating rounds, and reported as ratios (shared machines are noisy; absolute numbers are not).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createApp } from '../src/app.ts';
import { findFreePort } from '../src/free-port.ts';
import { loadConfig } from '../src/config.ts';
import { appConnectionString, createDb } from '../src/db/database.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { enableAppRole, migrate } from '../src/db/migrate.ts';
import { DatabaseAccessLog, type AccessLogWriter } from '../src/modules/access-log/access-log.ts';
import { DEMO_PASSWORD, seedDemoMunicipality } from '../src/demo/seed.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2000);
const APP_PASSWORD = 'skyddsnat-app-bench-password';

/** Marks the read as logged without writing: only for measuring what the log costs. */
class NoAccessLog implements AccessLogWriter {
  async record(request: Parameters<AccessLogWriter['record']>[0]): Promise<void> {
    request.accessLogged = true;
  }
}

async function timed(label: string, body: (i: number) => Promise<void>): Promise<number> {
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < ROUND_MS) {
    await body(count);
    count += 1;
  }
  const perSecond = (count * 1000) / (performance.now() - start);
  process.stdout.write(`  ${label.padEnd(28)} ${perSecond.toFixed(0).padStart(7)} /s\n`);
  return perSecond;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'skyddsnat-bench-'));
  console.log('Starting a private embedded PostgreSQL for the benchmark…');
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await findFreePort(),
    database: 'bench',
  });
  try {
    await migrate(pg.ownerUrl);
    await enableAppRole(pg.ownerUrl, APP_PASSWORD);
    await seedDemoMunicipality(pg.ownerUrl);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: pg.ownerUrl,
      DATABASE_APP_PASSWORD: APP_PASSWORD,
      LOG_LEVEL: 'silent',
      LOGIN_MAX_FAILURES: '100',
    });
    const db = createDb(appConnectionString(pg.ownerUrl, APP_PASSWORD));
    const logged = await createApp({
      config,
      db,
      logger: false,
      accessLog: new DatabaseAccessLog(db),
    });
    const unlogged = await createApp({ config, db, logger: false, accessLog: new NoAccessLog() });

    const loginRes = await logged.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'socialsekreterare', password: DEMO_PASSWORD },
    });
    if (loginRes.statusCode !== 200) throw new Error(`login failed: ${loginRes.body}`);
    const cookie = loginRes.cookies.find((c) => c.name === 'skyddsnat_session');
    if (!cookie) throw new Error('no session cookie');
    const headers = { cookie: `${cookie.name}=${cookie.value}` };
    // Persons this social worker may read: unprotected, in a district the joint unit serves.
    const persons = (
      await db
        .selectFrom('app.person as p')
        .innerJoin('app.district as d', 'd.id', 'p.district_id')
        .select('p.id')
        .where('p.protection', '=', 'none')
        .where('d.name', '!=', 'Farsta')
        .execute()
    ).map((row) => row.id);
    const pick = (i: number): string => persons[(i * 7919) % persons.length] ?? '';

    const readPage = (app: typeof logged) => async (i: number) => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/persons/${pick(i)}`, headers });
      if (res.statusCode !== 200) throw new Error(`read failed: ${res.statusCode} ${res.body}`);
    };
    const baselineSelect = async (i: number) => {
      await sql`select id, first_name, last_name, street_address from app.person where id = ${pick(i)}`.execute(
        db,
      );
    };

    // Warm up every path once.
    for (let i = 0; i < 200; i += 1) {
      await readPage(logged)(i);
      await readPage(unlogged)(i);
      await baselineSelect(i);
    }
    const results = {
      baseline: [] as number[],
      withLog: [] as number[],
      withoutLog: [] as number[],
    };
    for (let round = 1; round <= ROUNDS; round += 1) {
      console.log(`Round ${round}/${ROUNDS} (${ROUND_MS} ms per measurement)`);
      results.baseline.push(await timed('plain indexed SELECT', baselineSelect));
      results.withoutLog.push(await timed('person page, no logging', readPage(unlogged)));
      results.withLog.push(await timed('person page, with logging', readPage(logged)));
    }
    const baseline = median(results.baseline);
    const withLog = median(results.withLog);
    const withoutLog = median(results.withoutLog);
    const cost = 1 - withLog / withoutLog;
    const entries = await sql<{
      n: number;
    }>`select count(*)::int as n from audit.access_log`.execute(db);
    console.log('\nMedians over rounds:');
    console.log(`  baseline (plain indexed SELECT)     ${baseline.toFixed(0)} /s`);
    console.log(
      `  person page without access logging  ${withoutLog.toFixed(0)} /s  (${(withoutLog / baseline).toFixed(3)} × baseline)`,
    );
    console.log(
      `  person page with access logging     ${withLog.toFixed(0)} /s  (${(withLog / baseline).toFixed(3)} × baseline)`,
    );
    console.log(`  with/without logging ratio          ${(withLog / withoutLog).toFixed(3)}`);
    console.log(`  logging cost                        ${(cost * 100).toFixed(1)} % (goal ≤ 15 %)`);
    console.log(`  access-log entries written          ${entries.rows[0]?.n ?? 0}`);
    await logged.close();
    await unlogged.close();
    await db.destroy();
  } finally {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
