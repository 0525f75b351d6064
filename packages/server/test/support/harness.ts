// Test context: a fresh database cloned from the migrated template, the real app on it
// (connected as the least-privileged role), an owner connection for setup, and fixtures.
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { syntheticPersonnummer, type ProtectionLevel, type StaffRole } from '@skyddsnat/domain';
import { createApp } from '../../src/app.ts';
import { loadConfig, type AppConfig } from '../../src/config.ts';
import { appConnectionString, createDb, type Db } from '../../src/db/database.ts';
import { hashPassword } from '../../src/modules/auth/password.ts';
import { tokenHash } from '../../src/modules/auth/session-repository.ts';
import { initialCaseLog } from '../../src/modules/cases/initial-log.ts';
import { decisionDb } from '../../src/modules/decisions/tables.ts';
import { paymentDb } from '../../src/modules/payments/tables.ts';
import { SESSION_COOKIE } from '../../src/http/access-control.ts';

export interface TestContext {
  app: FastifyInstance;
  /** The application's own connection (role skyddsnat_app). */
  db: Db;
  /** Owner connection, for fixtures and for tampering in tests. */
  ownerDb: Db;
  ownerUrl: string;
  config: AppConfig;
  clock: { now: Date };
  close: () => Promise<void>;
}

export async function createDatabaseFromTemplate(): Promise<string> {
  const serverUrl = inject('pgServerUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplateDatabase')}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createTestContext(
  options: { env?: Record<string, string>; start?: Date } = {},
): Promise<TestContext> {
  const ownerUrl = await createDatabaseFromTemplate();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: ownerUrl,
    DATABASE_APP_PASSWORD: inject('pgAppPassword'),
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const clock = { now: options.start ?? new Date('2026-03-02T09:00:00Z') };
  const db = createDb(appConnectionString(ownerUrl, inject('pgAppPassword')), { max: 4 });
  const ownerDb = createDb(ownerUrl, { max: 2 });
  const app = await createApp({ config, db, clock: () => clock.now, logger: false });
  return {
    app,
    db,
    ownerDb,
    ownerUrl,
    config,
    clock,
    close: async () => {
      await app.close();
      await db.destroy();
      await ownerDb.destroy();
    },
  };
}

// Fixtures ---------------------------------------------------------------------------------

export interface OrgFixture {
  municipalityId: string;
  districts: { north: string; south: string; far: string };
  units: { joint: string; far: string };
  groups: { reception: string; investigation: string; benefits: string; farWork: string };
}

