// The need-to-know matrix, generated: every person route × role × relation × protection (with
// and without grant) against an independent expectation table. 0 unauthorised successes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES, type ProtectionLevel, type StaffRole } from '@skyddsnat/domain';
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

const RELATIONS = [
  'assigned',
  'same_group',
  'same_unit',
  'serving_unit',
  'none',
  'closed_case',
] as const;
type MatrixRelation = (typeof RELATIONS)[number];
const PROTECTIONS = [
  { level: 'none', grant: false },
  { level: 'sekretessmarkering', grant: false },
  { level: 'skyddad_folkbokforing', grant: false },
  { level: 'sekretessmarkering', grant: true },
  { level: 'skyddad_folkbokforing', grant: true },
] as const satisfies readonly { level: ProtectionLevel; grant: boolean }[];

// The expectation, written out independently of the policy module ------------------------
const CASEWORK: readonly StaffRole[] = [
  'reception_officer',
  'social_worker',
  'benefit_officer',
  'supervisor',
  'unit_manager',
];
const OVERSIGHT: readonly StaffRole[] = ['fut_investigator', 'internal_auditor'];
const HISTORY: readonly StaffRole[] = ['supervisor', 'unit_manager', 'internal_auditor'];

type Outcome = 'allowed' | 'forbidden' | 'purpose_required';

function expectedRead(
  role: StaffRole,
  relation: MatrixRelation,
  level: ProtectionLevel,
  grant: boolean,
  withPurpose: boolean,
): Outcome {
  if (OVERSIGHT.includes(role)) return withPurpose ? 'allowed' : 'purpose_required';
  if (!CASEWORK.includes(role)) return 'forbidden';
  if (level === 'none')
    return ['assigned', 'same_group', 'same_unit', 'serving_unit'].includes(relation)
      ? 'allowed'
      : 'forbidden';
  if (grant) return 'allowed';
  return ['assigned', 'same_group', 'same_unit'].includes(relation) ? 'allowed' : 'forbidden';
}

function expectedHistory(
  role: StaffRole,
  relation: MatrixRelation,
  level: ProtectionLevel,
  grant: boolean,
  withPurpose: boolean,
): Outcome {
  if (!HISTORY.includes(role)) return 'forbidden';
  return expectedRead(role, relation, level, grant, withPurpose);
}

function expectedSearchHit(
  role: StaffRole,
  relation: MatrixRelation,
  level: ProtectionLevel,
  grant: boolean,
  exact: boolean,
): 'full' | 'restricted' | 'none' | 'forbidden' {
  if (!CASEWORK.includes(role) && !OVERSIGHT.includes(role)) return 'forbidden';
  if (expectedRead(role, relation, level, grant, true) === 'allowed') return 'full';
  if (exact && level !== 'none' && relation === 'serving_unit') return 'restricted';
  return 'none';
}

/** The relation to the case itself: a closed case still has its assigned officer. */
function caseRelation(relation: MatrixRelation): MatrixRelation {
  return relation === 'closed_case' ? 'assigned' : relation;
}

function expectedCaseWrite(
  role: StaffRole,
  relation: MatrixRelation,
  level: ProtectionLevel,
  grant: boolean,
): Outcome {
  if (!CASEWORK.includes(role)) return 'forbidden';
  if (['assigned', 'same_group', 'same_unit'].includes(caseRelation(relation))) return 'allowed';
  return level !== 'none' && grant ? 'allowed' : 'forbidden';
}

// Fixture -----------------------------------------------------------------------------------
interface Cell {
  role: StaffRole;
  relation: MatrixRelation;
  level: ProtectionLevel;
  grant: boolean;
  personId: string;
  caseId: string;
  personnummer: string;
  lastName: string;
}

let ctx: TestContext;
let org: OrgFixture;
const sessions = new Map<StaffRole, Session>();
const cells: Cell[] = [];
/** The social worker assigned to the cases of the same_group, same_unit, serving_unit and none cells. */
let colleagueId: string;

