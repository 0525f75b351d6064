// Crash test: a payment run over thousands of households, its worker process (the CLI) killed
// with SIGKILL at many random points while collecting and while writing the bank file, then
// resumed: no line paid twice, no approved line left unpaid, file totals equal to the approved
// amounts, and the file valid against the XSD. Two workers started at once make one run.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { sql } from 'kysely';
import { validateAgainstXsd } from '../src/modules/payments/iso20022/index.ts';
import { PaymentPlanService } from '../src/modules/payments/plan.ts';
import { PaymentRunService } from '../src/modules/payments/runs.ts';
import { paymentDb } from '../src/modules/payments/tables.ts';
import type { Actor } from '../src/modules/auth/actor.ts';
import {
  createOrg,
  createTestContext,
  createUser,
  setPaymentSettings,
  type OrgFixture,
  type TestContext,
} from './support/harness.ts';
import { insertPaymentHouseholds } from './support/payment-fixtures.ts';

const HOUSEHOLDS = 3_000;
const DATE = '2026-02-25';
const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');

let ctx: TestContext;
let org: OrgFixture;
let dir: string;
let operator: { id: string; username: string };
let attesters: Actor[];

// A small deterministic generator: the kill points differ per attempt but every run is the same.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

type Outcome = {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
};

/**
 * Runs the CLI; `kill` ends it with SIGKILL `afterMs` after its output first contains `when`
 * (mid-work, not during start-up), or after `afterMs` from the start when `when` is null.
 */
