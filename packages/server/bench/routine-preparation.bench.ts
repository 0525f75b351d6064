// Benchmark: monthly preparation of continued applications. Generates BENCH_PREP_HOUSEHOLDS
// households (default 10 000) with a granted previous month and this month's confirmed continued
// application in a private embedded PostgreSQL, then measures per case, end to end: recalculation,
// routine classification, the draft decision and the letter data — beside a baseline of plain
// reads of the same rows in the same run. Letter rendering (PDF) is measured separately.
// Goal: ≤ 50 ms per case end to end.
import { randomUUID } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parsePersonnummer, syntheticPersonnummer } from '@skyddsnat/domain';
import {
  calculateIncomeSupport,
  createParameterSet,
  monthFromIndex,
  monthIndex,
} from '@skyddsnat/rules';
import { findFreePort } from '../src/free-port.ts';
import { createDb, type Db } from '../src/db/database.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemoMunicipality } from '../src/demo/seed.ts';
import { demoRentNoticePdf } from '../src/demo/seed-decisions.ts';
import { ApplicationService } from '../src/modules/applications/service.ts';
import { CaseService } from '../src/modules/cases/service.ts';
import { ChangeLog } from '../src/modules/change-log/change-log.ts';
import { renderDecisionLetterPdf } from '../src/modules/decisions/letter.ts';
import { RoutinePreparation } from '../src/modules/decisions/routine-preparation.ts';
import { DecisionService } from '../src/modules/decisions/service.ts';
import { DecisionSettingsService } from '../src/modules/decisions/settings.ts';
import { decisionDb } from '../src/modules/decisions/tables.ts';
import { bundledParameterFiles, ParameterSetCache } from '../src/modules/rules/parameter-store.ts';

const HOUSEHOLDS = Number(process.env.BENCH_PREP_HOUSEHOLDS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_PREP_CONCURRENCY ?? 4);
const LETTERS = Number(process.env.BENCH_PREP_LETTERS ?? 200);
const MONTH = '2026-12';
const PREVIOUS = monthFromIndex(monthIndex(MONTH) - 1);
const BATCH = 1000;

function birthDate(personnummer: string): string {
  const parsed = parsePersonnummer(personnummer, '2026-01-01');
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.birthDate;
}

type Stats = { p50: number; p95: number; perSecond: number; meanMs: number };

async function pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const item = items[next];
        next += 1;
        if (item === undefined) break;
        const t = performance.now();
        await work(item);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.floor(q * (latencies.length - 1))] ?? 0;
  return {
    p50: at(0.5),
    p95: at(0.95),
    perSecond: items.length / seconds,
    meanMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
  };
}

