// Benchmark: the case file at scale. Generates BENCH_HOUSEHOLDS households and BENCH_NOTES
// journal notes (set-based SQL, see generate-case-file.ts) in a private embedded PostgreSQL,
// then measures p50/p95 of "open case", "my cases", "journal search" and journal writes per
// second through the real app with BENCH_CONCURRENCY requests in flight, each beside a plain SQL
// baseline in the same run. Goal: p95 ≤ 50 ms (open case, my cases), ≤ 100 ms (search).
import { randomBytes, randomUUID } from 'node:crypto';
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
import { DatabaseAccessLog } from '../src/modules/access-log/access-log.ts';
import { SESSION_COOKIE } from '../src/http/access-control.ts';
import { tokenHash } from '../src/modules/auth/session-repository.ts';
import { seedDemoMunicipality } from '../src/demo/seed.ts';
import { generateCaseFile } from './generate-case-file.ts';

const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 100_000);
const NOTES = Number(process.env.BENCH_NOTES ?? 5_000_000);
const OFFICERS = Number(process.env.BENCH_OFFICERS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const APP_PASSWORD = 'skyddsnat-app-bench-password';
// Memory settings of a modest production server (the embedded defaults are 128 MB of buffers).
const BENCH_PG_FLAGS = [
  '-c',
  'shared_buffers=2GB',
  '-c',
  'effective_cache_size=8GB',
  '-c',
  'work_mem=16MB',
  '-c',
  'maintenance_work_mem=1GB',
];
const SEARCH_TERMS = [
  'hyresavi',
  'lönespecifikation',
  'Arbetsförmedlingen',
  'kronofogden',
  'hyresskuld vräkning',
  'läkarintyget',
  'budgetrådgivning',
  'våld',
];

interface Stats {
  p50: number;
  p95: number;
  perSecond: number;
}

/**
 * Saturation: `total` calls with CONCURRENCY in flight back to back (every user clicking again the
 * instant a page arrives): measures capacity, latencies are mostly queueing.
 */
async function saturate(total: number, body: (i: number) => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next;
      next += 1;
      const t = performance.now();
      await body(i);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return stats(latencies, (performance.now() - start) / 1000);
}

/**
 * Concurrent users: CONCURRENCY users, each waiting a think time (exponential, mean THINK_MS)
 * between its requests, until `total` requests are done. Staff read a page before the next
 * click; a mean of one second is a busy office, real work is slower.
 */
async function users(total: number, body: (i: number) => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  const user = async (): Promise<void> => {
    // Users start spread over one think time, as they would.
    await sleep(Math.random() * THINK_MS);
    while (next < total) {
      const i = next;
      next += 1;
      const t = performance.now();
      await body(i);
      latencies.push(performance.now() - t);
      await sleep(-Math.log(1 - Math.random()) * THINK_MS);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, user));
  return stats(latencies, (performance.now() - start) / 1000);
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

function stats(latencies: number[], seconds: number): Stats {
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.floor(q * (latencies.length - 1))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), perSecond: latencies.length / seconds };
}

const fmt = (s: Stats): string =>
  `p50 ${s.p50.toFixed(1).padStart(7)} ms  p95 ${s.p95.toFixed(1).padStart(7)} ms  ${s.perSecond.toFixed(0).padStart(6)} /s`;