async function placePerson(
  role: StaffRole,
  userId: string,
  colleagueId: string,
  relation: MatrixRelation,
  level: ProtectionLevel,
  grant: boolean,
  index: number,
): Promise<Cell> {
  const lastName = `Matris${index}x`;
  const districtId =
    relation === 'none' || relation === 'closed_case'
      ? org.districts.far
      : relation === 'serving_unit'
        ? org.districts.south
        : org.districts.north;
  const person = await createPerson(ctx.ownerDb, org, { districtId, protection: level, lastName });
  const base = { personId: person.id, districtId, unitId: org.units.joint };
  if (relation === 'assigned')
    await createCase(ctx.ownerDb, org, { ...base, groupId: org.groups.benefits, assignee: userId });
  if (relation === 'same_group')
    await createCase(ctx.ownerDb, org, {
      ...base,
      groupId: org.groups.investigation,
      assignee: colleagueId,
    });
  if (relation === 'same_unit')
    await createCase(ctx.ownerDb, org, {
      ...base,
      groupId: org.groups.benefits,
      assignee: colleagueId,
    });
  if (relation === 'closed_case')
    await createCase(ctx.ownerDb, org, {
      ...base,
      groupId: org.groups.investigation,
      assignee: userId,
      status: 'closed',
    });
  // Cases handled by the other unit: in a district the user's unit serves, and in one it does not.
  if (relation === 'serving_unit' || relation === 'none')
    await createCase(ctx.ownerDb, org, {
      ...base,
      unitId: org.units.far,
      groupId: org.groups.farWork,
      assignee: colleagueId,
    });
  if (grant) {
    await ctx.ownerDb
      .insertInto('app.protected_data_grant')
      .values({
        municipality_id: org.municipalityId,
        person_id: person.id,
        user_id: userId,
        granted_by: colleagueId,
        reason: 'Matrix test grant',
        valid_until: new Date(ctx.clock.now.getTime() + 86_400_000),
      })
      .execute();
  }
  const caseRow = await ctx.ownerDb
    .selectFrom('app.assistance_case')
    .select('id')
    .where('person_id', '=', person.id)
    .executeTakeFirstOrThrow();
  return {
    role,
    relation,
    level,
    grant,
    personId: person.id,
    caseId: caseRow.id,
    personnummer: person.personnummer,
    lastName,
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  org = await createOrg(ctx.ownerDb);
  const colleague = await createUser(ctx.ownerDb, org, {
    roles: ['social_worker'],
    unitIds: [org.units.joint],
    groupIds: [org.groups.investigation],
  });
  colleagueId = colleague.id;
  let index = 0;
  for (const role of STAFF_ROLES) {
    // Every user sits in the joint unit's investigation group, whatever the role.
    const user = await createUser(ctx.ownerDb, org, {
      roles: [role],
      unitIds: [org.units.joint],
      groupIds: [org.groups.investigation],
    });
    sessions.set(role, await sessionFor(ctx, user.id));
    for (const relation of RELATIONS) {
      for (const p of PROTECTIONS) {
        cells.push(
          await placePerson(role, user.id, colleague.id, relation, p.level, p.grant, index),
        );
        index += 1;
      }
    }
  }
}, 300_000);

afterAll(async () => ctx.close());

function session(role: StaffRole): Session {
  const s = sessions.get(role);
  if (!s) throw new Error(`no session for ${role}`);
  return s;
}

function outcomeOf(status: number, body: { error?: { code?: string } }): Outcome | 'other' {
  if (status === 200) return 'allowed';
  if (status === 403) return 'forbidden';
  if (status === 400 && body.error?.code === 'purpose_required') return 'purpose_required';
  return 'other';
}

