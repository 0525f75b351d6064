// Configuration read from environment variables and validated once at start.
import path from 'node:path';
import { z } from 'zod';

/** Relative paths in the configuration are relative to the repository root, whatever the cwd. */
const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../../..');

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Owner connection: runs migrations. Without it an embedded PostgreSQL is started. */
  DATABASE_URL: z.url().optional(),
  /** Password of the least-privileged role the application connects as. */
  DATABASE_APP_PASSWORD: z.string().min(12).optional(),
  EMBEDDED_PG_DIR: z.string().min(1).default('.data/postgres'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  /** Active cases per officer above which the caseload view flags the officer (the seeds call ~50 ideal). */
  CASELOAD_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(50),
  /** Where each payment run's bank file is also written for the bank integration to pick up. */
  PAYMENT_EXPORT_DIR: z.string().min(1).optional(),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  DEMO_DATA: booleanFromEnv.optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.url().optional(),
  /** Lowest accepted authentication context class, e.g. "http://id.elegnamnden.se/loa/1.0/loa3". */
  OIDC_MIN_ACR: z.string().min(1).optional(),
  /** Ordered list (lowest first, comma separated) of acr values the identity provider may return. */
  OIDC_ACR_LEVELS: z.string().min(1).optional(),
  OIDC_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),
  WEB_DIST_DIR: z.string().min(1).optional(),
  /** Trust X-Forwarded-For from a reverse proxy (only when the server is reachable through it alone). */
  TRUST_PROXY: booleanFromEnv.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  minAcr: string;
  acrLevels: readonly string[];
  usernameClaim: string;
}

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  databaseUrl: string | undefined;
  databaseAppPassword: string;
  embeddedPostgres: { dir: string; port: number };
  sessionSecret: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  login: { maxFailures: number; windowMinutes: number };
  caseloadThreshold: number;
  /** The bank channel: a directory the bank files are exported to, or none (download only). */
  paymentExportDir: string | undefined;
  demoData: boolean;
  oidc: OidcConfig | undefined;
  webDistDir: string | undefined;
  trustProxy: boolean;
  logLevel: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEVELOPMENT_SECRET = 'development-only-session-secret-not-for-production';
const DEVELOPMENT_APP_PASSWORD = 'skyddsnat-app-development';

/** Reads and validates the configuration; throws ConfigError naming every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable means "not set" (shells and CI templates often export VAR=).
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = environmentSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const missing: string[] = [];
  if (production) {
    if (!e.DATABASE_URL) missing.push('DATABASE_URL');
    if (!e.SESSION_SECRET) missing.push('SESSION_SECRET');
    if (!e.DATABASE_APP_PASSWORD) missing.push('DATABASE_APP_PASSWORD');
    if (e.DEMO_DATA === true) missing.push('DEMO_DATA must not be true in production');
  }
  const oidcKeys = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET, e.OIDC_REDIRECT_URI];
  const oidcGiven = oidcKeys.filter((value) => value !== undefined).length;
  if (oidcGiven > 0 && oidcGiven < oidcKeys.length) {
    missing.push(
      'OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI go together',
    );
  }
  if (oidcGiven === oidcKeys.length && !e.OIDC_MIN_ACR) missing.push('OIDC_MIN_ACR');
  if (missing.length > 0) {
    throw new ConfigError(`Configuration incomplete: ${missing.join('; ')}`);
  }
  let oidc: OidcConfig | undefined;
  if (
    e.OIDC_ISSUER &&
    e.OIDC_CLIENT_ID &&
    e.OIDC_CLIENT_SECRET &&
    e.OIDC_REDIRECT_URI &&
    e.OIDC_MIN_ACR
  ) {
    const acrLevels = (e.OIDC_ACR_LEVELS ?? e.OIDC_MIN_ACR).split(',').map((level) => level.trim());
    if (!acrLevels.includes(e.OIDC_MIN_ACR)) {
      throw new ConfigError('OIDC_MIN_ACR must be one of OIDC_ACR_LEVELS');
    }
    oidc = {
      issuer: e.OIDC_ISSUER,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      redirectUri: e.OIDC_REDIRECT_URI,
      minAcr: e.OIDC_MIN_ACR,
      acrLevels,
      usernameClaim: e.OIDC_USERNAME_CLAIM,
    };
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseAppPassword: e.DATABASE_APP_PASSWORD ?? DEVELOPMENT_APP_PASSWORD,
    embeddedPostgres: {
      dir: path.resolve(REPOSITORY_ROOT, e.EMBEDDED_PG_DIR),
      port: e.EMBEDDED_PG_PORT,
    },
    sessionSecret: e.SESSION_SECRET ?? DEVELOPMENT_SECRET,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    login: { maxFailures: e.LOGIN_MAX_FAILURES, windowMinutes: e.LOGIN_WINDOW_MINUTES },
    caseloadThreshold: e.CASELOAD_THRESHOLD,
    paymentExportDir: e.PAYMENT_EXPORT_DIR,
    demoData: e.DEMO_DATA ?? !production,
    oidc,
    webDistDir: e.WEB_DIST_DIR,
    trustProxy: e.TRUST_PROXY ?? false,
    logLevel: e.LOG_LEVEL,
  };
}
