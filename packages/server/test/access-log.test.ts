// The access log: one entry per personal-data response, fail closed, and a tamper-evident chain.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyAccessLogChain } from '../src/modules/access-log/verify.ts';
import {
  createCase,
  createOrg,
  createPerson,
  createTestContext,
  createUser,
  sessionFor,
  type OrgFixture,
  type Session,
  type TestContext,
} from './support/harness.ts';

const run = promisify(execFile);
let ctx: TestContext;
let org: OrgFixture;
let worker: { id: string; username: string };
let workerSession: Session;
let supervisorSession: Session;
let auditorSession: Session;
const persons: { id: string; personnummer: string; lastName: string }[] = [];

async function entryCount(): Promise<number> {
  const row = await ctx.ownerDb
    .selectFrom('audit.access_log')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

beforeAll(async () => {
  ctx = await createTestContext();
  org = await createOrg(ctx.ownerDb);
  worker = await createUser(ctx.ownerDb, org, {
    roles: ['social_worker'],
    unitIds: [org.units.joint],
    groupIds: [org.groups.investigation],
  });
  const supervisor = await createUser(ctx.ownerDb, org, {
    roles: ['supervisor'],
    unitIds: [org.units.joint],
  });
  const auditor = await createUser(ctx.ownerDb, org, { roles: ['internal_auditor'] });
  workerSession = await sessionFor(ctx, worker.id);
  supervisorSession = await sessionFor(ctx, supervisor.id);
  auditorSession = await sessionFor(ctx, auditor.id);
  for (let i = 0; i < 12; i += 1) {
    const lastName = `Loggad${i}q`;
    const p = await createPerson(ctx.ownerDb, org, { districtId: org.districts.north, lastName });
    if (i % 2 === 0)
      await createCase(ctx.ownerDb, org, {
        personId: p.id,
        districtId: org.districts.north,
        unitId: org.units.joint,
        groupId: org.groups.investigation,
        assignee: worker.id,
      });
    persons.push({ ...p, lastName });
  }
});

afterAll(async () => ctx.close());

describe('access-log completeness', () => {
  it('each authorised read over every person route writes exactly one entry naming who, whom, what and why', async () => {
    // Deterministic pseudo-random sequence of reads over all person routes.
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let i = 0; i < 60; i += 1) {
      const person = persons[next() % persons.length];
      if (!person) throw new Error('no person');
      const kind = next() % 3;
      const url =
        kind === 0
          ? `/api/v1/persons/${person.id}`
          : kind === 1
            ? `/api/v1/persons/${person.id}/access-history`
            : `/api/v1/persons?q=${person.personnummer}`;
      const session = kind === 1 ? supervisorSession : workerSession;
      const before = await entryCount();
      const res = await ctx.app.inject({ method: 'GET', url, headers: session.headers });
      expect(res.statusCode, url).toBe(200);
      expect(await entryCount()).toBe(before + 1);
      const last = await ctx.ownerDb
        .selectFrom('audit.access_log')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(last.person_ids).toEqual([person.id]);
      expect(last.resource).toBe(
        kind === 0 ? 'person' : kind === 1 ? 'person.access_history' : 'person.search',
      );
      expect(last.fields.length).toBeGreaterThan(0);
      expect(last.purpose.length).toBeGreaterThan(0);
      expect(last.client_ip).toBe('127.0.0.1');
      expect(last.session_id).not.toBeNull();
    }
  });

  it('records the case as the reason when the relation comes from a case, and the stated purpose otherwise', async () => {
    const assigned = persons[0];
    if (!assigned) throw new Error('no person');
    await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${assigned.id}`,
      headers: workerSession.headers,
    });
    const viaCase = await ctx.ownerDb
      .selectFrom('audit.access_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(viaCase.case_id).not.toBeNull();
    expect(viaCase.purpose).toBe(`case:${viaCase.case_id ?? ''}`);
    expect(viaCase.fields).toContain('address');

    await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${assigned.id}?purpose=Aktgranskning%202026`,
      headers: auditorSession.headers,
    });
    const stated = await ctx.ownerDb
      .selectFrom('audit.access_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(stated.purpose).toBe('Aktgranskning 2026');
    expect(stated.actor_roles).toEqual(['internal_auditor']);
  });

  it('a search logs every person it showed in one entry, and a search showing nobody logs nothing', async () => {
    const before = await entryCount();
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/persons?q=Loggad',
      headers: workerSession.headers,
    });
    expect(res.json<{ hits: unknown[] }>().hits).toHaveLength(12);
    expect(await entryCount()).toBe(before + 1);
    const last = await ctx.ownerDb
      .selectFrom('audit.access_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect([...last.person_ids].sort()).toEqual(persons.map((p) => p.id).sort());
    const none = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/persons?q=Finnsinte',
      headers: workerSession.headers,
    });
    expect(none.statusCode).toBe(200);
    expect(await entryCount()).toBe(before + 1);
  });

  it('denied reads reveal nothing and write no access entry', async () => {
    const outsider = await createUser(ctx.ownerDb, org, {
      roles: ['social_worker'],
      unitIds: [org.units.far],
    });
    const session = await sessionFor(ctx, outsider.id);
    const before = await entryCount();
    const person = persons[1];
    if (!person) throw new Error('no person');
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${person.id}`,
      headers: session.headers,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
      'no_relation',
    );
    expect(await entryCount()).toBe(before);
  });

  it('the supervisor sees who looked at a person, and the log search finds it by user, person and period, also as CSV', async () => {
    const person = persons[2];
    if (!person) throw new Error('no person');
    await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${person.id}`,
      headers: workerSession.headers,
    });
    const history = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${person.id}/access-history`,
      headers: supervisorSession.headers,
    });
    expect(history.statusCode).toBe(200);
    const entries = history.json<{ entries: { actorUsername: string; resource: string }[] }>()
      .entries;
    expect(
      entries.some((e) => e.actorUsername === worker.username && e.resource === 'person'),
    ).toBe(true);

    // Entries carry the database's clock, not the test's pinned application clock.
    const today =
      (
        await sql<{
          d: string;
        }>`select to_char(now() at time zone 'Europe/Stockholm', 'YYYY-MM-DD') as d`.execute(
          ctx.ownerDb,
        )
      ).rows[0]?.d ?? '';
    const search = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/access-log?username=${worker.username}&personnummer=${person.personnummer}&from=${today}&to=${today}`,
      headers: supervisorSession.headers,
    });
    expect(search.statusCode).toBe(200);
    const found = search.json<{ total: number; entries: { persons: { id: string }[] }[] }>();
    expect(found.total).toBeGreaterThan(0);
    expect(found.entries.every((e) => e.persons.some((p) => p.id === person.id))).toBe(true);

    const outside = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/access-log?username=${worker.username}&from=2025-01-01&to=2025-01-31`,
      headers: supervisorSession.headers,
    });
    expect(outside.json<{ total: number }>().total).toBe(0);

    const reversed = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/access-log?from=2026-03-31&to=2026-03-01',
      headers: supervisorSession.headers,
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json<{ error: { code: string } }>().error.code).toBe('invalid_period');

    const csv = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/access-log/export.csv?username=${worker.username}`,
      headers: supervisorSession.headers,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('"användare"');
    expect(lines.length).toBeGreaterThan(2);
    expect(csv.body).toContain(worker.username);
  });

  it('fails closed: with the log table unwritable, no personal data is returned', async () => {
    const person = persons[0];
    if (!person) throw new Error('no person');
    await sql`REVOKE INSERT ON audit.access_log FROM skyddsnat_app`.execute(ctx.ownerDb);
    try {
      for (const url of [
        `/api/v1/persons/${person.id}`,
        `/api/v1/persons?q=${person.personnummer}`,
        `/api/v1/persons?q=Loggad`,
      ]) {
        const res = await ctx.app.inject({ method: 'GET', url, headers: workerSession.headers });
        expect(res.statusCode, url).toBe(503);
        expect(res.json<{ error: { code: string } }>().error.code).toBe('access_log_unavailable');
        expect(res.body).not.toContain(person.lastName);
        expect(res.body).not.toContain('Loggad');
        expect(res.body).not.toContain(person.personnummer.slice(0, 8));
      }
      const history = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/persons/${person.id}/access-history`,
        headers: supervisorSession.headers,
      });
      expect(history.statusCode).toBe(503);
    } finally {
      await sql`GRANT INSERT ON audit.access_log TO skyddsnat_app`.execute(ctx.ownerDb);
    }
  });
});

describe('access-log hash chain', () => {
  it('is intact after normal use', async () => {
    const report = await verifyAccessLogChain(ctx.ownerDb, org.municipalityId);
    expect(report.ok).toBe(true);
    expect(report.entries).toBe(await entryCount());
  });

  it('the application role can neither update nor delete entries, nor forge the chain head', async () => {
    await expect(sql`UPDATE audit.access_log SET purpose = 'x'`.execute(ctx.db)).rejects.toThrow(
      /permission denied/,
    );
    await expect(sql`DELETE FROM audit.access_log`.execute(ctx.db)).rejects.toThrow(
      /permission denied/,
    );
    await expect(sql`TRUNCATE audit.access_log`.execute(ctx.db)).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      sql`UPDATE audit.access_log_head SET last_seq = 1`.execute(ctx.db),
    ).rejects.toThrow(/permission denied/);
    await expect(sql`UPDATE audit.change_log SET entity = 'x'`.execute(ctx.db)).rejects.toThrow(
      /permission denied/,
    );
    await expect(sql`CREATE TABLE app.evil (id int)`.execute(ctx.db)).rejects.toThrow(
      /permission denied/,
    );
    await expect(sql`DROP TABLE app.person`.execute(ctx.db)).rejects.toThrow(/must be owner/);
    await expect(
      sql`ALTER TABLE audit.access_log DISABLE TRIGGER access_log_chain_tg`.execute(ctx.db),
    ).rejects.toThrow(/must be owner/);
  });

  async function withTamperedCopy(
    tamper: (db: TestContext) => Promise<void>,
  ): Promise<Awaited<ReturnType<typeof verifyAccessLogChain>>> {
    // Tamper inside a transaction that is rolled back, so each case starts from the intact chain.
    let report: Awaited<ReturnType<typeof verifyAccessLogChain>> | undefined;
    await ctx.ownerDb
      .transaction()
      .execute(async (trx) => {
        await tamper({ ...ctx, ownerDb: trx });
        report = await verifyAccessLogChain(trx, org.municipalityId);
        throw new RollbackSignal();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollbackSignal)) throw error;
      });
    if (!report) throw new Error('no report');
    return report;
  }
  class RollbackSignal extends Error {}

  it('detects an updated entry and names it', async () => {
    const report = await withTamperedCopy(async (t) => {
      await sql`UPDATE audit.access_log SET purpose = 'ändrad i efterhand' WHERE seq = 5`.execute(
        t.ownerDb,
      );
    });
    expect(report.ok).toBe(false);
    expect(report.firstBreak?.seq).toBe('5');
    expect(report.firstBreak?.problem).toBe('hash_mismatch');
  });

  it('detects a deleted entry in the middle', async () => {
    const report = await withTamperedCopy(async (t) => {
      await sql`DELETE FROM audit.access_log WHERE seq = 7`.execute(t.ownerDb);
    });
    expect(report.ok).toBe(false);
    expect(report.firstBreak?.problem).toBe('sequence_gap');
    expect(report.firstBreak?.seq).toBe('8');
  });

  it('detects an entry inserted in the middle (renumbered to hide the gap)', async () => {
    const report = await withTamperedCopy(async (t) => {
      await sql`ALTER TABLE audit.access_log DISABLE TRIGGER access_log_chain_tg`.execute(
        t.ownerDb,
      );
      await sql`UPDATE audit.access_log SET seq = seq + 1000000 WHERE seq >= 4`.execute(t.ownerDb);
      await sql`UPDATE audit.access_log SET seq = seq - 999999 WHERE seq >= 1000000`.execute(
        t.ownerDb,
      );
      await sql`INSERT INTO audit.access_log (municipality_id, seq, actor_user_id, actor_username, actor_roles, actor_unit_ids, person_ids, resource, fields, purpose, client_ip, prev_hash, hash)
        SELECT municipality_id, 4, actor_user_id, actor_username, actor_roles, actor_unit_ids, person_ids, resource, fields, 'infogad', client_ip, hash, hash
        FROM audit.access_log WHERE seq = 3`.execute(t.ownerDb);
    });
    expect(report.ok).toBe(false);
    expect(report.firstBreak?.seq).toBe('4');
  });

  it('detects entries removed from the end', async () => {
    const report = await withTamperedCopy(async (t) => {
      await sql`DELETE FROM audit.access_log WHERE seq = (SELECT max(seq) FROM audit.access_log)`.execute(
        t.ownerDb,
      );
    });
    expect(report.ok).toBe(false);
    expect(report.firstBreak?.problem).toBe('head_mismatch');
  });

  it('the audit:verify command names the first broken entry and exits non-zero', async () => {
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: ctx.ownerUrl,
      DATABASE_APP_PASSWORD: inject('pgAppPassword'),
    };
    const ok = await run(process.execPath, [cli, 'audit:verify'], { env });
    expect(ok.stdout).toContain('chain intact');
    const target = await ctx.ownerDb
      .selectFrom('audit.access_log')
      .select(['id'])
      .where('seq', '=', sql<string>`3`)
      .executeTakeFirstOrThrow();
    await sql`UPDATE audit.access_log SET fields = array['address'] WHERE seq = 3`.execute(
      ctx.ownerDb,
    );
    const broken = await run(process.execPath, [cli, 'audit:verify'], { env }).then(
      (result) => ({ code: 0, stdout: result.stdout }),
      (error: unknown) => {
        const failed = error as { code: number; stdout: string };
        return { code: failed.code, stdout: failed.stdout };
      },
    );
    expect(broken.stdout).toContain('BROKEN');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('BROKEN at entry 3');
    expect(broken.stdout).toContain(target.id);
  });
});
