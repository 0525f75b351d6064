// Generated action sequences through the API: at every step the case's allowedNextActions (from
// the fold in packages/domain) must match what POST /cases/:id/actions accepts. A listed type is
// accepted with a valid payload; an unlisted one is refused with 422 and writes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrg,
  createPerson,
  createTestContext,
  createUser,
  sessionFor,
  type OrgFixture,
  type Session,
  type TestContext,
} from './support/harness.ts';

let ctx: TestContext;
let org: OrgFixture;
let reception: Session;
let worker: Session;
/** Members of the unit who can be assigned or take a case over. */
const staff: string[] = [];

interface CaseViewBody {
  version: number;
  status: string;
  allowedNextActions: string[];
  officers: { userId: string; role: string }[];
}

const ROLES = ['social_worker', 'benefit_officer'] as const;
const TYPES = [
  'first_contact_recorded',
  'first_visit_booked',
  'first_visit_held',
  'investigation_started',
  'payment_registered',
  'officer_assigned',
  'officer_unassigned',
  'handed_over',
  'closed',
  'reopened',
] as const;
type GeneratedType = (typeof TYPES)[number];

beforeAll(async () => {
  ctx = await createTestContext();
  org = await createOrg(ctx.ownerDb);
  reception = await sessionFor(
    ctx,
    (
      await createUser(ctx.ownerDb, org, {
        roles: ['reception_officer'],
        unitIds: [org.units.joint],
        groupIds: [org.groups.reception],
      })
    ).id,
  );
  for (let i = 0; i < 3; i += 1) {
    const user = await createUser(ctx.ownerDb, org, {
      roles: ['social_worker', 'benefit_officer'],
      unitIds: [org.units.joint],
      groupIds: [org.groups.investigation],
    });
    staff.push(user.id);
    if (i === 0) worker = await sessionFor(ctx, user.id);
  }
});
afterAll(async () => ctx.close());

async function openCase(): Promise<string> {
  const person = await createPerson(ctx.ownerDb, org, { districtId: org.districts.north });
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: reception.headers,
    payload: { personId: person.id, unitId: org.units.joint, channel: 'phone' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function view(caseId: string): Promise<CaseViewBody> {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/cases/${caseId}`,
    headers: worker.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<CaseViewBody>();
}

/** A payload of `type` that is valid for the case as it is now, or null if none can be made. */
function payloadFor(type: GeneratedType, state: CaseViewBody): Record<string, unknown> | null {
  const today = ctx.clock.now.toISOString().slice(0, 10);
  const assigned = (userId: string, role: string) =>
    state.officers.some((o) => o.userId === userId && o.role === role);
  switch (type) {
    case 'first_contact_recorded':
      return { type, channel: 'phone', summary: 'Sökanden ringde om hyran.' };
    case 'first_visit_booked':
      return { type, date: today };
    case 'first_visit_held':
      return { type, date: today };
    case 'investigation_started':
      return { type };
    case 'payment_registered':
      return { type, month: today.slice(0, 7), amount: 1200 };
    case 'officer_assigned': {
      for (const role of ROLES) {
        const free = staff.find((userId) => !assigned(userId, role));
        if (free) return { type, userId: free, role };
      }
      return null;
    }
    case 'officer_unassigned': {
      const officer = state.officers[0];
      return officer
        ? { type, userId: officer.userId, role: officer.role }
        : { type, userId: staff[0], role: 'social_worker' };
    }
    case 'handed_over': {
      const officer = state.officers[0];
      const from = officer ?? { userId: staff[0] ?? '', role: 'social_worker' };
      const to = staff.find((userId) => !assigned(userId, from.role));
      if (!to) return null;
      return {
        type,
        fromUserId: from.userId,
        toUserId: to,
        role: from.role,
        review: 'Genomgång av ärendet med mottagande handläggare.',
      };
    }
    case 'closed':
      return { type, reason: 'work' };
    case 'reopened':
      return { type, reason: 'Ny ansökan efter avslutat arbete.' };
  }
}

describe('generated action sequences through the API', () => {
  it('accept exactly the listed action types, and refuse the others without writing', async () => {
    let steps = 0;
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 12 }),
        async (types) => {
          const caseId = await openCase();
          for (const type of types) {
            const before = await view(caseId);
            const action = payloadFor(type, before);
            if (!action) continue;
            const listed = before.allowedNextActions.includes(type);
            const res = await ctx.app.inject({
              method: 'POST',
              url: `/api/v1/cases/${caseId}/actions`,
              headers: worker.headers,
              payload: { version: before.version, action },
            });
            steps += 1;
            if (listed) {
              expect(res.statusCode, `${type} listed, ${res.body}`).toBe(200);
              const after = res.json<{ version: number; allowedNextActions: string[] }>();
              expect(after.version).toBe(before.version + 1);
              expect(after.allowedNextActions).toEqual((await view(caseId)).allowedNextActions);
            } else {
              refusals += 1;
              expect(res.statusCode, `${type} not listed, ${res.body}`).toBe(422);
              expect((await view(caseId)).version).toBe(before.version);
            }
          }
        },
      ),
      { numRuns: 30, seed: 4_2026 },
    );
    // The sequences did both: accepted steps and refused ones.
    expect(steps).toBeGreaterThan(100);
    expect(refusals).toBeGreaterThan(10);
  }, 120_000);
});