const fmt = (s: Stats): string =>
  `p50 ${s.p50.toFixed(1).padStart(6)} ms  p95 ${s.p95.toFixed(1).padStart(6)} ms  ${s.perSecond.toFixed(0).padStart(6)} cases/s`;

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/** Households with a granted previous month and this month's confirmed continued application. */
async function generate(db: Db): Promise<string[]> {
  const ddb = decisionDb(db);
  const m = await db.selectFrom('app.municipality').select('id').executeTakeFirstOrThrow();
  const municipality_id = m.id;
  const district = await db
    .selectFrom('app.district')
    .select('id')
    .where('name', '=', 'Kungsholmen')
    .executeTakeFirstOrThrow();
  const unit = await db
    .selectFrom('app.unit_district')
    .select('unit_id')
    .where('district_id', '=', district.id)
    .executeTakeFirstOrThrow();
  const officer = await db
    .selectFrom('app.staff_user')
    .select('id')
    .where('username', '=', 'socialsekreterare')
    .executeTakeFirstOrThrow();
  const parameters = createParameterSet(bundledParameterFiles());
  const persons = [];
  const cases = [];
  const actions: Insertable<Database['app.case_action']>[] = [];
  const assignments = [];
  const members = [];
  const applications = [];
  const decisions = [];
  const documents = [];
  const pdf = demoRentNoticePdf(MONTH);
  const opened = new Date(`${PREVIOUS}-01T08:00:00Z`);
  const at = (days: number) => new Date(opened.getTime() + days * 86_400_000);
  const applicationIds: string[] = [];
  for (let i = 0; i < HOUSEHOLDS; i += 1) {
    const personId = randomUUID();
    const caseId = randomUUID();
    const childId = i % 3 === 0 ? randomUUID() : null;
    const childPnr = childId
      ? syntheticPersonnummer(50_000 + i, { today: '2026-01-01', ageGroup: 'child' })
      : null;
    const pnr = syntheticPersonnummer(100_000 + i, { today: '2026-01-01', ageGroup: 'adult' });
    const person = {
      municipality_id,
      personnummer: pnr,
      identity_kind: 'samordningsnummer' as const,
      first_name: 'Bänk',
      last_name: `Hushåll${String(i)}`,
      street_address: `Mätgatan ${String((i % 90) + 1)}`,
      postal_code: '112 45',
      city: 'Stockholm',
      district_id: district.id,
      protection: 'none' as const,
    };
    persons.push({ id: personId, ...person });
    if (childId) {
      persons.push({
        ...person,
        id: childId,
        first_name: 'Barn',
        personnummer: childPnr ?? '',
      });
    }
    const rent = 5_000 + ((i * 37) % 4_000);
    const costs = [{ type: 'rent', amount: rent }];
    const incomes = childId ? [{ type: 'child_allowance', amount: 1_250 }] : [];
    const previousAppId = randomUUID();
    const previousDecisionId = randomUUID();
    const appId = randomUUID();
    applicationIds.push(appId);
    cases.push({
      id: caseId,
      municipality_id,
      person_id: personId,
      district_id: district.id,
      unit_id: unit.unit_id,
      status: 'open' as const,
      opened_at: opened,
      version: 5,
      last_action_at: at(20),
    });
    const log = [
      {
        type: 'opened',
        at: at(0).toISOString(),
        by: officer.id,
        districtId: district.id,
        unitId: unit.unit_id,
        groupId: null,
        channel: 'visit',
      },
      {
        type: 'officer_assigned',
        at: at(0).toISOString(),
        by: officer.id,
        userId: officer.id,
        role: 'social_worker',
      },
      {
        type: 'application_received',
        at: at(1).toISOString(),
        by: officer.id,
        month: PREVIOUS,
        kind: 'initial',
      },
      {
        type: 'decision_recorded',
        at: at(3).toISOString(),
        by: officer.id,
        month: PREVIOUS,
        outcome: 'granted',
        decisionId: previousDecisionId,
        kind: 'regular',
      },
      {
        type: 'application_received',
        at: at(20).toISOString(),
        by: officer.id,
        month: MONTH,
        kind: 'continued',
      },
    ];
    log.forEach((action, seq) =>
      actions.push({
        municipality_id,
        case_id: caseId,
        seq: seq + 1,
        action_type: action.type,
        action: JSON.stringify(action),
        acted_at: new Date(action.at),
        acted_by: officer.id,
      }),
    );
    assignments.push({
      municipality_id,
      case_id: caseId,
      user_id: officer.id,
      assignment_role: 'social_worker' as const,
      assigned_at: opened,
    });
    members.push({
      municipality_id,
      case_id: caseId,
      person_id: personId,
      member_role: 'applicant' as const,
      valid_from: '2026-01-01',
      recorded_by: officer.id,
    });
    if (childId) {
      members.push({
        municipality_id,
        case_id: caseId,
        person_id: childId,
        member_role: 'child' as const,
        valid_from: '2026-01-01',
        recorded_by: officer.id,
      });
    }
    // The previous month's amount from the engine, so the routine comparison is a real one.
    const previous = calculateIncomeSupport(
      {
        month: PREVIOUS,
        members: [
          { id: 'a', role: 'adult', birthDate: birthDate(pnr) },
          ...(childId && childPnr
            ? [{ id: 'c', role: 'child' as const, birthDate: birthDate(childPnr) }]
            : []),
        ],
        costs: costs as { type: 'rent'; amount: number }[],
        incomes: incomes as { type: 'child_allowance'; amount: number }[],
      },
      parameters,
      { trace: false },
    );
    const common = {
      municipality_id,
      case_id: caseId,
      costs: JSON.stringify(costs),
      incomes: JSON.stringify(incomes),
      household_community_size: null,
      applicant_confirmed_at: at(21),
      confirmation_method: 'e_service' as const,
      created_by: officer.id,
    };
    applications.push({
      ...common,
      id: previousAppId,
      month: PREVIOUS,
      kind: 'initial' as const,
      status: 'decided' as const,
      calculation: null,
      calculated_amount: previous.amount,
      calculation_error: null,
      created_at: at(1),
      updated_at: at(3),
    });
    applications.push({
      ...common,
      id: appId,
      month: MONTH,
      kind: 'continued' as const,
      status: 'open' as const,
      calculation: null,
      calculated_amount: null,
      calculation_error: null,
      created_at: at(20),
      updated_at: at(21),
    });
    decisions.push({
      id: previousDecisionId,
      municipality_id,
      case_id: caseId,
      application_id: previousAppId,
      month: PREVIOUS,
      kind: 'regular' as const,
      outcome: 'granted' as const,
      status: 'signed' as const,
      amount: previous.amount,
      counted_income: previous.income.counted,
      lines: JSON.stringify([
        {
          item: 'norm',
          label: 'Riksnorm',
          applied: previous.norm.total,
          calculated: previous.norm.total,
          granted: previous.norm.total,
          deviationReason: null,
        },
      ]),
      reasons: 'Bifall enligt riksnormen och skäliga kostnader för boendet.',
      legal_basis: JSON.stringify([
        {
          key: 'economic-assistance.right@2025-07-01',
          citation: 'Socialtjänstlagen (2025:400) 12 kap. 1 §',
          status: 'verified',
        },
      ]),
      appeal: JSON.stringify({
        kind: 'administrative_appeal',
        citation: 'Socialtjänstlagen (2025:400) 35 kap. 1 §',
      }),
      child_impact: JSON.stringify(
        childId
          ? [
              {
                personId: childId,
                assessment:
                  'Barnet bor kvar i hemmet; beslutet täcker barnets behov enligt normen.',
              },
            ]
          : [],
      ),
      signed_by: officer.id,
      signed_at: at(3),
      decision_date: `${PREVIOUS}-04`,
      letter: JSON.stringify({ generated: 'bench' }),
      prepared_by: officer.id,
      routed_to: null,
      routed_note: null,
      replaces_decision_id: null,
      rule_version: null,
      created_at: at(2),
      updated_at: at(3),
    });
    documents.push({
      municipality_id,
      application_id: appId,
      document_kind: 'rent_notice' as const,
      file_name: 'hyresavi.pdf',
      content_type: 'application/pdf' as const,
      byte_size: pdf.length,
      sha256: Buffer.alloc(32),
      content: pdf,
      uploaded_by: officer.id,
      uploaded_at: at(20),
    });
  }
  await insertInBatches(persons, (b) => db.insertInto('app.person').values(b).execute());
  await insertInBatches(cases, (b) => db.insertInto('app.assistance_case').values(b).execute());
  await insertInBatches(actions, (b) => db.insertInto('app.case_action').values(b).execute());
  await insertInBatches(assignments, (b) =>
    db.insertInto('app.case_assignment').values(b).execute(),
  );
  await insertInBatches(members, (b) => ddb.insertInto('app.household_member').values(b).execute());
  await insertInBatches(applications, (b) => ddb.insertInto('app.application').values(b).execute());
  await insertInBatches(decisions, (b) => ddb.insertInto('app.decision').values(b).execute());
  await insertInBatches(documents, (b) =>
    ddb.insertInto('app.application_document').values(b).execute(),
  );
  await sql`ANALYZE`.execute(db);
  return applicationIds;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'skyddsnat-bench-prep-'));
  console.log('Starting a private embedded PostgreSQL for the benchmark…');
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await findFreePort(),
    database: 'bench',
  });
  try {
    await migrate(pg.ownerUrl);
    await seedDemoMunicipality(pg.ownerUrl, { now: new Date('2026-11-22T10:00:00Z') });
    const db = createDb(pg.ownerUrl, { max: CONCURRENCY + 2 });
    console.log(
      `Generating ${String(HOUSEHOLDS)} households with a granted ${PREVIOUS} and a continued ${MONTH}…`,
    );
    const genStart = performance.now();
    const applicationIds = await generate(db);
    console.log(`Generation took ${((performance.now() - genStart) / 1000).toFixed(1)} s`);
    const ddb = decisionDb(db);

    // Baseline: plain reads of the rows the preparation works from, per case.
    const baseline = await pool(applicationIds, async (id) => {
      const app = await ddb
        .selectFrom('app.application')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await ddb
        .selectFrom('app.household_member')
        .selectAll()
        .where('case_id', '=', app.case_id)
        .execute();
      await ddb
        .selectFrom('app.decision')
        .selectAll()
        .where('case_id', '=', app.case_id)
        .where('status', '=', 'signed')
        .execute();
    });

    const clock = () => new Date(`${MONTH.slice(0, 4)}-11-25T09:00:00Z`);
    const cases = new CaseService(db, clock);
    const applications = new ApplicationService(db, cases, new ParameterSetCache(db), clock);
    const settings = new DecisionSettingsService(db, new ChangeLog(db));
    const decisions = new DecisionService(db, cases, settings, clock);
    const preparation = new RoutinePreparation(db, applications, decisions);
    const caseOf = new Map(
      (
        await ddb
          .selectFrom('app.application')
          .select(['id', 'case_id'])
          .where('month', '=', MONTH)
          .execute()
      ).map((r) => [r.id, r.case_id]),
    );
    let routine = 0;
    const letters: { caseId: string; decisionId: string }[] = [];
    const prepared = await pool(applicationIds, async (id) => {
      const result = await preparation.prepareOne(id);
      const caseId = caseOf.get(id);
      if (result.decisionId === null || caseId === undefined)
        throw new Error(`not prepared: ${id}`);
      if (result.routine) routine += 1;
      await decisions.draftLetterData(caseId, result.decisionId);
      if (letters.length < LETTERS) letters.push({ caseId, decisionId: result.decisionId });
    });

    const renderStart = performance.now();
    for (const letter of letters) {
      await renderDecisionLetterPdf(
        await decisions.draftLetterData(letter.caseId, letter.decisionId),
      );
    }
    const renderMs = (performance.now() - renderStart) / Math.max(1, letters.length);

    console.log('');
    console.log(
      `Routine preparation, ${String(HOUSEHOLDS)} households, ${String(CONCURRENCY)} in flight`,
    );
    console.log(`  baseline plain reads      ${fmt(baseline)}`);
    console.log(`  recalc+classify+draft+letter data ${fmt(prepared)}`);
    console.log(`  ratio to baseline (mean)  ${(prepared.meanMs / baseline.meanMs).toFixed(1)}×`);
    console.log(`  routine: ${String(routine)} of ${String(HOUSEHOLDS)}`);
    console.log(
      `  per case end to end: mean ${prepared.meanMs.toFixed(1)} ms, p95 ${prepared.p95.toFixed(1)} ms (goal ≤ 50 ms): ${prepared.p95 <= 50 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `  letter rendering (PDF), separately: ${renderMs.toFixed(1)} ms per letter over ${String(letters.length)}`,
    );
    await db.destroy();
  } finally {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
