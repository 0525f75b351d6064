// The calculation engine over HTTP and the command line, and official parameter versions that
// replace derived ones without a code change.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createOrg,
  createTestContext,
  createUser,
  sessionFor,
  type Session,
  type TestContext,
} from './support/harness.ts';

const CLI = fileURLToPath(new URL('../bin/skyddsnat.mjs', import.meta.url));
const run = promisify(execFile);

const EXAMPLE = {
  month: '2025-03',
  members: [
    { id: 'a1', role: 'adult', birthDate: '1986-04-12', cohabitsWith: 'a2' },
    { id: 'a2', role: 'adult', birthDate: '1988-09-30', cohabitsWith: 'a1' },
    {
      id: 'c1',
      role: 'child',
      birthDate: '2021-02-03',
      lunchOutsideHome: true,
      earnedIncomeYearToDate: 0,
    },
  ],
  householdCommunitySize: null,
  costs: [
    { type: 'rent', amount: 8200 },
    { type: 'electricity', amount: 350 },
  ],
  incomes: [
    { type: 'salary', memberId: 'a1', amount: 6000 },
    { type: 'child_allowance', amount: 1250 },
  ],
  jobStimulus: [{ memberId: 'a1', windowStart: '2024-11' }],
};
// Couple 7 050 + child 4–6 år with lunch outside the home 2 700 + common costs for 3 1 770
// + rent 8 200 + electricity 350 − (75 % of 6 000 salary under jobbstimulans + 1 250) = 14 320.
const EXAMPLE_AMOUNT = 14_320;

const SINGLE_2026 = {
  month: '2026-02',
  members: [{ id: 'a1', role: 'adult', birthDate: '1980-01-01' }],
  householdCommunitySize: null,
  costs: [],
  incomes: [],
  jobStimulus: [],
};

let ctx: TestContext;
let worker: Session;
let admin: Session;

interface Result {
  amount: number;
  surplus: number;
  usesDerivedParameters: boolean;
  trace: { label: string; amount: number }[];
  parameters: { id: string; effectiveFrom: string; status: string; source: string }[];
}

function runCli(
  args: string[],
  input: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Without DATABASE_URL the command uses the bundled parameters only.
    const { DATABASE_URL: _ignored, ...base } = process.env;
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      resolve({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  const org = await createOrg(ctx.ownerDb);
  worker = await sessionFor(
    ctx,
    (await createUser(ctx.ownerDb, org, { roles: ['benefit_officer'], unitIds: [org.units.joint] }))
      .id,
  );
  admin = await sessionFor(
    ctx,
    (await createUser(ctx.ownerDb, org, { roles: ['administrator'] })).id,
  );
});
afterAll(async () => ctx.close());

const calc = (payload: unknown, session: Session | null = worker) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/calculations',
    payload: payload as object,
    headers: session?.headers ?? {},
  });

describe('POST /api/v1/calculations', () => {
  it('calculates the example household with a trace, parameters and their statuses', async () => {
    const res = await calc(EXAMPLE);
    expect(res.statusCode).toBe(200);
    const result = res.json<Result>();
    expect(result.amount).toBe(EXAMPLE_AMOUNT);
    expect(result.surplus).toBe(0);
    expect(result.trace.length).toBeGreaterThan(5);
    expect(result.parameters.map((p) => p.id)).toEqual(
      expect.arrayContaining(['national-norm.adults', 'national-norm.children']),
    );
    expect(result.parameters.every((p) => p.source.length > 5)).toBe(true);
    // Nothing is stored and nobody is identified: no access-log entry.
    const entries = await ctx.ownerDb
      .selectFrom('audit.access_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(entries.n).toBe(0);
  });

  it('calculates a batch', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/calculations/batch',
      payload: [EXAMPLE, SINGLE_2026],
      headers: worker.headers,
    });
    expect(res.statusCode).toBe(200);
    const results = res.json<Result[]>();
    expect(results.map((r) => r.amount)).toEqual([EXAMPLE_AMOUNT, 5220]);
  });

  it('marks a calculation that used derived 2026 values', async () => {
    const result = (await calc(SINGLE_2026)).json<Result>();
    expect(result.amount).toBe(5220);
    expect(result.usesDerivedParameters).toBe(true);
  });

  it('refuses bad input naming the field, and a month without parameters naming the parameter and year', async () => {
    const bad = await calc({ ...EXAMPLE, costs: [{ type: 'yacht', amount: 100 }] });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('costs');
    const negative = await calc({
      ...EXAMPLE,
      incomes: [{ type: 'salary', memberId: 'a1', amount: -5 }],
    });
    expect(negative.statusCode).toBe(400);
    const missing = await calc({ ...EXAMPLE, month: '2024-03', jobStimulus: [] });
    expect(missing.statusCode).toBe(422);
    const body = missing.json<{
      error: { code: string; message: string; details: { year: number } };
    }>();
    expect(body.error.code).toBe('missing_parameter');
    expect(body.error.message).toContain('2024');
    expect(body.error.details.year).toBe(2024);
  });

  it('needs a logged-in user with a casework or oversight role', async () => {
    expect((await calc(EXAMPLE, null)).statusCode).toBe(401);
    expect((await calc(EXAMPLE, admin)).statusCode).toBe(403);
  });
});