/** Two units: "joint" serves districts north and south; "far" serves district far. */
export async function createOrg(ownerDb: Db, code = '0180'): Promise<OrgFixture> {
  const m = await ownerDb
    .insertInto('app.municipality')
    .values({ code, name: `Testkommun ${code}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const municipality_id = m.id;
  const district = async (name: string) =>
    (
      await ownerDb
        .insertInto('app.district')
        .values({ municipality_id, name })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const north = await district('Norrmalm');
  const south = await district('Södermalm');
  const far = await district('Farsta');
  const unit = async (name: string, runBy: string, serves: string[]) => {
    const id = (
      await ownerDb
        .insertInto('app.unit')
        .values({ municipality_id, name, run_by_district_id: runBy })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await ownerDb
      .insertInto('app.unit_district')
      .values(serves.map((district_id) => ({ municipality_id, unit_id: id, district_id })))
      .execute();
    return id;
  };
  const joint = await unit('Gemensamma enheten', north, [north, south]);
  const farUnit = await unit('Farstaenheten', far, [far]);
  const group = async (unitId: string, name: string) =>
    (
      await ownerDb
        .insertInto('app.staff_group')
        .values({ municipality_id, unit_id: unitId, name })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  return {
    municipalityId: municipality_id,
    districts: { north, south, far },
    units: { joint, far: farUnit },
    groups: {
      reception: await group(joint, 'Mottagning'),
      investigation: await group(joint, 'Utredning'),
      benefits: await group(joint, 'Bidragshandläggning'),
      farWork: await group(farUnit, 'Handläggning'),
    },
  };
}

export const TEST_PASSWORD = 'correct horse battery staple';
let cachedHash: Promise<string> | undefined;

export async function createUser(
  ownerDb: Db,
  org: OrgFixture,
  spec: {
    username?: string;
    roles: StaffRole[];
    unitIds?: string[];
    groupIds?: string[];
    password?: boolean;
  },
): Promise<{ id: string; username: string }> {
  const username = spec.username ?? `u${randomBytes(5).toString('hex')}`;
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const row = await ownerDb
    .insertInto('app.staff_user')
    .values({
      municipality_id: org.municipalityId,
      username,
      display_name: `Test ${username}`,
      email: null,
      password_hash: spec.password === false ? null : await cachedHash,
      oidc_subject: null,
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (spec.roles.length) {
    await ownerDb
      .insertInto('app.staff_role')
      .values(
        spec.roles.map((role) => ({ municipality_id: org.municipalityId, user_id: row.id, role })),
      )
      .execute();
  }
  for (const unit_id of spec.unitIds ?? []) {
    await ownerDb
      .insertInto('app.unit_membership')
      .values({ municipality_id: org.municipalityId, user_id: row.id, unit_id })
      .execute();
  }
  for (const group_id of spec.groupIds ?? []) {
    await ownerDb
      .insertInto('app.group_membership')
      .values({ municipality_id: org.municipalityId, user_id: row.id, group_id })
      .execute();
  }
  return { id: row.id, username };
}

let personCounter = 0;
/** A valid synthetic 12-digit samordningsnummer, distinct per call within a test file. */
export function nextTestPersonnummer(ageGroup: 'adult' | 'child' = 'adult'): string {
  personCounter += 1;
  return syntheticPersonnummer(personCounter, { today: '2026-01-01', ageGroup });
}

export async function createPerson(
  ownerDb: Db,
  org: OrgFixture,
  spec: {
    districtId: string;
    protection?: ProtectionLevel;
    firstName?: string;
    lastName?: string;
    streetAddress?: string;
    ageGroup?: 'adult' | 'child';
  },
): Promise<{ id: string; personnummer: string }> {
  const personnummer = nextTestPersonnummer(spec.ageGroup);
  const row = await ownerDb
    .insertInto('app.person')
    .values({
      municipality_id: org.municipalityId,
      personnummer,
      identity_kind: 'samordningsnummer',
      first_name: spec.firstName ?? 'Test',
      last_name: spec.lastName ?? `Person${personCounter}`,
      street_address: spec.streetAddress ?? 'Hemliga gatan 1',
      postal_code: '111 22',
      city: 'Stockholm',
      district_id: spec.districtId,
      protection: spec.protection ?? 'none',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, personnummer };
}

export async function createCase(
  ownerDb: Db,
  org: OrgFixture,
  spec: {
    personId: string;
    districtId: string;
    unitId: string;
    groupId?: string | null;
    assignee?: string;
    status?: 'open' | 'closed';
    /** Puts the applicant in the household from this date (`YYYY-MM-DD`). */
    householdFrom?: string;
    openedAt?: Date;
  },
): Promise<string> {
  const opener =
    spec.assignee ??
    (
      await ownerDb
        .selectFrom('app.staff_user')
        .select('id')
        .where('municipality_id', '=', org.municipalityId)
        .limit(1)
        .executeTakeFirstOrThrow()
    ).id;
  const at = spec.openedAt ?? new Date('2026-03-01T08:00:00Z');
  // A real log, validated by the domain fold, so the case reads back like any other.
  const log = initialCaseLog({
    districtId: spec.districtId,
    unitId: spec.unitId,
    groupId: spec.groupId ?? null,
    openedBy: opener,
    at,
    officer: spec.assignee ? { userId: spec.assignee, role: 'social_worker' } : undefined,
    closedReason: spec.status === 'closed' ? 'moved' : undefined,
  });
  const row = await ownerDb
    .insertInto('app.assistance_case')
    .values({
      municipality_id: org.municipalityId,
      person_id: spec.personId,
      district_id: spec.districtId,
      unit_id: spec.unitId,
      group_id: spec.groupId ?? null,
      status: spec.status ?? 'open',
      opened_at: at,
      version: log.length,
      last_action_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ownerDb
    .insertInto('app.case_action')
    .values(
      log.map((r) => ({
        municipality_id: org.municipalityId,
        case_id: row.id,
        seq: r.seq,
        action_type: r.action.type,
        action: JSON.stringify(r.action),
        acted_at: at,
        acted_by: opener,
      })),
    )
    .execute();
  if (spec.householdFrom) {
    await addHouseholdMember(ownerDb, org, {
      caseId: row.id,
      personId: spec.personId,
      role: 'applicant',
      validFrom: spec.householdFrom,
      recordedBy: opener,
    });
  }
  if (spec.assignee) {
    // The fold keeps the officer on a closed case, and so does the assignment row.
    await ownerDb
      .insertInto('app.case_assignment')
      .values({
        municipality_id: org.municipalityId,
        case_id: row.id,
        user_id: spec.assignee,
        assignment_role: 'social_worker',
        assigned_at: at,
      })
      .execute();
  }
  return row.id;
}

export async function addHouseholdMember(
  ownerDb: Db,
  org: OrgFixture,
  spec: {
    caseId: string;
    personId: string;
    role: 'applicant' | 'partner' | 'child' | 'other';
    validFrom: string;
    validTo?: string | null;
    recordedBy: string;
  },
): Promise<void> {
  await ownerDb
    .insertInto('app.household_member')
    .values({
      municipality_id: org.municipalityId,
      case_id: spec.caseId,
      person_id: spec.personId,
      member_role: spec.role,
      valid_from: spec.validFrom,
      valid_to: spec.validTo ?? null,
      recorded_by: spec.recordedBy,
    })
    .execute();
}

/** Gives the municipality a delegation order (none: nobody may sign anything). */
export async function setDelegation(
  ownerDb: Db,
  org: OrgFixture,
  rules: readonly {
    role: StaffRole;
    kind: 'regular' | 'emergency' | 'reduction' | 'beyond_entitlement';
    maxAmount: number | null;
    mayDecideAdverse: boolean;
  }[],
): Promise<void> {
  const db = decisionDb(ownerDb);
  await db
    .deleteFrom('app.delegation_rule')
    .where('municipality_id', '=', org.municipalityId)
    .execute();
  if (rules.length === 0) return;
  await db
    .insertInto('app.delegation_rule')
    .values(
      rules.map((r) => ({
        municipality_id: org.municipalityId,
        role: r.role,
        decision_kind: r.kind,
        max_amount: r.maxAmount,
        may_decide_adverse: r.mayDecideAdverse,
      })),
    )
    .execute();
}

/** The municipality's debtor account for bank files (Stockholm's organisation number). */
export async function setPaymentSettings(ownerDb: Db, org: OrgFixture): Promise<void> {
  await paymentDb(ownerDb)
    .insertInto('app.payment_settings')
    .values({
      municipality_id: org.municipalityId,
      debtor_name: 'Testkommun socialförvaltning',
      organisation_number: '212000-0142',
      debtor_account: JSON.stringify({ kind: 'bankgiro', number: '5050-1055' }),
      debtor_bic: 'ESSESESS',
      bank_options: JSON.stringify({}),
    })
    .onConflict((oc) => oc.column('municipality_id').doNothing())
    .execute();
}

export interface Session {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

/** A session for a user without going through the login route (which has its own tests). */
export async function sessionFor(ctx: TestContext, userId: string): Promise<Session> {
  const user = await ctx.ownerDb
    .selectFrom('app.staff_user')
    .select('municipality_id')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const token = randomBytes(32).toString('base64url');
  const csrf = randomUUID();
  await ctx.ownerDb
    .insertInto('app.staff_session')
    .values({
      municipality_id: user.municipality_id,
      user_id: userId,
      token_hash: tokenHash(token),
      csrf_token: csrf,
      auth_method: 'password',
      acr: null,
      client_ip: '127.0.0.1',
      user_agent: 'vitest',
      last_seen_at: ctx.clock.now,
      expires_at: new Date(ctx.clock.now.getTime() + 12 * 3_600_000),
    })
    .execute();
  const cookie = `${SESSION_COOKIE}=${ctx.app.signCookie(token)}`;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

export async function login(
  app: FastifyInstance,
  username: string,
  password = TEST_PASSWORD,
): Promise<{ response: LightMyRequestResponse; session?: Session }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (response.statusCode !== 200) return { response };
  const setCookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!setCookie) return { response };
  const cookie = `${SESSION_COOKIE}=${setCookie.value}`;
  const csrf = response.json<{ csrfToken: string }>().csrfToken;
  return { response, session: { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } } };
}
