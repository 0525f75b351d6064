// Generated case histories: whatever is thrown at the rules, accepted logs never reach an
// impossible state, replay to the same state, and agree with the actions offered next.
import fc from 'fast-check';
import { assert, describe, expect, it } from 'vitest';
import {
  CASE_ACTION_TYPES,
  CASE_OFFICER_ROLES,
  CASE_RULE_CODES,
  CLOSURE_REASONS,
  allowedNextActions,
  appendCaseAction,
  foldCase,
  type CaseAction,
  type CaseActionPayload,
  type CaseActionRecord,
  type CaseActionType,
  type CaseState,
  type CorrectableCaseAction,
} from '../../src/index.ts';
import { stockholmDate } from '../../src/case/case-dates.ts';
import { act, oracleAddDays, type ActionBody } from './case-test-support.ts';

// Small pools so that generated actions collide: the same month twice, the same officer, …
// Each field is mostly valid, so that histories get far, and sometimes not, so that every
// refusal is exercised along the way.
function mostly<T, U>(valid: readonly T[], invalid: readonly U[]): fc.Arbitrary<T | U> {
  return fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom(...invalid) },
  );
}

const seedsArb = fc.record({
  user: mostly(['u1', 'u2', 'u3'], ['', ' ']),
  otherUser: mostly(['u1', 'u2', 'u3'], ['']),
  role: mostly(['social_worker', 'benefit_officer'], ['boss']),
  month: mostly(['2025-02', '2025-03', '2025-04', '2025-05'], ['2025-13', '2025-3', '']),
  // Relative to the action's own Stockholm date.
  dayOffset: fc.integer({ min: -20, max: 25 }),
  badDate: mostly([false], [true]),
  amount: mostly([1, 450, 6500, 12_000], [0, -100, 12.5, Number.NaN]),
  text: mostly(['Ett skäl', 'Hyra och el', 'Genomgång gjord'], ['', '  ']),
  optionalText: fc.constantFrom(undefined, 'Klienten sjuk', ''),
  channel: mostly(['phone', 'visit', 'e_service', 'referral'], ['fax']),
  kind: mostly(['initial', 'continued'], ['urgent']),
  outcome: mostly(['granted', 'partly_granted', 'refused'], ['maybe']),
  closureReason: mostly(CLOSURE_REASONS, ['bored', undefined]),
  unit: mostly(['unit-a', 'unit-b'], ['']),
  district: mostly(['d-1', 'd-2'], ['']),
  group: mostly([null, undefined, 'g-1'], ['']),
  // Half of the actions take their month or officer from the case, as a user would, so that
  // histories get deep enough to pay money and hand cases over.
  guided: fc.boolean(),
  pick: fc.nat({ max: 9 }),
});
type SeedsOf = typeof seedsArb extends fc.Arbitrary<infer T> ? T : never;

// Weighted towards the money trail, which needs several actions in a row to get anywhere, and
// away from closing, after which most actions are refused.
const TYPE_WEIGHTS: Record<CaseActionType, number> = {
  opened: 1,
  first_contact_recorded: 2,
  first_visit_booked: 3,
  first_visit_held: 3,
  application_received: 5,
  investigation_started: 2,
  decision_recorded: 5,
  payment_registered: 5,
  officer_assigned: 3,
  officer_unassigned: 2,
  handed_over: 3,
  transferred: 2,
  closed: 1,
  reopened: 3,
  corrected: 5,
};
const typeArb = fc.oneof(
  ...CASE_ACTION_TYPES.map((type) => ({
    weight: TYPE_WEIGHTS[type],
    arbitrary: fc.constant(type),
  })),
);

const stepArb = fc.record({
  type: typeArb,
  minutes: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 600 }) },
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 4 * 24 * 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: -600, max: -1 }) },
  ),
  badInstant: mostly([false], [true]),
  by: mostly(['u1', 'u2', 'u-reception'], ['']),
  seeds: seedsArb,
  correction: fc.record({
    target: fc.nat({ max: 60 }),
    mode: fc.constantFrom('same', 'same', 'same', 'same_as_now', 'void', 'other_type', 'missing'),
    seeds: seedsArb,
  }),
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