function runCli(
  args: string[],
  kill: { when: string | null; afterMs: number } | null,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: ctx.ownerUrl,
        DATABASE_APP_PASSWORD: inject('pgAppPassword'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | null = null;
    const arm = () => {
      if (kill && timer === null) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
    };
    if (kill?.when === null) arm();
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (kill?.when && stdout.includes(kill.when)) arm();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function actor(user: { id: string; username: string }, roles: Actor['roles']): Actor {
  return {
    userId: user.id,
    municipalityId: org.municipalityId,
    username: user.username,
    displayName: user.username,
    roles,
    unitIds: [org.units.joint],
    groupIds: [],
    sessionId: 'test',
    csrfToken: 'test',
    authMethod: 'password',
    acr: null,
    expiresAt: new Date(8_640_000_000_000_000),
  };
}

beforeAll(async () => {
  ctx = await createTestContext({ start: new Date('2026-02-20T09:00:00Z') });
  org = await createOrg(ctx.ownerDb);
  dir = await mkdtemp(path.join(tmpdir(), 'skyddsnat-crash-'));
  operator = await createUser(ctx.ownerDb, org, {
    roles: ['benefit_officer'],
    unitIds: [org.units.joint],
  });
  const first = await createUser(ctx.ownerDb, org, {
    roles: ['benefit_officer'],
    unitIds: [org.units.joint],
  });
  const second = await createUser(ctx.ownerDb, org, {
    roles: ['supervisor'],
    unitIds: [org.units.joint],
  });
  attesters = [actor(first, ['benefit_officer']), actor(second, ['supervisor'])];
  await setPaymentSettings(ctx.ownerDb, org);
  await insertPaymentHouseholds(ctx.ownerDb, {
    municipalityId: org.municipalityId,
    districtIds: [org.districts.north, org.districts.south],
    unitId: org.units.joint,
    officerId: operator.id,
    approverId: second.id,
    households: HOUSEHOLDS,
    month: '2026-03',
    decisionDate: '2026-02-20',
  });
  const planned = await new PaymentPlanService(ctx.db, () => ctx.clock.now).planAllUnplanned(
    org.municipalityId,
    operator.id,
  );
  expect(planned).toBe(HOUSEHOLDS);
}, 300_000);

afterAll(async () => {
  await ctx.close();
  await rm(dir, { recursive: true, force: true });
});

describe('payment run crash test', () => {
  it('is killed at random points and resumed: every approved line paid exactly once', async () => {
    const next = random(20_260_225);
    const db = paymentDb(ctx.db);
    const runStatus = async () =>
      (await db.selectFrom('app.payment_run').select('status').executeTakeFirst())?.status ?? null;
    const runArgs = ['payments:run', '--date', DATE, '--user', operator.username, '--batch', '10'];
    // Two workers started at once, both killed once they are collecting.
    const [a, b] = await Promise.all([
      runCli(runArgs, { when: 'collected', afterMs: 20 }),
      runCli(runArgs, { when: 'collected', afterMs: 60 }),
    ]);
    const kills: string[] = [String(a.signal ?? a.code), String(b.signal ?? b.code)];
    // Killed at random points while collecting, until the run has all its lines; each attempt
    // resumes where the last one died.
    let interrupted = 0;
    for (let attempt = 0; attempt < 12 && (await runStatus()) !== 'collected'; attempt += 1) {
      const outcome = await runCli(runArgs, {
        when: 'collected',
        afterMs: Math.floor(next() * 150),
      });
      kills.push(String(outcome.signal ?? outcome.code));
      if (outcome.signal === 'SIGKILL' && (await runStatus()) === 'collecting') interrupted += 1;
    }
    let finished = await runCli(runArgs, null);
    expect(finished.code, finished.stderr).toBe(0);
    const runs = await db.selectFrom('app.payment_run').selectAll().execute();
    expect(runs).toHaveLength(1);
    const run = runs[0];
    if (!run) throw new Error('no run');
    expect(run.status).toBe('collected');
    expect(run.lines_total).toBe(HOUSEHOLDS);
    // Many attempts really were killed mid-way.
    expect(interrupted).toBeGreaterThanOrEqual(3);

    const service = new PaymentRunService(ctx.db, () => ctx.clock.now);
    for (const attester of attesters) await service.attest(attester, run.id);

    const out = path.join(dir, 'betalfil.xml');
    const fileArgs = ['payments:file', '--date', DATE, '--out', out];
    const hasFile = async () =>
      (await db.selectFrom('app.payment_run').select('file_xml').executeTakeFirst())?.file_xml !=
      null;
    for (let attempt = 0; attempt < 4 && !(await hasFile()); attempt += 1) {
      const outcome = await runCli(fileArgs, {
        when: 'written 0/',
        afterMs: Math.floor(next() * 120),
      });
      kills.push(String(outcome.signal ?? outcome.code));
    }
    finished = await runCli(fileArgs, null);
    expect(finished.code, finished.stderr).toBe(0);
    const xml = await readFile(out, 'utf8');
    // Asking again gives the same bytes.
    const again = await runCli([...fileArgs.slice(0, 3), '--out', `${out}.2`], null);
    expect(again.stdout).not.toContain('written 0/');
    expect(again.code).toBe(0);
    expect(await readFile(`${out}.2`, 'utf8')).toBe(xml);

    const lines = await db
      .selectFrom('app.payment_line')
      .select(['end_to_end_id', 'amount', 'status', 'run_id'])
      .execute();
    const e2es = [...xml.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>/g)].map((m) => m[1]);
    // 0 lines paid twice, 0 approved lines unpaid.
    expect(new Set(e2es).size).toBe(e2es.length);
    expect(e2es.length).toBe(lines.length);
    expect(lines.filter((l) => l.status !== 'instructed')).toEqual([]);
    expect(lines.every((l) => l.run_id === run.id)).toBe(true);
    // File totals equal the sum of the approved amounts.
    const approved = await sql<{ total: string }>`
      select sum(amount)::text as total from app.decision where status = 'signed'`.execute(ctx.db);
    const amounts = [...xml.matchAll(/<InstdAmt Ccy="SEK">([0-9.]+)<\/InstdAmt>/g)].map((m) =>
      Math.round(Number(m[1]) * 100),
    );
    const totalOre = amounts.reduce((s, v) => s + v, 0);
    expect(totalOre).toBe(Number(approved.rows[0]?.total) * 100);
    expect(xml).toContain(`<CtrlSum>${approved.rows[0]?.total ?? ''}.00</CtrlSum>`);
    const validation = await validateAgainstXsd(xml);
    expect(validation.errors).toEqual([]);
    console.log(
      `crash test: ${String(kills.filter((k) => k === 'SIGKILL').length)} kills (${kills.join(' ')})`,
    );
  }, 600_000);
});