describe('authorization matrix', () => {
  it('covers every role × relation × protection cell', () => {
    expect(cells).toHaveLength(STAFF_ROLES.length * RELATIONS.length * PROTECTIONS.length);
    const keys = new Set(cells.map((c) => `${c.role}|${c.relation}|${c.level}|${c.grant}`));
    expect(keys.size).toBe(cells.length);
  });

  it('every route that reveals personal data is covered here or in the access-log tests', () => {
    const covered = new Set([
      // this matrix
      'GET /api/v1/persons',
      'GET /api/v1/persons/:personId',
      'GET /api/v1/persons/:personId/access-history',
      'GET /api/v1/cases/:caseId',
      'POST /api/v1/cases/:caseId/actions',
      // cases.test.ts (own assignments only)
      'GET /api/v1/my-cases',
      // this matrix, and caseload-officer-cases.test.ts (the supervisor's list for hand-over)
      'GET /api/v1/caseload/:userId/cases',
      // decisions.test.ts: the user's own assigned cases and the drafts routed to them
      'GET /api/v1/decision-worklist',
      // payments.test.ts: rejected payments on the user's own assigned cases, and the bank file
      // (payment roles only; its download is access-logged as a read of every applicant paid)
      'GET /api/v1/payment-tasks',
      'GET /api/v1/payment-runs/:runId/file',
      // generated above from the registered case routes
      ...Object.keys(CASE_ROUTE_SAMPLES),
      // journal.test.ts (hits filtered case by case through the same policy)
      'GET /api/v1/journal-search',
      // access-log.test.ts (role-gated search and export of the log itself)
      'GET /api/v1/access-log',
      'GET /api/v1/access-log/export.csv',
    ]);
    const personalRoutes = ctx.app.accessRules
      .filter((r) => r.revealsPersonalData)
      .map((r) => `${r.method} ${r.url}`);
    expect(personalRoutes.filter((r) => !covered.has(r))).toEqual([]);
    // A person route always reveals personal data, so it always lands in the list above.
    expect(
      ctx.app.accessRules.filter(
        (r) => (r.access.kind === 'person' || r.access.kind === 'case') && !r.revealsPersonalData,
      ),
    ).toEqual([]);
  });

  it('GET /caseload/:userId/cases: supervisors and unit managers only, naming just the cases they may hand over', async () => {
    // Every role's user sits in the colleague's unit and group, so the relation to the
    // colleague's cases is the cell's relation; a grant is the cell's own role user's.
    const colleagueCells = cells.filter((c) =>
      ['same_group', 'same_unit', 'serving_unit', 'none'].includes(c.relation),
    );
    const mismatches: string[] = [];
    for (const role of STAFF_ROLES) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/caseload/${colleagueId}/cases`,
        headers: session(role).headers,
      });
      if (!['supervisor', 'unit_manager'].includes(role)) {
        if (res.statusCode !== 403) mismatches.push(`${role}: expected 403, got ${res.statusCode}`);
        for (const c of colleagueCells) expect(res.body).not.toContain(c.lastName);
        continue;
      }
      expect(res.statusCode, role).toBe(200);
      const body = res.json<{ cases: { caseId: string }[]; notListed: number }>();
      const listed = new Set(body.cases.map((c) => c.caseId));
      let notListed = 0;
      for (const c of colleagueCells) {
        const grant = c.grant && c.role === role;
        const expected =
          expectedCaseWrite(role, c.relation, c.level, grant) === 'allowed' &&
          expectedRead(role, c.relation, c.level, grant, false) === 'allowed';
        if (!expected) notListed += 1;
        if (listed.has(c.caseId) !== expected)
          mismatches.push(
            `${role} on ${c.role} ${c.relation} ${c.level} grant=${c.grant}: expected ${expected ? 'listed' : 'absent'}`,
          );
        if (!expected) expect(res.body).not.toContain(c.lastName);
      }
      expect(listed.size, role).toBe(body.cases.length);
      expect(body.notListed, role).toBe(notListed);
    }
    expect(mismatches).toEqual([]);
  });

  it('GET /persons/:id: person page with and without a stated purpose', async () => {
    const mismatches: string[] = [];
    let unauthorisedSuccesses = 0;
    for (const cell of cells) {
      for (const withPurpose of [false, true]) {
        const url = `/api/v1/persons/${cell.personId}${withPurpose ? '?purpose=Kontroll%20av%20utbetalning' : ''}`;
        const res = await ctx.app.inject({
          method: 'GET',
          url,
          headers: session(cell.role).headers,
        });
        const expected = expectedRead(
          cell.role,
          cell.relation,
          cell.level,
          cell.grant,
          withPurpose,
        );
        const actual = outcomeOf(res.statusCode, res.json());
        if (actual === 'allowed' && expected !== 'allowed') unauthorisedSuccesses += 1;
        if (actual !== expected)
          mismatches.push(
            `${cell.role} ${cell.relation} ${cell.level} grant=${cell.grant} purpose=${withPurpose}: expected ${expected}, got ${res.statusCode}`,
          );
        if (actual === 'allowed') {
          const body = res.json<{ address: unknown; addressHidden: boolean; lastName: string }>();
          expect(body.lastName).toBe(cell.lastName);
          const addressVisible = cell.level === 'none' || cell.grant;
          if (addressVisible !== (body.address !== null))
            mismatches.push(
              `${cell.role} ${cell.relation} ${cell.level} grant=${cell.grant}: address visibility wrong`,
            );
          expect(body.addressHidden).toBe(!addressVisible);
        } else {
          expect(res.body).not.toContain(cell.lastName);
          expect(res.body).not.toContain('Hemliga gatan');
        }
      }
    }
    expect(unauthorisedSuccesses).toBe(0);
    expect(mismatches).toEqual([]);
  });

  it('GET /persons/:id/access-history', async () => {
    const mismatches: string[] = [];
    for (const cell of cells) {
      for (const withPurpose of [false, true]) {
        const url = `/api/v1/persons/${cell.personId}/access-history${withPurpose ? '?purpose=Granskning' : ''}`;
        const res = await ctx.app.inject({
          method: 'GET',
          url,
          headers: session(cell.role).headers,
        });
        const expected = expectedHistory(
          cell.role,
          cell.relation,
          cell.level,
          cell.grant,
          withPurpose,
        );
        const actual = outcomeOf(res.statusCode, res.json());
        if (actual !== expected)
          mismatches.push(
            `${cell.role} ${cell.relation} ${cell.level} grant=${cell.grant} purpose=${withPurpose}: expected ${expected}, got ${res.statusCode}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('GET /persons?q=: search by exact personnummer and by name', async () => {
    const mismatches: string[] = [];
    for (const cell of cells) {
      for (const exact of [true, false]) {
        const q = exact ? cell.personnummer : cell.lastName;
        const url = `/api/v1/persons?q=${encodeURIComponent(q)}&purpose=Utredning`;
        const res = await ctx.app.inject({
          method: 'GET',
          url,
          headers: session(cell.role).headers,
        });
        const expected = expectedSearchHit(cell.role, cell.relation, cell.level, cell.grant, exact);
        let actual: string;
        if (res.statusCode === 403) actual = 'forbidden';
        else if (res.statusCode !== 200) actual = `status ${res.statusCode}`;
        else {
          const hits = res
            .json<{ hits: { id: string; visibility: string; name: string | null }[] }>()
            .hits.filter((h) => h.id === cell.personId);
          actual = hits[0]?.visibility ?? 'none';
          if (hits[0]?.visibility === 'restricted') {
            expect(hits[0].name).toBeNull();
            expect(res.body).not.toContain(cell.lastName);
          }
        }
        if (actual !== expected)
          mismatches.push(
            `${cell.role} ${cell.relation} ${cell.level} grant=${cell.grant} exact=${exact}: expected ${expected}, got ${actual}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("GET /cases/:id: the case view follows the relation to that case and the applicant's protection", async () => {
    const mismatches: string[] = [];
    for (const cell of cells) {
      for (const withPurpose of [false, true]) {
        const url = `/api/v1/cases/${cell.caseId}${withPurpose ? '?purpose=Granskning' : ''}`;
        const res = await ctx.app.inject({
          method: 'GET',
          url,
          headers: session(cell.role).headers,
        });
        const expected = expectedRead(
          cell.role,
          caseRelation(cell.relation),
          cell.level,
          cell.grant,
          withPurpose,
        );
        const actual = outcomeOf(res.statusCode, res.json());
        if (actual !== expected)
          mismatches.push(
            `${cell.role} ${cell.relation} ${cell.level} grant=${cell.grant} purpose=${withPurpose}: expected ${expected}, got ${res.statusCode}`,
          );
        if (actual !== 'allowed') expect(res.body).not.toContain(cell.lastName);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('POST /cases/:id/actions: only the handling unit (or a grant) may write', async () => {
    const mismatches: string[] = [];
    for (const cell of cells) {
      // A stale version: an allowed writer gets 409 from the service, a denied one 403 before it.
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${cell.caseId}/actions`,
        headers: session(cell.role).headers,
        payload: { version: 999, action: { type: 'investigation_started' } },
      });
      const expected = expectedCaseWrite(cell.role, cell.relation, cell.level, cell.grant);
      const actual =
        res.statusCode === 409
          ? 'allowed'
          : res.statusCode === 403
            ? 'forbidden'
            : `status ${res.statusCode}`;
      if (actual !== expected)
        mismatches.push(
          `${cell.role} ${cell.relation} ${cell.level} grant=${cell.grant}: expected ${expected}, got ${res.statusCode}`,
        );
    }
    expect(mismatches).toEqual([]);
  });

  // Every other route on a case, generated from the registered routes: a new case route without a
  // sample request here fails this test. Allowed requests pass the access check and then meet the
  // service (200, or 404/409 for the made-up note id or stale version); denied ones get 403.
  const NOTE = '00000000-0000-4000-8000-000000000001';
  const CASE_ROUTE_SAMPLES: Record<
    string,
    { payload?: object; query?: string; okStatuses: number[] }
  > = {
    'GET /api/v1/cases/:caseId/journal-notes': { okStatuses: [200] },
    'GET /api/v1/cases/:caseId/journal-notes/:noteId': { okStatuses: [404] },
    'GET /api/v1/cases/:caseId/journal.pdf': { okStatuses: [200] },
    'POST /api/v1/cases/:caseId/journal-notes': {
      payload: { eventDate: '2026-03-01', noteType: 'phone', body: 'Matris' },
      okStatuses: [201],
    },
    'PATCH /api/v1/cases/:caseId/journal-notes/:noteId': {
      payload: { version: 1, body: 'x' },
      okStatuses: [404],
    },
    'POST /api/v1/cases/:caseId/journal-notes/:noteId/sign': {
      payload: { version: 1 },
      okStatuses: [404],
    },
    'POST /api/v1/cases/:caseId/journal-notes/:noteId/addenda': {
      payload: { body: 'x' },
      okStatuses: [404],
    },
    // The made-up person is unknown (400 from the service, after the access check).
    'POST /api/v1/cases/:caseId/household-members': {
      payload: { personId: NOTE, memberRole: 'child', validFrom: '2026-03-01' },
      okStatuses: [400],
    },
    'POST /api/v1/cases/:caseId/household-members/:memberId/end': {
      payload: { validTo: '2026-03-02' },
      okStatuses: [404],
    },
    'GET /api/v1/cases/:caseId/applications': { okStatuses: [200] },
    // Registered once per case; a closed case refuses it (422), a second writer finds it (409).
    'POST /api/v1/cases/:caseId/applications': {
      payload: { month: '2026-03', kind: 'initial', costs: [], incomes: [] },
      okStatuses: [201, 409, 422],
    },
    'GET /api/v1/cases/:caseId/applications/:applicationId': { okStatuses: [404] },
    'PUT /api/v1/cases/:caseId/applications/:applicationId': {
      payload: { version: 1, costs: [], incomes: [] },
      okStatuses: [404],
    },
    'POST /api/v1/cases/:caseId/applications/:applicationId/confirm': {
      payload: { version: 1, method: 'in_person' },
      okStatuses: [404],
    },
    'POST /api/v1/cases/:caseId/applications/:applicationId/recalculate': { okStatuses: [404] },
    // JSON is not a file: refused after the access check.
    'POST /api/v1/cases/:caseId/applications/:applicationId/documents': {
      payload: { file: 'x' },
      query: 'kind=other&fileName=a.pdf',
      okStatuses: [415],
    },
    'GET /api/v1/cases/:caseId/applications/:applicationId/documents/:documentId': {
      okStatuses: [404],
    },
    'POST /api/v1/cases/:caseId/applications/:applicationId/completion-requests': {
      payload: { message: 'Hyresavi saknas', dueDate: '2026-03-20' },
      okStatuses: [404],
    },
    'GET /api/v1/cases/:caseId/decisions': { okStatuses: [200] },
    // An emergency decision needs no application; a closed case refuses it (409).
    'POST /api/v1/cases/:caseId/decisions': {
      payload: { kind: 'emergency', amount: 500, purpose: 'Mat' },
      okStatuses: [201, 409],
    },
    'GET /api/v1/cases/:caseId/decisions/:decisionId': { okStatuses: [404] },
    'PUT /api/v1/cases/:caseId/decisions/:decisionId': {
      payload: { version: 1 },
      okStatuses: [404],
    },
    'DELETE /api/v1/cases/:caseId/decisions/:decisionId': {
      query: 'version=1',
      okStatuses: [404],
    },
    'POST /api/v1/cases/:caseId/decisions/:decisionId/sign': {
      payload: { version: 1 },
      okStatuses: [404],
    },
    'POST /api/v1/cases/:caseId/decisions/:decisionId/route': {
      payload: { version: 1, toUserId: NOTE, note: null },
      okStatuses: [404],
    },
    'POST /api/v1/cases/:caseId/decisions/:decisionId/replace': { okStatuses: [404] },
    'GET /api/v1/cases/:caseId/decisions/:decisionId/letter.pdf': { okStatuses: [404] },
    'GET /api/v1/cases/:caseId/recoveries': { okStatuses: [200] },
    // The made-up decision is not in the case (400 from the service, after the access check).
    'POST /api/v1/cases/:caseId/recoveries': {
      payload: {
        decisionIds: [NOTE],
        amount: 1_000,
        ground: 'incorrect_information',
        reasons: 'Matris',
        plan: { installment: 1_000, firstMonth: '2026-04', months: 1 },
        deductionConsent: null,
      },
      okStatuses: [400],
    },
    'GET /api/v1/cases/:caseId/recoveries/:decisionId': { okStatuses: [404] },
    'PUT /api/v1/cases/:caseId/recoveries/:decisionId': {
      payload: { version: 1, amount: 500 },
      okStatuses: [404],
    },
    'POST /api/v1/cases/:caseId/recoveries/:decisionId/sign': {
      payload: { version: 1 },
      okStatuses: [404],
    },
    'GET /api/v1/cases/:caseId/recoveries/:decisionId/letter.pdf': { okStatuses: [404] },
    'GET /api/v1/cases/:caseId/payees': { okStatuses: [200] },
    'POST /api/v1/cases/:caseId/payees': {
      payload: {
        kind: 'landlord',
        name: 'Matrisens Bostäder AB',
        account: { kind: 'bankgiro', number: '5050-1055' },
        reason: 'Direktbetalning av hyra',
      },
      okStatuses: [201],
    },
    'POST /api/v1/cases/:caseId/payees/:payeeId/accounts': {
      payload: { account: { kind: 'bankgiro', number: '5050-1055' }, reason: 'Nytt konto' },
      okStatuses: [404],
    },
    'POST /api/v1/cases/:caseId/payees/:payeeId/accounts/:accountId/approve': {
      okStatuses: [404],
    },
    'POST /api/v1/cases/:caseId/payees/:payeeId/accounts/:accountId/reject': {
      okStatuses: [404],
    },
    'GET /api/v1/cases/:caseId/payments': { okStatuses: [200] },
    'POST /api/v1/cases/:caseId/payments/plan': { okStatuses: [200] },
    'POST /api/v1/cases/:caseId/payments/:lineId/cancel': { okStatuses: [404] },
    'POST /api/v1/cases/:caseId/decisions/:decisionId/urgent-payment': { okStatuses: [422] },
  };

  it('every other case route follows the same rule (generated from the registered routes)', async () => {
    const routes = ctx.app.accessRules.filter(
      (r) =>
        r.access.kind === 'case' &&
        r.url !== '/api/v1/cases/:caseId' &&
        r.url !== '/api/v1/cases/:caseId/actions',
    );
    const missing = routes
      .map((r) => `${r.method} ${r.url}`)
      .filter((key) => !CASE_ROUTE_SAMPLES[key]);
    expect(missing).toEqual([]);
    const mismatches: string[] = [];
    for (const route of routes) {
      const sample = CASE_ROUTE_SAMPLES[`${route.method} ${route.url}`];
      if (!sample || route.access.kind !== 'case') continue;
      for (const cell of cells) {
        const url =
          route.url
            .replace(':caseId', cell.caseId)
            .replace(':noteId', NOTE)
            .replace(':memberId', NOTE)
            .replace(':applicationId', NOTE)
            .replace(':decisionId', NOTE)
            .replace(':documentId', NOTE)
            .replace(':payeeId', NOTE)
            .replace(':accountId', NOTE)
            .replace(':lineId', NOTE) +
          '?purpose=Matris' +
          (sample.query ? `&${sample.query}` : '');
        const res = await ctx.app.inject({
          method: route.method as 'GET',
          url,
          headers: session(cell.role).headers,
          ...(sample.payload ? { payload: sample.payload } : {}),
        });
        const expected =
          route.access.action === 'case.write'
            ? expectedCaseWrite(cell.role, cell.relation, cell.level, cell.grant)
            : expectedRead(cell.role, caseRelation(cell.relation), cell.level, cell.grant, true);
        const actual = sample.okStatuses.includes(res.statusCode)
          ? 'allowed'
          : res.statusCode === 403
            ? 'forbidden'
            : `status ${res.statusCode}`;
        if (actual !== expected)
          mismatches.push(
            `${route.method} ${route.url} ${cell.role} ${cell.relation} ${cell.level} grant=${cell.grant}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 80)}`,
          );
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  }, 240_000); // every case route × every cell: about a minute on a shared 2-core machine

  it('a user without any session is refused everywhere', async () => {
    const cell = cells[0];
    if (!cell) throw new Error('no cells');
    for (const url of [
      `/api/v1/persons/${cell.personId}`,
      `/api/v1/persons/${cell.personId}/access-history`,
      '/api/v1/persons?q=Matris',
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
    }
  });
});