const VALID_OPENING: SeedsOf = {
  user: 'u1',
  otherUser: 'u2',
  role: 'social_worker',
  month: '2025-03',
  dayOffset: 0,
  badDate: false,
  amount: 450,
  text: 'Ett skäl',
  optionalText: undefined,
  channel: 'phone',
  kind: 'initial',
  outcome: 'granted',
  closureReason: 'work',
  unit: 'unit-a',
  district: 'd-1',
  group: 'g-1',
  guided: false,
  pick: 0,
};

const historyArb = fc.array(stepArb, { minLength: 1, maxLength: 60, size: 'max' }).map((steps) =>
  // Every history starts with a valid opening, so that it gets somewhere, and tries a second
  // opening, which must be refused. Generated openings of a new case: `rawHistoryArb`.
  steps.map((step, index) => {
    if (index === 0) {
      return {
        ...step,
        type: 'opened' as const,
        badInstant: false,
        by: 'u1',
        seeds: VALID_OPENING,
      };
    }
    return index === 1 ? { ...step, type: 'opened' as const } : step;
  }),
);
const rawHistoryArb = fc.array(stepArb, { maxLength: 10 });

const FAST_CHECK_LIMIT_MS = 60_000;
const TEST_TIMEOUT = FAST_CHECK_LIMIT_MS + 30_000;

const START = Date.parse('2025-03-01T07:00:00Z');

/** Builds a body of `type` from the seeds; correction targets are read from the state. */
function bodyOf(type: CaseActionType, seeds: SeedsOf, at: string): ActionBody {
  const date = seeds.badDate ? '2025-02-30' : oracleAddDays(stockholmDate(at), seeds.dayOffset);
  // The generated values are deliberately outside the types at times: that is the point.
  const loose = (body: Record<string, unknown>) => ({ type, ...body }) as unknown as ActionBody;
  switch (type) {
    case 'opened':
      return loose({
        districtId: seeds.district,
        unitId: seeds.unit,
        groupId: seeds.group,
        channel: seeds.channel,
      });
    case 'first_contact_recorded':
      return loose({ channel: seeds.channel, summary: seeds.text });
    case 'first_visit_booked':
      return loose({ date, lateReason: seeds.optionalText });
    case 'first_visit_held':
      return loose({ date });
    case 'application_received':
      return loose({ month: seeds.month, kind: seeds.kind });
    case 'investigation_started':
      return loose({});
    case 'decision_recorded':
      return loose({ month: seeds.month, outcome: seeds.outcome });
    case 'payment_registered':
      return loose({ month: seeds.month, amount: seeds.amount });
    case 'officer_assigned':
    case 'officer_unassigned':
      return loose({ userId: seeds.user, role: seeds.role });
    case 'handed_over':
      return loose({
        fromUserId: seeds.user,
        toUserId: seeds.otherUser,
        role: seeds.role,
        review: seeds.text,
      });
    case 'transferred':
      return loose({ toUnitId: seeds.unit, toDistrictId: seeds.district, reason: seeds.text });
    case 'closed':
      return loose({ reason: seeds.closureReason, note: seeds.optionalText });
    case 'reopened':
      return loose({ reason: seeds.text });
    case 'corrected':
      return loose({ correctsSeq: 1, reason: seeds.text, replacement: null });
  }
}

function payloadOf(action: CorrectableCaseAction): CaseActionPayload {
  const { at: _at, by: _by, ...payload } = action;
  return payload;
}

function guide(type: CaseActionType, seeds: SeedsOf, state: CaseState | null): SeedsOf {
  if (!seeds.guided || !state) return seeds;
  const pick = <T>(items: readonly T[]): T | undefined =>
    items[seeds.pick % Math.max(1, items.length)];
  const officer = pick(state.officers);
  switch (type) {
    case 'decision_recorded':
      return { ...seeds, month: pick(state.pendingApplicationMonths) ?? seeds.month };
    case 'payment_registered': {
      const payable = state.decisions.filter((d) => d.outcome !== 'refused').map((d) => d.month);
      return { ...seeds, month: pick(payable) ?? seeds.month };
    }
    case 'officer_unassigned':
      return officer ? { ...seeds, user: officer.userId, role: officer.role } : seeds;
    case 'handed_over':
      return officer ? { ...seeds, user: officer.userId } : seeds;
    case 'first_visit_held':
      return { ...seeds, dayOffset: 0 };
    default:
      return seeds;
  }
}