async function main(): Promise<void> {
  // BENCH_DATA_DIR keeps the generated cluster between runs (generate once, measure many times);
  // without it the cluster lives in a temporary folder removed at the end.
  const keep = process.env.BENCH_DATA_DIR;
  const dir = keep ? path.resolve(keep) : await mkdtemp(path.join(tmpdir(), 'skyddsnat-bench-'));
  console.log(`Starting a private embedded PostgreSQL for the benchmark in ${dir}…`);
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await findFreePort(),
    database: 'bench',
    postgresFlags: BENCH_PG_FLAGS,
    ...(process.env.BENCH_PG_LOG
      ? {
          onLog: (m: string) => {
            console.error(`[pg] ${m}`);
          },
        }
      : {}),
  });
  try {
    const owner = createDb(pg.ownerUrl, { max: 1 });
    const generated = (
      await sql<{ n: string | null }>`select to_regclass('public.bench_done')::text as n`.execute(
        owner,
      )
    ).rows[0]?.n;
    if (generated) {
      const counts = (
        await sql<{ households: string; notes: string }>`select
          (select count(*) from app.assistance_case) as households,
          (select reltuples::bigint from pg_class where oid = 'app.journal_note'::regclass) as notes`.execute(
          owner,
        )
      ).rows[0];
      console.log(
        `Reusing the generated dataset in ${dir}: ${counts?.households} cases, ~${counts?.notes} journal notes.`,
      );
    } else {
      const started = (
        await sql<{ n: string | null }>`select to_regclass('public.bench_ctx')::text as n`.execute(
          owner,
        )
      ).rows[0]?.n;
      if (started) {
        throw new Error(
          `${dir} holds a dataset whose generation did not finish; remove the folder and run again.`,
        );
      }
      await migrate(pg.ownerUrl);
      await enableAppRole(pg.ownerUrl, APP_PASSWORD);
      await seedDemoMunicipality(pg.ownerUrl);
      console.log(
        `Generating ${HOUSEHOLDS} households, ${NOTES} journal notes, ${OFFICERS} officers…`,
      );
      const genStart = performance.now();
      await generateCaseFile(owner, {
        households: HOUSEHOLDS,
        notes: NOTES,
        officers: OFFICERS,
        log: (m) => {
          console.log(m);
        },
      });
      console.log(`Generation took ${((performance.now() - genStart) / 1000).toFixed(1)} s`);
    }

    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: pg.ownerUrl,
      DATABASE_APP_PASSWORD: APP_PASSWORD,
      LOG_LEVEL: 'silent',
      LOGIN_MAX_FAILURES: '100',
    });
    const db = createDb(appConnectionString(pg.ownerUrl, APP_PASSWORD));
    const app = await createApp({
      config,
      db,
      logger: false,
      accessLog: new DatabaseAccessLog(db),
    });

    // Logged-in officers: sessions inserted like test/support/harness.ts sessionFor does.
    const officers = (
      await sql<{ id: string; municipality_id: string; case_id: string }>`
        select distinct on (u.id) u.id, u.municipality_id, a.case_id
        from app.staff_user u join app.case_assignment a on a.user_id = u.id and a.ended_at is null
        join app.assistance_case c on c.id = a.case_id
        join app.person p on p.id = c.person_id and p.protection = 'none'
        where u.username like 'bench.officer%' order by u.id limit ${CONCURRENCY * 4}`.execute(
        owner,
      )
    ).rows;
    const sessions: {
      userId: string;
      municipalityId: string;
      caseId: string;
      headers: Record<string, string>;
    }[] = [];
    for (const o of officers) {
      const token = randomBytes(32).toString('base64url');
      const csrf = randomUUID();
      await owner
        .insertInto('app.staff_session')
        .values({
          municipality_id: o.municipality_id,
          user_id: o.id,
          token_hash: tokenHash(token),
          csrf_token: csrf,
          auth_method: 'password',
          acr: null,
          client_ip: '127.0.0.1',
          user_agent: 'bench',
          last_seen_at: new Date(),
          expires_at: new Date(Date.now() + 12 * 3_600_000),
        })
        .execute();
      const cookie = `${SESSION_COOKIE}=${app.signCookie(token)}`;
      sessions.push({
        userId: o.id,
        municipalityId: o.municipality_id,
        caseId: o.case_id,
        headers: { cookie, 'x-csrf-token': csrf },
      });
    }
    const session = (i: number) => {
      const s = sessions[i % sessions.length];
      if (!s) throw new Error('no bench session');
      return s;
    };
    const term = (i: number): string => SEARCH_TERMS[i % SEARCH_TERMS.length] ?? 'hyresavi';
    const expect = (status: number, wanted: number, body: string): void => {
      if (status !== wanted) throw new Error(`request failed: ${status} ${body.slice(0, 300)}`);
    };

    const scenarios: {
      name: string;
      app: (i: number) => Promise<void>;
      base: (i: number) => Promise<void>;
      baseName: string;
    }[] = [
      {
        name: 'open case  GET /cases/:id',
        app: async (i) => {
          const s = session(i);
          const r = await app.inject({
            method: 'GET',
            url: `/api/v1/cases/${s.caseId}`,
            headers: s.headers,
          });
          expect(r.statusCode, 200, r.body);
        },
        baseName: 'primary-key select',
        base: async (i) => {
          await sql`select * from app.assistance_case where id = ${session(i).caseId}`.execute(db);
        },
      },
      {
        name: 'my cases  GET /my-cases',
        app: async (i) => {
          const s = session(i);
          const r = await app.inject({
            method: 'GET',
            url: '/api/v1/my-cases',
            headers: s.headers,
          });
          expect(r.statusCode, 200, r.body);
        },
        baseName: 'indexed assignment select',
        base: async (i) => {
          await sql`select a.case_id, c.opened_at from app.case_assignment a
            join app.assistance_case c on c.id = a.case_id
            where a.user_id = ${session(i).userId} and a.ended_at is null and c.status = 'open'`.execute(
            db,
          );
        },
      },
      {
        name: 'journal search  GET /journal-search',
        app: async (i) => {
          const s = session(i);
          const r = await app.inject({
            method: 'GET',
            url: `/api/v1/journal-search?q=${encodeURIComponent(term(i))}`,
            headers: s.headers,
          });
          expect(r.statusCode, 200, r.body);
        },
        baseName: 'text match, 4 000 newest',
        base: async (i) => {
          await sql`select id from (
              select id, search, status from app.journal_note
              where municipality_id = ${session(i).municipalityId}
              order by event_date desc, id desc limit 4000) w
            where search @@ websearch_to_tsquery('swedish', ${term(i)}) and status = 'signed'
            limit 50`.execute(db);
        },
      },
      {
        name: 'journal write  POST journal-notes',
        app: async (i) => {
          const s = session(i);
          const r = await app.inject({
            method: 'POST',
            url: `/api/v1/cases/${s.caseId}/journal-notes`,
            headers: s.headers,
            payload: {
              eventDate: new Date().toISOString().slice(0, 10),
              noteType: 'phone',
              body: `Sökanden ringde om hyresavin, samtal ${i}.`,
            },
          });
          expect(r.statusCode, 201, r.body);
        },
        baseName: 'raw insert',
        base: async (i) => {
          const s = session(i);
          await sql`insert into app.journal_note (municipality_id, case_id, event_date, note_type, body, author_id)
            select municipality_id, id, current_date, 'phone', ${`Sökanden ringde om hyresavin, rå ${i}.`}, ${s.userId}
            from app.assistance_case where id = ${s.caseId}`.execute(db);
        },
      },
    ];
    const report = (sc: { name: string; baseName: string }, real: Stats, base: Stats): void => {
      console.log(`  ${sc.name.padEnd(36)} ${fmt(real)}`);
      console.log(`    baseline: ${sc.baseName.padEnd(26)} ${fmt(base)}`);
      console.log(
        `    ratio app/baseline: p95 ${(real.p95 / base.p95).toFixed(1)} ×, throughput ${(real.perSecond / base.perSecond).toFixed(2)} ×`,
      );
    };
    // Warm up.
    for (const sc of scenarios) {
      await saturate(Math.min(200, REQUESTS), sc.app);
      await saturate(Math.min(200, REQUESTS), sc.base);
    }
    console.log(
      `\n${CONCURRENCY} concurrent users, think time exponential with mean ${THINK_MS} ms, ${REQUESTS} requests each, ${sessions.length} officers:`,
    );
    for (const sc of scenarios) {
      const base = await users(REQUESTS, sc.base);
      const real = await users(REQUESTS, sc.app);
      report(sc, real, base);
    }
    console.log(
      `\nSaturation: ${CONCURRENCY} requests in flight back to back (capacity; latency is queueing):`,
    );
    for (const sc of scenarios) {
      const base = await saturate(REQUESTS, sc.base);
      const real = await saturate(REQUESTS, sc.app);
      report(sc, real, base);
    }
    console.log('\nJournal search per word, one request at a time (service time, 20 each):');
    for (const word of SEARCH_TERMS) {
      const latencies: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const s = session(i * 7);
        const t = performance.now();
        const r = await app.inject({
          method: 'GET',
          url: `/api/v1/journal-search?q=${encodeURIComponent(word)}`,
          headers: s.headers,
        });
        expect(r.statusCode, 200, r.body);
        latencies.push(performance.now() - t);
      }
      const st = stats(latencies, 1);
      console.log(
        `  ${word.padEnd(22)} p50 ${st.p50.toFixed(1).padStart(7)} ms  p95 ${st.p95.toFixed(1).padStart(7)} ms`,
      );
    }
    console.log('Goal: p95 ≤ 50 ms for open case and my cases, ≤ 100 ms for search.');
    await app.close();
    await db.destroy();
    await owner.destroy();
  } finally {
    await pg.stop();
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
