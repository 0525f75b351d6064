// Benchmark: the monthly payment run for BENCH_PAY_HOUSEHOLDS households (default 100 000) in a
// private embedded PostgreSQL: payment lines planned from signed decisions, the run collected,
// attested twice, and the pain.001 file written (and validated against the XSD) — beside a raw
// insert of the same number of rows measured in the same run. Goal: the whole run ≤ 60 s.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { findFreePort } from '../src/free-port.ts';
import { createDb } from '../src/db/database.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemoMunicipality } from '../src/demo/seed.ts';
import type { Actor } from '../src/modules/auth/actor.ts';
import { validateAgainstXsd } from '../src/modules/payments/iso20022/index.ts';
import { PaymentPlanService } from '../src/modules/payments/plan.ts';
import { PaymentRunService } from '../src/modules/payments/runs.ts';
import { insertPaymentHouseholds } from '../test/support/payment-fixtures.ts';

const HOUSEHOLDS = Number(process.env.BENCH_PAY_HOUSEHOLDS ?? 100_000);
const DATE = '2027-01-25';

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'skyddsnat-bench-pay-'));
  console.log('Starting a private embedded PostgreSQL for the benchmark…');
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await findFreePort(),
    database: 'bench',
  });
  let db: ReturnType<typeof createDb> | undefined;
  try {
    await migrate(pg.ownerUrl);
    await seedDemoMunicipality(pg.ownerUrl, { now: new Date('2026-11-22T10:00:00Z') });
    db = createDb(pg.ownerUrl, { max: 4 });
    const users = await db
      .selectFrom('app.staff_user as u')
      .innerJoin('app.staff_role as r', 'r.user_id', 'u.id')
      .select(['u.id', 'u.username', 'u.municipality_id', 'r.role'])
      .where('u.username', 'in', ['bidrag', 'arbetsledare'])
      .execute();
    const bidrag = users.find((u) => u.username === 'bidrag');
    const ledare = users.find((u) => u.username === 'arbetsledare');
    if (!bidrag || !ledare) throw new Error('demo users bidrag/arbetsledare missing');
    const municipalityId = bidrag.municipality_id;
    const districts = await db.selectFrom('app.district').select('id').execute();
    const unit = await db.selectFrom('app.unit').select('id').executeTakeFirstOrThrow();
    console.log(
      `Generating ${String(HOUSEHOLDS)} households with signed decisions and approved accounts…`,
    );
    let t = performance.now();
    await insertPaymentHouseholds(db, {
      municipalityId,
      districtIds: districts.map((d) => d.id),
      unitId: unit.id,
      officerId: bidrag.id,
      approverId: ledare.id,
      households: HOUSEHOLDS,
      month: '2027-02',
      decisionDate: '2027-01-20',
      firstIndex: 1_000_000,
    });
    await sql`ANALYZE`.execute(db);
    console.log(`Generation took ${seconds(t).toFixed(1)} s`);

    // Baseline: a raw insert of as many rows of the same shape, no checks, no triggers.
    await sql`create unlogged table bench_raw_line (id uuid, decision_id uuid, amount integer, due_date date, end_to_end_id text)`.execute(
      db,
    );
    const ids = Array.from({ length: HOUSEHOLDS }, () => randomUUID());
    t = performance.now();
    await sql`insert into bench_raw_line select id, id, 5000, ${DATE}::date, 'SKN-' || upper(substr(replace(id::text, '-', ''), 1, 28))
      from unnest(${ids}::uuid[]) as t(id)`.execute(db);
    const baseline = seconds(t);

    const actor = (u: { id: string; username: string }, roles: Actor['roles']): Actor => ({
      userId: u.id,
      municipalityId,
      username: u.username,
      displayName: u.username,
      roles,
      unitIds: [unit.id],
      groupIds: [],
      sessionId: 'bench',
      csrfToken: 'bench',
      authMethod: 'password',
      acr: null,
      expiresAt: new Date(8_640_000_000_000_000),
    });
    const clock = () => new Date('2027-01-22T09:00:00Z');
    const plan = new PaymentPlanService(db, clock);
    const runs = new PaymentRunService(db, clock);

    const total = performance.now();
    t = performance.now();
    const lines = await plan.planAllUnplanned(municipalityId, bidrag.id);
    const planSeconds = seconds(t);
    t = performance.now();
    let lastShown = 0;
    const run = await runs.start(actor(bidrag, ['benefit_officer']), DATE, {
      onProgress: (p) => {
        const percent = Math.floor((p.done / Math.max(1, p.total)) * 100);
        if (percent >= lastShown + 25) {
          lastShown = percent;
          console.log(`  collected ${String(p.done)}/${String(p.total)}`);
        }
      },
    });
    const collectSeconds = seconds(t);
    await runs.attest(actor(bidrag, ['benefit_officer']), run.id);
    await runs.attest(actor(ledare, ['supervisor']), run.id);
    t = performance.now();
    const file = await runs.createFile(municipalityId, run.id);
    const fileSeconds = seconds(t);
    const wholeRun = seconds(total);
    t = performance.now();
    const validation = await validateAgainstXsd(file.xml);
    const xsdSeconds = seconds(t);

    console.log('');
    console.log(`Payment run, ${String(HOUSEHOLDS)} households (${String(lines)} lines)`);
    console.log(`  baseline raw insert of ${String(HOUSEHOLDS)} rows   ${baseline.toFixed(2)} s`);
    console.log(
      `  plan lines (checks, triggers)     ${planSeconds.toFixed(2)} s  (${(planSeconds / baseline).toFixed(1)}× baseline)`,
    );
    console.log(`  collect run                       ${collectSeconds.toFixed(2)} s`);
    console.log(
      `  bank file (${(file.xml.length / 1_048_576).toFixed(1)} MiB)             ${fileSeconds.toFixed(2)} s`,
    );
    console.log(
      `  whole run: ${wholeRun.toFixed(1)} s, ${(wholeRun / baseline).toFixed(1)}× the raw insert (goal ≤ 60 s: ${wholeRun <= 60 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `  XSD validation (xmllint, separately): ${xsdSeconds.toFixed(2)} s, ${validation.valid ? 'valid' : `INVALID: ${validation.errors.slice(0, 3).join('; ')}`}`,
    );
    // An invalid bank file fails the benchmark, not only its printout.
    if (!validation.valid) process.exitCode = 1;
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await db?.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