function correctionOf(step: Step, state: CaseState | null, at: string): ActionBody {
  const version = state?.version ?? 0;
  const correctsSeq = step.correction.target % (version + 2);
  const target = state?.log[correctsSeq - 1]?.action;
  const targetType = target?.type ?? 'opened';
  let replacement: unknown;
  switch (step.correction.mode) {
    case 'void':
      replacement = null;
      break;
    case 'missing':
      replacement = undefined;
      break;
    case 'other_type':
      replacement = bodyOf(
        targetType === 'closed' ? 'reopened' : 'closed',
        step.correction.seeds,
        at,
      );
      break;
    case 'same_as_now': {
      const now = state?.effectiveActions.find((e) => e.seq === correctsSeq)?.action;
      replacement = now ? payloadOf(now) : null;
      break;
    }
    case 'same':
      replacement =
        targetType === 'corrected'
          ? null
          : bodyOf(targetType, guide(targetType, step.correction.seeds, state), at);
      break;
  }
  return { type: 'corrected', correctsSeq, reason: step.seeds.text, replacement } as ActionBody;
}

function actionOf(step: Step, state: CaseState | null, previousAt: number): CaseAction {
  const at = step.badInstant
    ? '2025-03-01'
    : new Date(previousAt + step.minutes * 60_000).toISOString();
  const validAt = step.badInstant ? new Date(previousAt).toISOString() : at;
  const body =
    step.type === 'corrected'
      ? correctionOf(step, state, validAt)
      : bodyOf(step.type, guide(step.type, step.seeds, state), validAt);
  return act(body, at, step.by);
}

/**
 * An action of `type` that the rules should accept whenever `allowedNextActions` lists the type,
 * built from what a user could see in the state: the "there is a payload" half of the rule.
 */
function witness(state: CaseState | null, type: CaseActionType, at: string): CaseAction {
  const fresh = 'u-witness';
  const officer = state?.officers[0];
  const unused = ['2030-01', '2030-02', '2030-03'].find(
    (m) => !state?.applications.some((a) => a.month === m),
  );
  const payable = state?.decisions.find((d) => d.outcome !== 'refused');
  const opening = state?.effectiveActions[0]?.action;
  const bodies: Record<CaseActionType, ActionBody> = {
    opened: {
      type: 'opened',
      districtId: 'd-1',
      unitId: 'unit-a',
      groupId: null,
      channel: 'phone',
    },
    first_contact_recorded: {
      type: 'first_contact_recorded',
      channel: 'visit',
      summary: 'Kontakt',
    },
    first_visit_booked: { type: 'first_visit_booked', date: stockholmDate(at), lateReason: 'Skäl' },
    first_visit_held: { type: 'first_visit_held', date: state?.openedDate ?? stockholmDate(at) },
    application_received: {
      type: 'application_received',
      month: unused ?? '2030-04',
      kind: 'initial',
    },
    investigation_started: { type: 'investigation_started' },
    decision_recorded: {
      type: 'decision_recorded',
      month: state?.pendingApplicationMonths[0] ?? '2025-03',
      outcome: 'granted',
    },
    payment_registered: {
      type: 'payment_registered',
      month: payable?.month ?? '2025-03',
      amount: 100,
    },
    officer_assigned: { type: 'officer_assigned', userId: fresh, role: 'social_worker' },
    officer_unassigned: {
      type: 'officer_unassigned',
      userId: officer?.userId ?? 'u1',
      role: officer?.role ?? 'social_worker',
    },
    handed_over: {
      type: 'handed_over',
      fromUserId: officer?.userId ?? 'u1',
      toUserId: fresh,
      role: 'benefit_officer',
      review: 'Genomgång',
    },
    transferred: {
      type: 'transferred',
      toUnitId: `${state?.unitId ?? 'unit'}-new`,
      toDistrictId: 'd-1',
      reason: 'Flytt',
    },
    closed: { type: 'closed', reason: 'work' },
    reopened: { type: 'reopened', reason: 'Ny ansökan' },
    corrected: {
      type: 'corrected',
      correctsSeq: 1,
      reason: 'Kontroll',
      replacement: opening ? payloadOf(opening) : null,
    },
  };
  return act(bodies[type], at, 'u-witness');
}