describe('skyddsnat calculate (command line)', () => {
  it('reads one household-month on stdin and writes the result as JSON', async () => {
    const out = await runCli(['calculate'], JSON.stringify(EXAMPLE));
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout) as Result;
    expect(result.amount).toBe(EXAMPLE_AMOUNT);
  });

  it('exits non-zero naming the field on bad input, and on a month without parameters', async () => {
    const bad = await runCli(
      ['calculate'],
      JSON.stringify({ ...EXAMPLE, members: [{ ...EXAMPLE.members[0], birthDate: '1986-02-30' }] }),
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('members');
    const notJson = await runCli(['calculate'], '{"month": ');
    expect(notJson.code).toBe(2);
    const missing = await runCli(
      ['calculate'],
      JSON.stringify({ ...EXAMPLE, month: '2024-03', jobStimulus: [] }),
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('2024');
  });
});

describe('skyddsnat rules:check (freshness, for operators)', () => {
  it('from 1 December warns that the coming year has no parameters, and exits non-zero', async () => {
    const december = await runCli(['rules:check', '--today', '2026-12-01'], '');
    expect(december.code).toBe(1);
    expect(december.stdout).toMatch(/WARNING .*national-norm\.adults.*2027/);
    const june = await runCli(['rules:check', '--today', '2026-06-15'], '');
    expect(june.code).toBe(0);
    expect(june.stdout).not.toContain('WARNING');
    expect(june.stdout).toMatch(/NOTE .*derived/);
  });
});

describe('official figures replace derived ones without a code change', () => {
  it('an administrator records the published 2026 adult amounts; calculations use them; the derived version stays in the history', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'skyddsnat-official-'));
    const file = path.join(dir, 'adults-2026.yaml');
    // Test figures standing in for a future official publication.
    await writeFile(file, 'single: 3950\ncouple: 7110\n');
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: ctx.ownerUrl,
      DATABASE_APP_PASSWORD: inject('pgAppPassword'),
    };
    const recorded = await run(
      process.execPath,
      [
        CLI,
        'rules:set-official',
        '--parameter',
        'national-norm.adults',
        '--from',
        '2026-01-01',
        '--file',
        file,
        '--source',
        'SFS 2025:9999 (testfigurer)',
        '--by',
        'testadmin',
      ],
      { env },
    );
    expect(recorded.stdout).toContain('Recorded national-norm.adults');

    const result = (await calc(SINGLE_2026)).json<Result>();
    const adults = result.parameters.find((p) => p.id === 'national-norm.adults');
    expect(adults?.status).toBe('verified');
    expect(adults?.source).toContain('SFS 2025:9999');
    expect(result.amount).toBe(3950 + 1280);

    const history = await run(
      process.execPath,
      [CLI, 'rules:history', '--parameter', 'national-norm.adults'],
      { env },
    );
    expect(history.stdout).toContain('SFS 2025:9999');
    expect(history.stdout).toMatch(/superseded/i);

    const invalidFile = path.join(dir, 'bad.yaml');
    await writeFile(invalidFile, 'single: -1\n');
    const refused = await run(
      process.execPath,
      [
        CLI,
        'rules:set-official',
        '--parameter',
        'national-norm.adults',
        '--from',
        '2026-01-01',
        '--file',
        invalidFile,
        '--source',
        'SFS 2025:9999',
      ],
      { env },
    ).then(
      () => ({ code: 0 }),
      (error: unknown) => ({ code: (error as { code: number }).code }),
    );
    expect(refused.code).toBe(1);
    const rows = await ctx.ownerDb.selectFrom('app.rule_parameter_version').selectAll().execute();
    expect(rows).toHaveLength(1);
  });

  it('the application role can only append official versions', async () => {
    await expect(
      sql`UPDATE app.rule_parameter_version SET source = 'x'`.execute(ctx.db),
    ).rejects.toThrow(/permission denied/);
    await expect(sql`DELETE FROM app.rule_parameter_version`.execute(ctx.db)).rejects.toThrow(
      /permission denied/,
    );
  });
});
