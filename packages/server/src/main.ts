// Starts the API server (and the web app when built), with demo data outside production.
import { loadConfig, ConfigError } from './config.ts';
import { createApp } from './app.ts';
import { openDatabase } from './db/bootstrap.ts';
import { seedDemoMunicipality } from './demo/seed.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = (message: string) => {
    console.log(`[skyddsnät] ${message}`);
  };
  const database = await openDatabase(config, log);
  if (config.demoData) {
    const seeded = await seedDemoMunicipality(database.ownerUrl, { log });
    if (seeded) log('Demo municipality seeded (see README for demo logins)');
  }
  const app = await createApp({ config, db: database.db });
  const shutdown = async (signal: string) => {
    log(`${signal}: shutting down`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  log(`Skyddsnät is running on http://localhost:${config.port} (API docs: /api-docs)`);
}

await main();