function checkInvariants(state: CaseState, accepted: readonly CaseActionRecord[]): void {
  // The version is the number of accepted actions, and the log is exactly those.
  expect(state.version, 'version = accepted actions').toBe(accepted.length);
  expect(state.log).toEqual(accepted);
  expect(state.log.map((r) => r.seq)).toEqual(accepted.map((_, i) => i + 1));
  expect(state.lastActionAt).toBe(accepted.at(-1)?.action.at);

  // Closed exactly when there is a closure, and a closure always has a valid reason.
  expect(state.status === 'closed', 'closed exactly with a closure').toBe(state.closure !== null);
  if (state.closure) {
    expect(CLOSURE_REASONS).toContain(state.closure.reason);
    if (state.closure.reason === 'other') {
      expect(state.closure.note?.trim(), 'closure note for "other"').toBeTruthy();
    }
  }

  // Applications: one per month; pending and decided split them; decisions only for applications.
  const applied = state.applications.map((a) => a.month);
  const decided = state.decisions.map((d) => d.month);
  expect(new Set(applied).size).toBe(applied.length);
  expect(new Set(decided).size).toBe(decided.length);
  for (const month of state.pendingApplicationMonths) {
    expect(decided, `pending ${month} has no decision`).not.toContain(month);
  }
  expect([...state.pendingApplicationMonths, ...decided].sort()).toEqual([...applied].sort());

  // Money only for granted months, in whole kronor.
  for (const payment of state.payments) {
    expect(Number.isSafeInteger(payment.amount) && payment.amount > 0, 'whole kronor').toBe(true);
    expect(
      state.decisions.find((d) => d.month === payment.month)?.outcome,
      `payment for ${payment.month} has a grant`,
    ).toMatch(/granted/);
  }

  // Officers: valid roles, each (user, role) at most once.
  const assignments = state.officers.map((o) => `${o.userId}/${o.role}`);
  expect(new Set(assignments).size, 'each officer once per role').toBe(assignments.length);
  for (const officer of state.officers) {
    expect(CASE_OFFICER_ROLES).toContain(officer.role);
    expect(officer.userId.trim()).not.toBe('');
  }

  // First visit: held only if booked; late exactly as defined, and then explained.
  const { firstVisit } = state;
  expect(firstVisit.deadline).toBe(oracleAddDays(state.openedDate, 14));
  if (firstVisit.heldDate !== null)
    expect(firstVisit.bookedDate, 'held after booked').not.toBeNull();
  const late =
    firstVisit.bookedDate !== null &&
    firstVisit.bookedAt !== null &&
    (firstVisit.bookedDate > firstVisit.deadline ||
      stockholmDate(firstVisit.bookedAt) > firstVisit.deadline);
  expect(firstVisit.late, 'first visit late as defined').toBe(late);
  if (late) expect(firstVisit.lateReason?.trim(), 'late visit has a reason').toBeTruthy();

  // Effective actions: opening first, in log order, never a correction.
  const effective = state.effectiveActions;
  expect(effective[0]?.action.type).toBe('opened');
  expect(effective.map((e) => e.seq)).toEqual(
    [...effective.map((e) => e.seq)].sort((a, b) => a - b),
  );
  for (const entry of effective)
    expect(state.log[entry.seq - 1]?.action.type).not.toBe('corrected');
  expect(state.reopenCount, 'reopenings counted').toBe(
    effective.filter((e) => e.action.type === 'reopened').length,
  );
}

function checkTransition(before: CaseState | null, action: CaseAction, after: CaseState): void {
  if (before?.status === 'closed') expect(['reopened', 'corrected']).toContain(action.type);
  if (action.type === 'officer_unassigned' || action.type === 'handed_over') {
    const userId = action.type === 'officer_unassigned' ? action.userId : action.fromUserId;
    const wasAssigned = before?.officers.some(
      (o) => o.userId === userId && (action.type === 'handed_over' || o.role === action.role),
    );
    expect(wasAssigned, `${action.type}: ${userId} was assigned`).toBe(true);
    if (action.type === 'handed_over')
      expect(
        after.officers.some((o) => o.userId === userId),
        'handed over and gone',
      ).toBe(false);
  }
  if (action.type === 'closed') expect(before?.status).toBe('open');
  if (action.type === 'reopened') expect(before?.status).toBe('closed');
}

/** For one state: every type is offered iff the witness is accepted; no refused type accepts a sample. */
function checkAllowedAgreesWithRules(state: CaseState | null, samples: readonly Step[]): void {
  const allowed = new Set(allowedNextActions(state));
  const last = state ? Date.parse(state.lastActionAt) : START;
  // "For any `at` not before the last action": the same instant and a month later.
  const instants = [
    new Date(last).toISOString(),
    new Date(last + 31 * 24 * 3_600_000).toISOString(),
  ];
  for (const type of CASE_ACTION_TYPES) {
    for (const at of instants) {
      const result = appendCaseAction(state, witness(state, type, at));
      if (result.ok !== allowed.has(type)) {
        const rules = result.ok ? 'accept' : `refuse (${result.code}: ${result.message})`;
        assert.fail(`${type} at ${at}: offered ${allowed.has(type)}, but the rules ${rules} it`);
      }
    }
    for (const sample of samples) {
      const action = actionOf(
        { ...sample, type, badInstant: false, minutes: Math.abs(sample.minutes) },
        state,
        last,
      );
      if (appendCaseAction(state, action).ok && !allowed.has(type)) {
        assert.fail(`${type} is not offered, but the rules accept ${JSON.stringify(action)}`);
      }
    }
  }
}

function run(steps: readonly Step[], onState?: (state: CaseState | null, step: Step) => void) {
  let state: CaseState | null = null;
  const accepted: CaseActionRecord[] = [];
  let previousAt = START;
  for (const step of steps) {
    onState?.(state, step);
    const action = actionOf(step, state, previousAt);
    const result = appendCaseAction(state, action);
    if (result.ok) {
      expect(result.record).toEqual({ seq: accepted.length + 1, action });
      checkTransition(state, action, result.state);
      accepted.push(result.record);
      state = result.state;
      checkInvariants(state, accepted);
      previousAt = Date.parse(state.lastActionAt);
    } else {
      expect(CASE_RULE_CODES).toContain(result.code);
      expect(result.message.trim()).not.toBe('');
    }
  }
  return { state, accepted };
}

// A passing run takes a few seconds; shrinking a failure of 60-step histories can take minutes.
// fast-check stops first and reports the smallest failure found so far, rather than Vitest
// timing out with no counterexample. An interrupted passing run fails too, never passes quietly.
const LIMITS = { interruptAfterTimeLimit: FAST_CHECK_LIMIT_MS, markInterruptAsFailure: true };

describe('generated case histories', () => {
  it('never reach an impossible state', { timeout: TEST_TIMEOUT }, () => {
    fc.assert(
      fc.property(historyArb, (steps) => {
        run(steps);
      }),
      { ...LIMITS, numRuns: 300 },
    );
  });

  it('fold from scratch to the state built one action at a time', { timeout: TEST_TIMEOUT }, () => {
    fc.assert(
      fc.property(historyArb, (steps) => {
        const { state, accepted } = run(steps);
        if (state) expect(foldCase(accepted)).toEqual(state);
        else expect(() => foldCase(accepted)).toThrow();
      }),
      { ...LIMITS, numRuns: 200 },
    );
  });

  it(
    'read as if every correction had been recorded right the first time',
    { timeout: TEST_TIMEOUT },
    () => {
      const facts = ({
        lastActionAt: _l,
        version: _v,
        effectiveActions: _e,
        log: _g,
        ...rest
      }: CaseState) => rest;
      fc.assert(
        fc.property(historyArb, (steps) => {
          const { state } = run(steps);
          if (!state) return;
          const rightFirstTime = state.effectiveActions.map((e, i) => ({
            seq: i + 1,
            action: e.action,
          }));
          expect(facts(foldCase(rightFirstTime))).toEqual(facts(state));
        }),
        { ...LIMITS, numRuns: 200 },
      );
    },
  );

  it('offer next exactly the action types the rules can accept', { timeout: TEST_TIMEOUT }, () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.array(stepArb, { minLength: 1, maxLength: 3 }),
        (steps, samples) => {
          run(steps, (state, step) => {
            checkAllowedAgreesWithRules(state, [step, ...samples]);
          });
        },
      ),
      { ...LIMITS, numRuns: 100 },
    );
  });

  it('accept nothing but a valid opening on a case not yet opened', () => {
    fc.assert(
      fc.property(rawHistoryArb, (steps) => {
        for (const step of steps) {
          const action = actionOf(step, null, START);
          const result = appendCaseAction(null, action);
          if (!result.ok) continue;
          expect(action.type).toBe('opened');
          checkInvariants(result.state, [result.record]);
        }
      }),
    );
  });
});
